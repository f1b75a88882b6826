"""The sign-in log for administrators, a congress's second-step setting, an authenticator's reset."""
