"""Administration of time: deadline rules, the working-day calendar (year view, uploaded schedules)."""
