"""The liaison-station log pages (有诉必应): deputies log opinions, the office sees them all."""
