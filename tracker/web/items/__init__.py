"""Suggestions in the browser: desk, lists, the item page, drafts and the generic action form."""
