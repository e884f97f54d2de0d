"""Notificaties API 1.0: kanalen, abonnementen and delivery of notifications."""
