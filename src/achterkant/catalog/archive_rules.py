"""Which archive-procedure fields a result type's derivation needs (brondatumArchiefprocedure).

The start date of the archive term (brondatum) is derived from the case in one of nine
ways. Each way needs some of the fields (a date attribute, an object type, a register,
a process term) and leaves the others empty; the Catalogi API standard and the admin
check the same table here.
"""

from typing import Protocol

# derivation -> the fields it requires; every other field must stay empty.
# "end_date_known" is the one flag: it may be set except for the two derivations that
# know the end date by definition.
_REQUIRED = {
    "afgehandeld": set(),
    "ander_datumkenmerk": {"source_date_attribute", "source_date_object_type",
                           "source_date_registration"},
    "eigenschap": {"source_date_attribute"},
    "gerelateerde_zaak": set(),
    "hoofdzaak": set(),
    "ingangsdatum_besluit": set(),
    "termijn": {"source_date_process_term"},
    "vervaldatum_besluit": set(),
    "zaakobject": {"source_date_attribute", "source_date_object_type"},
}  # fmt: skip
_NO_END_DATE_KNOWN = {"afgehandeld", "termijn"}
# In the order the standard's fields are listed (datumkenmerk, einddatumBekend,
# objecttype, registratie, procestermijn): the first problem is reported first.
_FIELDS = (
    "source_date_attribute",
    "source_date_object_type",
    "source_date_registration",
    "source_date_process_term",
)
_LABEL = {
    "source_date_attribute": "het datumkenmerk",
    "source_date_object_type": "het objecttype",
    "source_date_registration": "de registratie",
    "source_date_process_term": "de procestermijn",
}


class ArchiveProcedure(Protocol):
    source_date_derivation: str
    source_date_attribute: str
    source_date_object_type: str
    source_date_registration: str
    source_date_process_term: str
    source_date_end_date_known: bool


def archive_procedure_problems(result_type: ArchiveProcedure) -> list[tuple[str, str, str]]:
    """``(field, code, Dutch message)`` per field that does not fit the derivation.

    ``code`` is the standard's: ``required`` or ``must-be-empty``.
    """
    derivation = result_type.source_date_derivation
    if derivation not in _REQUIRED:
        return []  # the field's own choices report an unknown derivation
    required = _REQUIRED[derivation]
    problems = []
    fields = list(_FIELDS)
    fields.insert(1, "source_date_end_date_known")
    for field in fields:
        value = getattr(result_type, field, "")
        if field == "source_date_end_date_known":
            if value and derivation in _NO_END_DATE_KNOWN:
                message = (f"Bij afleidingswijze '{derivation}' is de einddatum per definitie "
                           "bekend; laat dit leeg.")  # fmt: skip
                problems.append((field, "must-be-empty", message))
            continue
        filled = bool(str(value or "").strip())
        if field in required and not filled:
            problems.append(
                (field, "required", f"Vul {_LABEL[field]} in bij afleidingswijze '{derivation}'.")
            )
        elif field not in required and filled:
            problems.append(
                (field, "must-be-empty",
                 f"Laat {_LABEL[field]} leeg bij afleidingswijze '{derivation}'.")
            )  # fmt: skip
    return problems
