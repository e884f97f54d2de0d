from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper

from achterkant.identity.validators import validate_bsn, validate_kvk_number
from achterkant.tenancy.models import TenantModel

validate_postcode = RegexValidator(
    r"^[1-9][0-9]{3}[A-Z]{2}$", "Vul een postcode in als 1234AB.", code="invalid_postcode"
)


class Person(TenantModel):
    """A natural person in the local register (natuurlijk persoon), keyed by BSN.

    Used where no BRP connection is configured, and for demo and test data.
    """

    bsn = models.CharField("BSN", max_length=9, validators=[validate_bsn])
    given_names = models.CharField("voornamen", max_length=200)
    surname_prefix = models.CharField("voorvoegsel", max_length=20, blank=True)
    surname = models.CharField("geslachtsnaam", max_length=200)
    birth_date = models.DateField("geboortedatum")
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.PositiveIntegerField("huisnummer", null=True, blank=True)
    house_number_addition = models.CharField("toevoeging", max_length=10, blank=True)
    postcode = models.CharField(
        "postcode", max_length=6, blank=True, validators=[validate_postcode]
    )
    city = models.CharField("woonplaats", max_length=100, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoonnummer", max_length=20, blank=True)
    # Geheimhouding persoonsgegevens (BRP): the address is never shown or shared.
    secret = models.BooleanField("geheimhouding", default=False)

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "bsn"], name="person_unique_bsn")
        ]
        indexes = [
            # Search by surname and birth date matches the surname case-insensitively
            # (``surname__iexact``: UPPER(surname) = UPPER(%s) on PostgreSQL), which a plain
            # index on the column cannot serve; this one indexes the same expression.
            models.Index(
                "organisation", Upper("surname"), "birth_date", name="person_upper_name_birth"
            ),
            models.Index(
                fields=["organisation", "postcode", "house_number"], name="person_address"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


class Company(TenantModel):
    """A business or other non-natural person in the local register, keyed by KvK number."""

    kvk_number = models.CharField("KvK-nummer", max_length=8, validators=[validate_kvk_number])
    branch_number = models.CharField("vestigingsnummer", max_length=12, blank=True)
    rsin = models.CharField("RSIN", max_length=9, blank=True)
    name = models.CharField("handelsnaam", max_length=200)
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.PositiveIntegerField("huisnummer", null=True, blank=True)
    postcode = models.CharField(
        "postcode", max_length=6, blank=True, validators=[validate_postcode]
    )
    city = models.CharField("plaats", max_length=100, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoonnummer", max_length=20, blank=True)

    class Meta:
        verbose_name = "bedrijf"
        verbose_name_plural = "bedrijven"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kvk_number"], name="company_unique_kvk"
            )
        ]
        indexes = [models.Index(fields=["organisation", "name"], name="company_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk_number})"
