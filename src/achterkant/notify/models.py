from django.core.exceptions import ValidationError
from django.db import models

from achterkant.notify.events import message_event
from achterkant.notify.template_engine import (
    FORBIDDEN_TAGS,
    render_text,
    template_source_errors,
    tidy_subject,
)
from achterkant.tenancy.context import current_organisation
from achterkant.tenancy.models import TenantModel


class Status(models.TextChoices):
    PENDING = "pending", "wacht op verzending"
    SENDING = "sending", "wordt verzonden"
    SENT = "sent", "verzonden"
    FAILED = "failed", "mislukt"


class OutboxMessage(TenantModel):
    """A message to send, written in the same transaction as the change it reports.

    The worker delivers it. A rolled-back change leaves no message; a crashed
    worker leaves the row pending, and the next sweep retries it.
    """

    channel = models.CharField("kanaal", max_length=12, default="email")
    event_code = models.CharField("gebeurtenis", max_length=50)
    # Blank for a message that only goes to the berichtenbox (no e-mail address known).
    recipient = models.CharField("ontvanger", max_length=254, blank=True)
    bsn = models.CharField("BSN ontvanger", max_length=9, blank=True)
    subject = models.CharField("onderwerp", max_length=200)
    body = models.TextField("tekst")
    reference = models.CharField("kenmerk", max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    last_error = models.TextField("laatste fout", blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    next_attempt_at = models.DateTimeField("volgende poging", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("verzonden", null=True, blank=True)
    # Readable in the person's berichtenbox in Mijn gemeente (and then the e-mail is only a
    # notice). Off for an automatic reply to an e-mail: it repeats what the sender wrote,
    # and an e-mail's sender can be forged, so it does not belong in a trusted inbox.
    in_berichtenbox = models.BooleanField("in berichtenbox", default=True)
    # When the citizen first opened it in the berichtenbox.
    read_at = models.DateTimeField("gelezen", null=True, blank=True)
    # The e-mail's Message-ID, fixed when the message is queued and sent with every attempt,
    # so a resend after a crash is recognisable as the same e-mail (blank: not an e-mail).
    message_id = models.CharField("Message-ID", max_length=255, blank=True, editable=False)
    # Set just before each hand-over to the mail server. A stale claim with this set may
    # have been sent already: it is resent with the same Message-ID, never a new one.
    send_attempted_at = models.DateTimeField("laatste verzendpoging", null=True, blank=True)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [
            models.Index(fields=["organisation", "status", "-id"], name="outbox_org_status"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["organisation", "bsn", "-id"], name="outbox_bsn"),
            # The case page's messages (the case number is the reference), oldest first.
            models.Index(fields=["organisation", "reference", "id"], name="outbox_reference"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="outbox_message_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"

    @property
    def for_berichtenbox(self) -> bool:
        """A message to a person we know by BSN, readable in their berichtenbox."""
        return bool(self.bsn) and self.in_berichtenbox


class MessageTemplate(TenantModel):
    """An organisation's own text for one event, for all products or for one product.

    Without one, the event's built-in default (``notify.events``) is used. The most
    specific active template wins: this product's, then the organisation's general one,
    then the default (``notify.messages.render_message``).
    """

    # No choices on the field: the events are registered by the apps at start-up, so a
    # new event needs no migration here. ``clean`` and the admin form check the code.
    event_code = models.CharField("gebeurtenis", max_length=50)
    product_code = models.SlugField(
        "productcode",
        max_length=50,
        blank=True,
        help_text="De code van één product uit de productencatalogus, zoals 'melding'. "
        "Laat leeg om dit sjabloon voor alle producten te gebruiken.",
    )
    subject = models.CharField(
        "onderwerp",
        max_length=300,
        help_text="Eén regel; mag gegevens bevatten, zoals {{ case_number }}. "
        "Na het invullen wordt het onderwerp afgekapt op 200 tekens.",
    )
    body = models.TextField(
        "tekst",
        max_length=10000,
        help_text="Platte tekst in Django-sjabloontaal, zoals {{ case_number }} of "
        "{% if expected_date %}…{% endif %}. Niet toegestaan: "
        + ", ".join(f"{{% {tag} %}}" for tag in FORBIDDEN_TAGS)
        + ". Een BSN staat nooit in een bericht.",
    )
    active = models.BooleanField(
        "actief", default=True, help_text="Een inactief sjabloon wordt niet gebruikt."
    )
    changed_at = models.DateTimeField("gewijzigd", auto_now=True)

    class Meta:
        verbose_name = "berichtsjabloon"
        verbose_name_plural = "berichtsjablonen"
        ordering = ["event_code", "product_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "event_code", "product_code"],
                name="messagetemplate_unique_event_product",
                violation_error_message="Er is al een sjabloon voor deze gebeurtenis en dit "
                "product. Pas dat sjabloon aan.",
            )
        ]

    def __str__(self) -> str:
        product = self.product_code or "alle producten"
        try:
            event = f"{message_event(self.event_code).label} ({self.event_code})"
        except LookupError:
            event = self.event_code
        return f"{event} — {product}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        event = None
        if self.event_code:  # a blank one is reported by the field itself
            try:
                event = message_event(self.event_code)
            except LookupError:
                errors["event_code"] = [f"Onbekende gebeurtenis: {self.event_code!r}."]
        for field, label in (("subject", "Het onderwerp"), ("body", "De tekst")):
            problems = template_source_errors(getattr(self, field) or "", field_label=label)
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)
        if event is None:
            return
        # Fill in the example values once, so an error at render time shows up here.
        try:
            subject = tidy_subject(render_text(self.subject, event.example_context()))
        except Exception as error:
            raise ValidationError(
                {"subject": f"Het onderwerp kan niet worden ingevuld: {error}"}
            ) from error
        try:
            render_text(self.body, event.example_context())
        except Exception as error:
            raise ValidationError(
                {"body": f"De tekst kan niet worden ingevuld: {error}"}
            ) from error
        if self.subject and not subject:
            raise ValidationError(
                {"subject": "Het onderwerp is leeg na het invullen van de voorbeeldgegevens."}
            )

    def validate_constraints(self, exclude=None) -> None:
        # The organisation is not a form field: it is the active one, set on save. Fill it
        # in now, so the uniqueness check runs (in Dutch) instead of the database refusing.
        if self.organisation_id is None and current_organisation() is not None:
            self.organisation = current_organisation()
        exclude = set(exclude or ())
        if self.organisation_id is not None:
            exclude.discard("organisation")
        super().validate_constraints(exclude=exclude)


class DomainEvent(TenantModel):
    """Something happened to a case or a contact, written in the same transaction.

    Every service emits one as the last step of its use case, whatever the channel, so
    other systems (the coming Notificaties API) hear of each change once and only for
    committed changes. The fields follow the ZGW Notificaties message: ``channel`` is the
    kanaal (``zaken``, ``klantcontacten``), ``main_reference`` the hoofdObject (a case
    number), ``resource`` and ``action`` what changed, ``attributes`` the kenmerken.
    """

    channel = models.CharField("kanaal", max_length=50)
    resource = models.CharField("resource", max_length=50)
    action = models.CharField("actie", max_length=20)
    main_reference = models.CharField("hoofdobject", max_length=100)
    resource_reference = models.CharField("object", max_length=100, blank=True)
    attributes = models.JSONField("kenmerken", default=dict, blank=True)
    actor_label = models.CharField("door", max_length=200, blank=True)
    created_at = models.DateTimeField("tijdstip", auto_now_add=True)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "main_reference"], name="event_main"),
            models.Index(fields=["organisation", "created_at"], name="event_time"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}.{self.resource}.{self.action} {self.main_reference}"
