"""A person's own account: profile, password, and the one-time codes that activate, sign in and reset."""
