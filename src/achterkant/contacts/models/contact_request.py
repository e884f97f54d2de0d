from django.conf import settings
from django.db import models

from achterkant.catalog.models import Product
from achterkant.contacts.models.contact import Contact
from achterkant.routing.models import Team
from achterkant.routing.sla import SlaState, Urgency
from achterkant.tenancy.models import TenantModel


class ContactRequest(TenantModel):
    """Contactverzoek / interne taak: someone must call back or act, by a due time."""

    class Status(models.TextChoices):
        TODO = "todo", "te doen"
        DONE = "done", "afgehandeld"

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="contact_requests", null=True, blank=True
    )
    bsn = models.CharField("BSN", max_length=9, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    name = models.CharField("naam", max_length=200)
    phone = models.CharField("telefoonnummer", max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True)
    question = models.TextField("vraag")
    # When they prefer to be called: a day, a window, or both (contacts.preferred_moment).
    preferred_date = models.DateField("voorkeursdag", null=True, blank=True)
    preferred_from = models.TimeField("bereikbaar vanaf", null=True, blank=True)
    preferred_until = models.TimeField("bereikbaar tot", null=True, blank=True)
    # A preference written as free text before there were fields for it (migration 0007).
    preferred_note = models.CharField("voorkeur moment (tekst)", max_length=100, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_requests"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="contact_requests", verbose_name="medewerker",
    )  # fmt: skip
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.TODO)
    # Computed from the product's service norm in working time; never typed in.
    due_at = models.DateTimeField("uiterlijk")
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    closed_at = models.DateTimeField("afgehandeld op", null=True, blank=True)
    # Where the request stands against its due time; the sweep reads only rows that are due.
    sla_state = models.CharField(
        "servicenorm", max_length=10, choices=SlaState.choices, default=SlaState.ON_TIME
    )
    sla_next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    urgency = models.PositiveSmallIntegerField(
        "urgentie", choices=Urgency.choices, default=Urgency.NORMAL
    )

    class Meta:
        verbose_name = "contactverzoek"
        verbose_name_plural = "contactverzoeken"
        indexes = [
            models.Index(fields=["organisation", "team", "status", "due_at"], name="cr_team_queue"),
            models.Index(fields=["organisation", "bsn", "status"], name="cr_bsn"),
            models.Index(fields=["sla_next_check_at"], name="cr_sla_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(team__isnull=True, assignee__isnull=True),
                name="contact_request_has_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_from__isnull=True, preferred_until__isnull=True)
                | models.Q(preferred_from__lt=models.F("preferred_until")),
                name="contact_request_preferred_window",
            ),
        ]

    def __str__(self) -> str:
        return f"Contactverzoek {self.name}: {self.question[:40]}"


class ContactRequestAttempt(TenantModel):
    """One try to handle a contact request, e.g. 'niet bereikt'."""

    class Result(models.TextChoices):
        NOT_REACHED = "not_reached", "niet bereikt"
        HANDLED = "handled", "afgehandeld"
        NOTE = "note", "notitie"

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField("resultaat", max_length=12, choices=Result.choices)
    note = models.TextField("toelichting", blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_result_display()} ({self.at:%d-%m %H:%M})"
