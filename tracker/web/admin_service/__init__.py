"""The administrator's service accounts (/admin/service-accounts): systems that use the JSON API."""
