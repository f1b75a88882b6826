"""Demo data for 城东区 and the scripted paths that replay suggestion histories through the engine."""
