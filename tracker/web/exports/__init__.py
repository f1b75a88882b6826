"""Excel in and out: list exports, background jobs and their progress, legacy spreadsheet imports."""
