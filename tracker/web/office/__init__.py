"""Office and administrator pages: batch routing, printable assignment lists, congress sessions."""
