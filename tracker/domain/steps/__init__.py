"""The effects of the workflow's actions by stage: drafting, registration, handling, closing, merging."""
