class CaseError(Exception):
    """A case rule was broken. The message is Dutch and safe to show to staff."""
