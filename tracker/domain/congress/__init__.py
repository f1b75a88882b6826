"""The congress itself: its sessions (会议), and what the administration pages change."""
