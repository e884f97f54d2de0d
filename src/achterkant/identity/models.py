from django.core.validators import RegexValidator
from django.db import models

from achterkant.identity.validators import validate_bsn
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
            models.Index(
                fields=["organisation", "surname", "birth_date"], name="person_name_birth"
            ),
            models.Index(
                fields=["organisation", "postcode", "house_number"], name="person_address"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)
