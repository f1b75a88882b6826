"""Pages of the handling units: the inbox of assigned items with their deadlines."""
