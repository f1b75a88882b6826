"""Administration of a congress's people and organisation: users, successors, passwords, terms (/admin)."""
