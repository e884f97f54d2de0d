"""Autorisaties API 1.0: applications, their client ids and secrets, and their autorisaties."""
