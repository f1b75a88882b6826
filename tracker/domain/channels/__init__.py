"""Outside channels for reminders: email (SMTP, or a log file for the demo) and SMS (HTTP gateway or log)."""


class ChannelError(Exception):
    """A channel could not take a message now; the reminder stays pending and is tried again."""


class Refused(ChannelError):
    """The channel works but will never take this one message (a refused address): skip it."""
