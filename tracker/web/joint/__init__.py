"""Joint suggestions (联名建议): the co-signers page and the invitation panels."""
