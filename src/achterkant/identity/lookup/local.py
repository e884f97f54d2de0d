from datetime import date

from achterkant.identity.lookup.base import CompanyRecord, LookupContext, PersonRecord
from achterkant.identity.models import Company, Person
from achterkant.tenancy.compiled import compiled_rows

MAX_RESULTS = 50
_FIELDS = [
    "bsn", "given_names", "surname_prefix", "surname", "birth_date", "street", "house_number",
    "house_number_addition", "postcode", "city", "email", "phone", "secret",
]  # fmt: skip


_BSN_STAND_INS = (("999993653",), ("999990019",))


def _person_by_bsn(bsn: str):
    return Person.objects.filter(bsn=bsn).values(*_FIELDS)[:1]


def _record(row: dict) -> PersonRecord:
    if row["secret"]:
        row = {**row, "street": "", "house_number": None, "house_number_addition": "",
               "postcode": "", "city": ""}  # fmt: skip
    return PersonRecord(**row)


class LocalRegisterLookup:
    """The organisation's own person register (the ``Person`` table)."""

    # The same row for every purpose: a record read earlier in a request may be reused
    # (``answers_per_purpose``); each use is still logged with its own purpose.
    purpose_bound = False

    def by_bsn(self, bsn: str, *, context: LookupContext) -> PersonRecord | None:
        # Every intake asks this (the message's address), so its SQL is compiled once per
        # process; a BSN is unique per organisation.
        rows = compiled_rows(
            "identity.person_by_bsn", Person, _person_by_bsn, (bsn,), stand_ins=_BSN_STAND_INS,
            named=True,
        )  # fmt: skip
        return _record(rows[0]) if rows else None

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

    def by_email(self, email: str, *, context: LookupContext) -> PersonRecord | None:
        email = email.strip()
        if not email:
            return None
        rows = list(Person.objects.filter(email__iexact=email).values(*_FIELDS)[:2])
        return _record(rows[0]) if len(rows) == 1 else None


def _company(company: Company) -> CompanyRecord:
    address = ""
    if company.street:
        number = company.house_number or ""
        address = f"{company.street} {number}, {company.postcode} {company.city}"
    return CompanyRecord(
        kvk_number=company.kvk_number,
        name=company.name,
        branch_number=company.branch_number,
        rsin=company.rsin,
        address_line=address.strip(),
        email=company.email,
        phone=company.phone,
    )


class LocalCompanyRegister:
    """The organisation's own register of businesses (the ``Company`` table)."""

    def by_kvk_number(self, kvk_number: str) -> CompanyRecord | None:
        company = Company.objects.filter(kvk_number=kvk_number).first()
        return _company(company) if company else None

    def by_name(self, name: str) -> list[CompanyRecord]:
        companies = Company.objects.filter(name__icontains=name.strip()).order_by("name")
        return [_company(c) for c in companies[:MAX_RESULTS]]
