"""A signed-in person's own profile page and password change, and the forced change after an admin's reset."""
