"""Accounts without a password: activation, sign-in and password reset by one-time code, throttled."""
