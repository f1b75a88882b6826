"""The supervisors' figures (DOMAIN §10), their rollups, the dashboard panels and the yearly report."""
