"""Jobs: the loops that commit, batch after batch, over the domain's operations (which only flush).

A layer above tracker.domain and below tracker.web and workers: the reminder planner's and the
delivery's passes, and a spreadsheet import run as one job. Celery tasks and pages call these.
"""
