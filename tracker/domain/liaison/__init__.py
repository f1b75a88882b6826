"""The liaison-station log (有诉必应, DOMAIN §9): operations, follow-ups and read models."""
