from django.conf import settings
from django.db import models

from achterkant.catalog.models import CaseType, Channel, Confidentiality, Product, StatusType
from achterkant.routing.models import Team
from achterkant.routing.sla import SlaState, Urgency
from achterkant.tenancy.models import PublicIdModel, TenantModel


class CaseNumberCounter(TenantModel):
    """The last case number handed out per organisation and year."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="case_counter_unique")
        ]


class Case(TenantModel, PublicIdModel):
    """Zaak: one request of a citizen or business, handled under one case type version.

    Field names follow the Zaken API's ZAAK in English; the API layer maps them back.
    """

    class PaymentIndication(models.TextChoices):
        NOT_APPLICABLE = "nvt", "er is geen sprake van te betalen kosten"
        NOT_YET = "nog_niet", "nog niet betaald"
        PARTIAL = "gedeeltelijk", "gedeeltelijk betaald"
        FULL = "geheel", "geheel betaald"

    class ArchiveStatus(models.TextChoices):
        PENDING = "nog_te_archiveren", "nog te archiveren"
        ARCHIVED = "gearchiveerd", "gearchiveerd"
        ARCHIVED_TERM_UNKNOWN = "gearchiveerd_procestermijn_onbekend", "procestermijn onbekend"
        TRANSFERRED = "overgedragen", "overgedragen"

    number = models.CharField("zaaknummer (identificatie)", max_length=40, editable=False)
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, verbose_name="zaaktype")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, verbose_name="product"
    )
    description = models.CharField("omschrijving", max_length=80, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    responsible_organisation_rsin = models.CharField("verantwoordelijke organisatie", max_length=9)
    registered_on = models.DateField("registratiedatum")
    # Startdatum; for an application (aanvraag) this is the day of receipt (Awb 4:13).
    start_date = models.DateField("startdatum")
    end_date = models.DateField("einddatum", null=True, blank=True)
    planned_end_date = models.DateField("einddatum gepland", null=True, blank=True)
    # Computed by the Awb clock (never typed in) and stored so queues can sort on it.
    latest_end_date = models.DateField("uiterlijke einddatum afdoening", null=True, blank=True)
    publication_date = models.DateField("publicatiedatum", null=True, blank=True)
    channel = models.CharField("communicatiekanaal", max_length=10, choices=Channel.choices)
    products_or_services = models.JSONField("producten of diensten", default=list, blank=True)
    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices
    )
    payment_indication = models.CharField(
        "betalingsindicatie", max_length=12, choices=PaymentIndication.choices, blank=True
    )
    last_payment_date = models.DateTimeField("laatste betaaldatum", null=True, blank=True)
    selection_list_class = models.URLField("selectielijstklasse", blank=True)
    main_case = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_cases",
        verbose_name="hoofdzaak",
    )  # fmt: skip
    # Kenmerken: other systems' references, [{"kenmerk": "...", "bron": "..."}].
    references = models.JSONField("kenmerken", default=list, blank=True)
    archive_nomination = models.CharField("archiefnominatie", max_length=20, blank=True)
    archive_status = models.CharField(
        "archiefstatus", max_length=40, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING
    )
    archive_action_date = models.DateField("archiefactiedatum", null=True, blank=True)
    retention_start_date = models.DateField("startdatum bewaartermijn", null=True, blank=True)
    # ZGW fields a zaak carries that no screen edits (the Zaken API maps them).
    # Bronorganisatie: who registered it; empty for cases from before the API (then the
    # responsible organisation).
    source_organisation_rsin = models.CharField("bronorganisatie", max_length=9, blank=True)
    commissioning_organisation = models.CharField(
        "opdrachtgevende organisatie", max_length=9, blank=True
    )
    # The Referentielijsten communicatiekanaal a client named; ``channel`` stays ours.
    channel_url = models.URLField(
        "communicatiekanaal (referentielijst)", max_length=1000, blank=True
    )
    process_object_nature = models.CharField("procesobjectaard", max_length=200, blank=True)
    process_object = models.JSONField("procesobject", null=True, blank=True)
    # Zaakgeometrie as GeoJSON (WGS 84), plus its bounding box, filled on every write, so a
    # search by area narrows in SQL on an index before the exact test (api.zaken.geo).
    geometry = models.JSONField("zaakgeometrie", null=True, blank=True)
    geometry_min_x = models.FloatField(null=True, blank=True, editable=False)
    geometry_min_y = models.FloatField(null=True, blank=True, editable=False)
    geometry_max_x = models.FloatField(null=True, blank=True, editable=False)
    geometry_max_y = models.FloatField(null=True, blank=True, editable=False)
    # Denormalised from the initiator role, for the indexed "cases of this BSN" lookup.
    initiator_bsn = models.CharField("BSN initiator", max_length=9, blank=True)
    current_status = models.ForeignKey(
        "CaseStatus", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField("geregistreerd", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Who works on it: routed to a team by the routing rules, taken by or assigned to a member.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assigned_cases", verbose_name="behandelaar",
    )  # fmt: skip
    urgency = models.PositiveSmallIntegerField(
        "urgentie", choices=Urgency.choices, default=Urgency.NORMAL
    )
    # The service-norm target (from the case type's servicenorm) and where the case stands.
    sla_due_at = models.DateTimeField("servicenorm uiterlijk", null=True, blank=True)
    sla_state = models.CharField(
        "servicenorm", max_length=10, choices=SlaState.choices, default=SlaState.ON_TIME
    )
    # When the sweep must look again; the sweep only reads rows whose moment has come.
    sla_next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The earlier of the norm target and the legal deadline: what queues sort on.
    queue_due_at = models.DateTimeField("uiterlijk (wachtrij)", null=True, blank=True)

    class Meta:
        verbose_name = "zaak"
        verbose_name_plural = "zaken"
        permissions = [
            ("reopen_case", "Mag een afgesloten zaak heropenen"),
            ("force_update_case", "Mag een afgesloten zaak toch wijzigen"),
            ("assign_case", "Mag zaken toewijzen aan medewerkers"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="case_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="case_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "initiator_bsn", "-created_at"], name="case_bsn"),
            models.Index(fields=["organisation", "end_date", "latest_end_date"], name="case_open"),
            # Queues: open cases of a team or person in deadline order, keyset-paginated.
            # Partial on open cases, so the index order serves ORDER BY without a sort.
            models.Index(
                fields=["organisation", "team", "queue_due_at", "id"],
                condition=models.Q(end_date__isnull=True),
                name="case_team_queue",
            ),
            models.Index(
                fields=["organisation", "assignee", "queue_due_at", "id"],
                condition=models.Q(end_date__isnull=True),
                name="case_my_work",
            ),
            # Open work per staff member, as Mijn werk lists it and the team lead sees it
            # (queues.open_work_counts): counted from the index alone, not the table.
            models.Index(
                fields=["organisation", "assignee", "sla_state"],
                condition=models.Q(
                    end_date__isnull=True, assignee__isnull=False, queue_due_at__isnull=False
                ),
                name="case_workload",
            ),
            models.Index(fields=["sla_next_check_at"], name="case_sla_due"),
            # Zaken with a geometry, by bounding box (the API's zaakgeometrie__within).
            models.Index(
                fields=["organisation", "geometry_min_x", "geometry_max_x", "geometry_min_y"],
                condition=models.Q(geometry_min_x__isnull=False),
                name="case_geometry_bbox",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.end_date is not None


class CaseStatus(TenantModel, PublicIdModel):
    """One step in a case's status history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statuses")
    status_type = models.ForeignKey(StatusType, on_delete=models.PROTECT)
    set_at = models.DateTimeField("datum status gezet", auto_now_add=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField("statustoelichting", blank=True)
    # The worker chose to share the note: the applicant reads it with this status in Mijn
    # gemeente and in the status message (cases.party_case, services.lifecycle). Internal
    # by default, as every status set through the Zaken API is.
    shared_with_party = models.BooleanField("toelichting zichtbaar voor de inwoner", default=False)

    class Meta:
        verbose_name = "status"
        verbose_name_plural = "statussen"
        ordering = ["set_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.status_type}"


class CaseRelation(TenantModel):
    """Relevante andere zaak: a related case and the nature of the relation."""

    class Nature(models.TextChoices):
        FOLLOW_UP = "vervolg", "vervolg"
        SUBJECT = "onderwerp", "onderwerp"
        CONTRIBUTION = "bijdrage", "bijdrage"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    nature = models.CharField("aard relatie", max_length=10, choices=Nature.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="caserelation_unique")
        ]


class CaseEvent(TenantModel):
    """The case's audit trail and timeline: taken, assigned, notes, clock changes."""

    class Kind(models.TextChoices):
        TAKEN = "taken", "opgepakt"
        ASSIGNED = "assigned", "toegewezen"
        ROUTED = "routed", "gerouteerd"
        NOTE = "note", "notitie"
        INFO_REQUESTED = "info_requested", "informatie gevraagd"
        INFO_RECEIVED = "info_received", "informatie ontvangen"
        EXTENDED = "extended", "verlengd"
        ESCALATED = "escalated", "geëscaleerd"
        REOPENED = "reopened", "heropend"
        NOTICE_OF_DEFAULT = "default_notice", "ingebrekestelling ontvangen"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    # A note the worker chose to share: the applicant reads it in Mijn gemeente
    # (cases.party_case). Everything else in this trail stays internal.
    shared_with_party = models.BooleanField("zichtbaar voor de inwoner", default=False)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d-%m %H:%M})"
