"""The public pages, open without signing in: replies disclosed as 主动公开 and one item each."""
