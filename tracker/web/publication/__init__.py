"""The office's side of the published yearly report: publish (with confirmation) and withdraw."""
