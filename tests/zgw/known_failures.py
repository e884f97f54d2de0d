"""The assertions of the official suite that fail here, each with its reason.

``tests/zgw/test_conformance.py`` fails on a failure not listed here, and on a listed one
that no longer fails (so the list stays exact). A reason is either "not built yet" (what is
missing) or "the test is wrong" (and docs/api.md says why, against the standard's text).
Keys: (folder, request name, assertion name); the assertion is "" for a request that got
no answer or whose script threw.
"""

KNOWN_FAILURES: dict[tuple[str, str, str], str] = {}
