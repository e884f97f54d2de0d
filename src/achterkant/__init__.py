"""Achterkant: one backoffice for every channel of government service delivery."""
