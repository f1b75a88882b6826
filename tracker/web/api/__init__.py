"""The JSON API: the same engine calls as the forms, for scripts and the browser's fetch()."""
