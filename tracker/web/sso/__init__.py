"""Single sign-on pages: OpenID Connect sign-in beside passwords, linking, and its administration."""
