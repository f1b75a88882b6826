"""Writing drafts before the workflow takes them: drafts, attachments, diffs and the file sweep."""
