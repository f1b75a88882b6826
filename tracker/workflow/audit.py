"""Audit actions outside the suggestion table: drafting, files, sessions, reports, imports, settings.

The table's own actions (tracker.workflow.Action) and the liaison opinion's (OpinionAction) are
audited under their own names; together the three enums name every audit row, none is a bare string.
"""

from __future__ import annotations

import enum

from tracker.workflow.i18n import N_


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
    EDIT_DEADLINE_RULE = "edit_deadline_rule"  # a congress's own period for a rule
    RESET_DEADLINE_RULE = "reset_deadline_rule"  # back to the platform's rule
    ENTER_CALENDAR_YEAR = "enter_calendar_year"  # the national schedule (platform administrator)
    ADD_LOCAL_DAY = "add_local_day"  # a congress's own holiday or working day
    REMOVE_LOCAL_DAY = "remove_local_day"
    ADD_RETURN_REASON = "add_return_reason"  # a layer's standard return reason (its administrator)
    RETIRE_RETURN_REASON = "retire_return_reason"
    # A person's own account (tracker.domain.accounts): profile, password, one-time codes.
    EDIT_PROFILE = "edit_profile"
    CHANGE_PASSWORD = "change_password"
    SEND_LOGIN_CODE = "send_login_code"
    ACTIVATE_ACCOUNT = "activate_account"
    SIGN_IN_WITH_CODE = "sign_in_with_code"
    RESET_PASSWORD = "reset_password"
    ISSUE_RESET = "issue_reset"  # an administrator's one-time reset link for someone else
    # A person's own new mobile number (tracker.domain.accounts.phone_change): asked, refused, changed.
    REQUEST_PHONE_CHANGE = "request_phone_change"
    REFUSE_PHONE_CODE = "refuse_phone_code"
    CHANGE_PHONE = "change_phone"
    # The optional second factor (tracker.domain.accounts.second_factor).
    ENROL_SECOND_FACTOR = "enrol_second_factor"
    REMOVE_SECOND_FACTOR = "remove_second_factor"
    RESET_SECOND_FACTOR = "reset_second_factor"  # by an administrator, for someone who lost their phone
    REQUIRE_SECOND_FACTOR = "require_second_factor"  # a congress's setting, on or off
    # Single sign-on (tracker.domain.accounts.sso): a congress's providers, a person's link, a sign-in.
    SAVE_SSO_PROVIDER = "save_sso_provider"
    LINK_SSO = "link_sso"
    UNLINK_SSO = "unlink_sso"
    SIGN_IN_WITH_SSO = "sign_in_with_sso"
    END_LOGINS = "end_logins"  # a person's own other logins, or someone's by an administrator
    # API tokens (tracker.domain.accounts.tokens) and service accounts (tracker.domain.accounts.service).
    CREATE_API_TOKEN = "create_api_token"
    REVOKE_API_TOKEN = "revoke_api_token"
    CREATE_SERVICE_ACCOUNT = "create_service_account"
    DISABLE_SERVICE_ACCOUNT = "disable_service_account"
    # People and organisations of one congress (tracker.domain.people), by its administrator.
    CREATE_USER = "create_user"
    EDIT_USER = "edit_user"
    JOIN_USER = "join_user"  # someone's account of another congress placed in this one too
    DEACTIVATE_USER = "deactivate_user"
    SAVE_ORGANISATION = "save_organisation"  # a group, committee, category or unit made or changed
    DEACTIVATE_ORGANISATION = "deactivate_organisation"
    OPEN_TERM = "open_term"  # 换届: a new term, the deputies re-elected
    # One event per roster written (tracker.domain.roster), its counts in the data: not one per row.
    IMPORT_ROSTER = "import_roster"
    # The system's own (no actor, platform-wide): the nightly pruning of the sign-in log and old logins.
    PRUNE_SIGN_IN_RECORDS = "prune_sign_in_records"
    # Webhooks (tracker.domain.webhooks): a congress's endpoints, by its administrator.
    CREATE_WEBHOOK = "create_webhook"
    EDIT_WEBHOOK = "edit_webhook"
    ENABLE_WEBHOOK = "enable_webhook"  # switched on again after a day of failures switched it off
    REDELIVER_WEBHOOK = "redeliver_webhook"
    # A person's own notice centre and exports (tracker.domain.reminders.notices and .preferences,
    # tracker.domain.exchange.exports): one event per marking, per settings change, per export job
    # started and per short export sent at once (a signed-in person's; an anonymous one of the public
    # list has nobody to record).
    MARK_NOTICES_READ = "mark_notices_read"
    EDIT_NOTIFICATION_SETTINGS = "edit_notification_settings"
    START_EXPORT = "start_export"
    EXPORT_DOWNLOAD = "export_download"


# The account actions' labels (the suggestion history labels its own in tracker.web.labels).
ACCOUNT_ACTION_LABELS: dict[AuditAction, str] = {
    AuditAction.EDIT_PROFILE: N_("Profile changed"),
    AuditAction.CHANGE_PASSWORD: N_("Password changed"),
    AuditAction.SEND_LOGIN_CODE: N_("One-time code sent"),
    AuditAction.ACTIVATE_ACCOUNT: N_("Account activated"),
    AuditAction.SIGN_IN_WITH_CODE: N_("Signed in with a one-time code"),
    AuditAction.RESET_PASSWORD: N_("Password reset"),
    AuditAction.ISSUE_RESET: N_("Password reset issued by an administrator"),
    AuditAction.REQUEST_PHONE_CHANGE: N_("New mobile number awaiting its code"),
    AuditAction.REFUSE_PHONE_CODE: N_("Wrong code for a new mobile number"),
    AuditAction.CHANGE_PHONE: N_("Mobile number changed"),
    AuditAction.ENROL_SECOND_FACTOR: N_("Authenticator app set up"),
    AuditAction.REMOVE_SECOND_FACTOR: N_("Authenticator app removed"),
    AuditAction.RESET_SECOND_FACTOR: N_("Authenticator app reset by an administrator"),
    AuditAction.REQUIRE_SECOND_FACTOR: N_("Second sign-in step required or no longer required"),
    AuditAction.SAVE_SSO_PROVIDER: N_("Single sign-on provider saved"),
    AuditAction.LINK_SSO: N_("Single sign-on account linked"),
    AuditAction.UNLINK_SSO: N_("Single sign-on account unlinked"),
    AuditAction.SIGN_IN_WITH_SSO: N_("Signed in with single sign-on"),
    AuditAction.END_LOGINS: N_("Signed-in sessions ended"),
    AuditAction.CREATE_API_TOKEN: N_("API token created"),
    AuditAction.REVOKE_API_TOKEN: N_("API token revoked"),
}


# The people administration's labels (tracker.domain.people).
PEOPLE_ACTION_LABELS: dict[AuditAction, str] = {
    AuditAction.CREATE_USER: N_("User created"),
    AuditAction.EDIT_USER: N_("User changed"),
    AuditAction.JOIN_USER: N_("User added from another congress"),
    AuditAction.DEACTIVATE_USER: N_("User deactivated"),
    AuditAction.CREATE_SERVICE_ACCOUNT: N_("Service account created"),
    AuditAction.DISABLE_SERVICE_ACCOUNT: N_("Service account disabled"),
    AuditAction.SAVE_ORGANISATION: N_("Organisation saved"),
    AuditAction.DEACTIVATE_ORGANISATION: N_("Organisation deactivated"),
    AuditAction.OPEN_TERM: N_("New term opened"),
}
