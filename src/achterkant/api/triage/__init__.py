"""The Triage API: a product suggestion for a text in the citizen's own words (issue 18)."""
