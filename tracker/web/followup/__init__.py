"""The follow-up review (回头看) of promises: the office's and supervisors' list, a unit's own."""
