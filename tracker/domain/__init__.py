"""The domain layer: the workflow engine and the operations of each area; no HTTP here."""
