"""Working days (China's calendar) and the deadline rows the workflow table opens and closes."""
