"""Printable documents: the assignment notice, the reply letter and the deputy's feedback form."""
