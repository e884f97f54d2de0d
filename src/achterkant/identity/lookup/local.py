from datetime import date

from achterkant.identity.lookup.base import LookupContext, PersonRecord
from achterkant.identity.models import Person

MAX_RESULTS = 50
_FIELDS = [
    "bsn", "given_names", "surname_prefix", "surname", "birth_date", "street", "house_number",
    "house_number_addition", "postcode", "city", "email", "phone", "secret",
]  # fmt: skip


def _record(row: dict) -> PersonRecord:
    if row["secret"]:
        row = {**row, "street": "", "house_number": None, "house_number_addition": "",
               "postcode": "", "city": ""}  # fmt: skip
    return PersonRecord(**row)


class LocalRegisterLookup:
    """The organisation's own person register (the ``Person`` table)."""

    def by_bsn(self, bsn: str, *, context: LookupContext) -> PersonRecord | None:
        row = Person.objects.filter(bsn=bsn).values(*_FIELDS).first()
        return _record(row) if row else None

    def by_surname_and_birth_date(
        self, surname: str, birth_date: date, *, context: LookupContext
    ) -> list[PersonRecord]:
        rows = Person.objects.filter(surname__iexact=surname.strip(), birth_date=birth_date)
        return [_record(r) for r in rows.order_by("surname", "bsn").values(*_FIELDS)[:MAX_RESULTS]]

    def by_postcode_and_house_number(
        self,
        postcode: str,
        house_number: int,
        *,
        house_number_addition: str = "",
        context: LookupContext,
    ) -> list[PersonRecord]:
        rows = Person.objects.filter(
            postcode=postcode.replace(" ", "").upper(), house_number=house_number
        )
        if house_number_addition:
            rows = rows.filter(house_number_addition__iexact=house_number_addition.strip())
        return [_record(r) for r in rows.order_by("surname", "bsn").values(*_FIELDS)[:MAX_RESULTS]]
