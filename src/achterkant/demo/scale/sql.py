# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""SQL fragments the loaders share."""

QUESTIONS = [
    ("Paspoort", "Hoe lang duurt het aanvragen van een paspoort?"),
    ("Afval", "Mijn container is niet geleegd."),
    ("Parkeren", "Hoe vraag ik een parkeervergunning aan?"),
    ("Verhuizing", "Ik ga verhuizen, wat moet ik regelen?"),
    ("Status zaak", "Wat is de stand van mijn aanvraag?"),
    ("Belasting", "Ik heb een vraag over mijn aanslag."),
    ("Openbare ruimte", "Er ligt een losse stoeptegel voor mijn deur."),
    ("Bijstand", "Kom ik in aanmerking voor bijzondere bijstand?"),
]  # fmt: skip


def sql_array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def bsn_check_sql(prefix: str) -> str:
    """The 11-proef check digit of an 8-digit prefix (10 means: not a valid BSN)."""
    terms = " + ".join(
        f"{9 - position} * (({prefix} / {10 ** (7 - position)}) % 10)" for position in range(8)
    )
    return f"(({terms}) % 11)"
