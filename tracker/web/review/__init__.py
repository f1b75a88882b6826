"""Pre-review in the browser: the reviewers' queues, the review page and the version comparison."""
