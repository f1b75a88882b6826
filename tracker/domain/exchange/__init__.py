"""Exchange with spreadsheets: XLSX exports of the lists and imports of legacy ledgers."""
