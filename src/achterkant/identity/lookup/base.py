from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class PersonRecord:
    """A person as every source reports it. Address fields are empty under secrecy."""

    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    birth_date: date | None
    street: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    postcode: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    secret: bool = False

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def address_line(self) -> str:
        if self.secret or not self.street:
            return ""
        number = f"{self.house_number or ''}{self.house_number_addition}"
        return f"{self.street} {number}, {self.postcode} {self.city}".strip()


@dataclass(frozen=True)
class LookupContext:
    """Why and by whom a lookup is made; the BRP requires it in headers."""

    purpose: str  # x-doelbinding
    processing: str  # x-verwerking
    user: str  # x-gebruiker


class PersonLookupError(Exception):
    """The source could not answer."""


class LookupRejected(PersonLookupError):
    """The source refused the question (bad parameters, no authorisation)."""

    def __init__(self, message: str, *, invalid_params: list[dict] | None = None) -> None:
        super().__init__(message)
        self.invalid_params = invalid_params or []


class LookupUnavailable(PersonLookupError):
    """The source is down or timed out; try again later."""


def answers_per_purpose(lookup) -> bool:
    """Whether ``lookup`` must be asked again for another purpose (doelbinding).

    The BRP is told the purpose of every question and answers (and logs) per purpose, so a
    record asked for one purpose is not reused for another. The organisation's own register
    answers every purpose alike (``purpose_bound = False``): a record read earlier in the
    same request may serve. A source that does not say is asked again.
    """
    return getattr(lookup, "purpose_bound", True)


class PersonLookup(Protocol):
    def by_bsn(self, bsn: str, *, context: LookupContext) -> PersonRecord | None: ...

    def by_surname_and_birth_date(
        self, surname: str, birth_date: date, *, context: LookupContext
    ) -> list[PersonRecord]: ...

    def by_postcode_and_house_number(
        self,
        postcode: str,
        house_number: int,
        *,
        house_number_addition: str = "",
        context: LookupContext,
    ) -> list[PersonRecord]: ...

    def by_email(self, email: str, *, context: LookupContext) -> PersonRecord | None:
        """The one person with this e-mail address (case-insensitive); None if none or several.

        Two people sharing an address is not a match: nobody may be linked by guesswork.
        A source that holds no e-mail addresses (the BRP) always answers None.
        """
        ...


@dataclass(frozen=True)
class CompanyRecord:
    kvk_number: str
    name: str
    branch_number: str = ""
    rsin: str = ""
    address_line: str = ""
    email: str = ""
    phone: str = ""


class CompanyLookup(Protocol):
    def by_kvk_number(self, kvk_number: str) -> CompanyRecord | None: ...

    def by_name(self, name: str) -> list[CompanyRecord]: ...
