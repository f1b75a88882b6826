"""Audit actions outside the suggestion table: drafting, files, sessions, reports, imports, settings.

The table's own actions (tracker.workflow.Action) and the liaison opinion's (OpinionAction) are
audited under their own names; together the three enums name every audit row, none is a bare string.
"""

from __future__ import annotations

import enum


class AuditAction(enum.StrEnum):
    CREATE_DRAFT = "create_draft"
    EDIT_DRAFT = "edit_draft"
    ADD_ATTACHMENT = "add_attachment"
    REMOVE_ATTACHMENT = "remove_attachment"
    MERGED_IN = "merged_in"  # written on the main item when another joins it
    IMPORT_LEGACY = "import_legacy"
    CREATE_SESSION = "create_session"
    UPDATE_SESSION = "update_session"
    PUBLISH_REPORT = "publish_report"
    WITHDRAW_REPORT = "withdraw_report"
    EDIT_REMINDER_LADDER = "edit_reminder_ladder"
    RESET_REMINDER_LADDER = "reset_reminder_ladder"
    EDIT_REMINDER_HOURS = "edit_reminder_hours"
    SEND_TEST_EMAIL = "send_test_email"
    FOUND_CONGRESS = "found_congress"  # a platform administrator (or `flask setup`) adds a congress
    EDIT_CONGRESS = "edit_congress"
    APPOINT_ADMINISTRATOR = "appoint_administrator"  # a congress's first (or next) administrator
    EDIT_DEADLINE_RULE = "edit_deadline_rule"
    ENTER_CALENDAR_YEAR = "enter_calendar_year"
    # One event per roster written (tracker.domain.roster), its counts in the data: not one per row.
    IMPORT_ROSTER = "import_roster"
