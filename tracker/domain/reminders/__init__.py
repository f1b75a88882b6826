"""Reminders and escalation (DOMAIN §8): the ladder, quiet hours, planning into the ledger, delivery.

`ladder` says which steps a kind of deadline has and who each reaches; `hours` when anything may go
out; `schedule` keeps each open deadline's next step in step with the deadline row; `plan` turns
steps whose moment has come into ledger rows; `deliver` sends ledger rows, exactly once in-app and at
least once (with a stable message id) by email and SMS; `admin` holds the administrator's writes,
`preferences` each person's own choice of digest and channels.
"""
