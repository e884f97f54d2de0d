"""The ZGW-compatible REST APIs: one package per standard, each a thin adapter (DESIGN.md)."""
