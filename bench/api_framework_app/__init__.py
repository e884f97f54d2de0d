"""Bench-only Django project: two API frameworks side by side over the same Zaken list.

Used by ``bench/api_framework.py`` (``make bench-api``); never imported by ``src/``.
"""
