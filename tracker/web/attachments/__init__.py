"""Attachments in the browser: the upload field both forms share, and the download route."""
