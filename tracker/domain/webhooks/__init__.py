"""Webhooks: events written in the transaction of the change they announce, the endpoints receiving them."""
