"""The least-privilege database role of a production install: the SQL `flask db-roles` prints or runs.

Migrations run as the owner of the tables; the web app and the workers connect as this role, which
may read and write the application's tables but only INSERT and SELECT the audit trail and its
seals. Not being the owner it cannot ALTER TABLE … DISABLE TRIGGER; not being a superuser it cannot
SET session_replication_role (which would silence the triggers) or bypass the grants.
"""

from __future__ import annotations

import re

APPEND_ONLY = ("audit_event", "audit_seal")
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def role_sql(app_role: str, owner: str, database: str) -> str:
    """The statements, to run as `owner` (the role that ran the migrations) in `database`."""
    for name in (app_role, owner, database):
        if not NAME.match(name):
            raise ValueError(f"not a plain lowercase SQL name: {name!r}")
    tables = ", ".join(APPEND_ONLY)
    return f"""-- The app's role: no superuser, no owner of anything, no replication, no row-security bypass.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app_role}') THEN
        CREATE ROLE {app_role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
END $$;
ALTER ROLE {app_role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app_role};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app_role};
-- Every table: read and write, never TRUNCATE, TRIGGER or REFERENCES.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role};
-- The audit trail and its seals: append and read only.
REVOKE UPDATE, DELETE ON {tables} FROM {app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_role};
-- Tables and sequences that later migrations (run as {owner}) create get the same grants;
-- a migration adding an append-only table revokes UPDATE and DELETE on it itself.
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_role};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO {app_role};
"""
