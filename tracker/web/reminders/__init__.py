"""The administrator's reminder pages: ladder and quiet hours, delivery health, test mail, per-item ledger."""
