"""The notice centre in the browser: the list, marking read, the header count and delivery settings."""
