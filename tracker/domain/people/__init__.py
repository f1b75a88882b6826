"""People and organisations of one congress: users, roles, places, successors, terms (issue 13)."""
