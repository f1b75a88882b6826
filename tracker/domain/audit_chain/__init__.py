"""The tamper-evident audit chain: `links` hashes, `sealing` appends seals, `checking` walks them,
`notices` tells a congress's administrators and supervisors the day's head (docs/SECURITY.md)."""
