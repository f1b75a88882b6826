"""The congress administrator's webhook pages (/admin/webhooks): endpoints, their delivery log, redelivery."""
