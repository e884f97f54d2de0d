from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from achterkant.tenancy.context import current_organisation
from achterkant.tenancy.models import TenantModel


class DecreeHoliday(models.Model):
    """A day designated by decree as equal to a public holiday (Atw art. 3(3)).

    National, so not tenant-owned: every organisation counts terms with the same days.
    The government designates such days for a few years at a time, typically the Friday
    after Ascension Day. Atw art. 3(1) and 3(2) days come from the ``holidays`` package.
    """

    date = models.DateField("datum", unique=True)
    name = models.CharField("omschrijving", max_length=200)
    decree_reference = models.CharField(
        "besluit",
        max_length=300,
        help_text="Bijvoorbeeld: Besluit van 12 juni 2025, Stb. 2025, 180.",
    )
    validity_note = models.CharField(
        "geldigheid",
        max_length=300,
        blank=True,
        help_text="Optioneel: voor welke periode het besluit dagen aanwijst.",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "bij besluit aangewezen feestdag"
        verbose_name_plural = "bij besluit aangewezen feestdagen"

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "maandag"
    TUESDAY = 1, "dinsdag"
    WEDNESDAY = 2, "woensdag"
    THURSDAY = 3, "donderdag"
    FRIDAY = 4, "vrijdag"
    SATURDAY = 5, "zaterdag"
    SUNDAY = 6, "zondag"


class OpeningHours(TenantModel):
    """When an organisation is open on one weekday; a weekday without a row is closed.

    Used to count service norms in working hours (e.g. "callback within 4 working hours").
    Public holidays are closed whatever this table says.
    """

    weekday = models.PositiveSmallIntegerField("dag", choices=Weekday.choices)
    opens = models.TimeField("open vanaf")
    closes = models.TimeField("open tot")

    class Meta:
        ordering = ["weekday"]
        verbose_name = "openingstijden"
        verbose_name_plural = "openingstijden"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "weekday"], name="openinghours_unique_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="openinghours_closes_after_opens",
                violation_error_message="De sluitingstijd moet na de openingstijd liggen.",
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6),
                name="openinghours_weekday_range",
                violation_error_message="Kies een dag van maandag tot en met zondag.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        # The organisation is not a form field, so the unique constraint is not checked by
        # the form; check it here to give a message instead of an IntegrityError.
        organisation = self.organisation if self.organisation_id else current_organisation()
        if organisation is None or self.weekday is None:
            return
        taken = OpeningHours.all_tenants.filter(organisation=organisation, weekday=self.weekday)
        if taken.exclude(pk=self.pk).exists():
            raise ValidationError({"weekday": "Voor deze dag zijn al openingstijden ingesteld."})
