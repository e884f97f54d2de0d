"""Applications that call the ZGW APIs, their client ids (with secret) and autorisaties.

An application belongs to one organisation. A client id is unique across the whole
installation: the token names only the client id, and the secret to verify it with must be
found before we know whether the token is genuine.
"""

import uuid

from django.db import models

from achterkant.tenancy.models import TenantModel


class Component(models.TextChoices):
    AC = "ac", "Autorisatiecomponent"
    NRC = "nrc", "Notificatierouteringcomponent"
    ZRC = "zrc", "Zaakregistratiecomponent"
    ZTC = "ztc", "Zaaktypecatalogus"
    DRC = "drc", "Documentregistratiecomponent"
    BRC = "brc", "Besluitregistratiecomponent"


class Confidentiality(models.TextChoices):
    """Vertrouwelijkheidaanduiding, from least to most confidential."""

    OPENBAAR = "openbaar", "Openbaar"
    BEPERKT_OPENBAAR = "beperkt_openbaar", "Beperkt openbaar"
    INTERN = "intern", "Intern"
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", "Zaakvertrouwelijk"
    VERTROUWELIJK = "vertrouwelijk", "Vertrouwelijk"
    CONFIDENTIEEL = "confidentieel", "Confidentieel"
    GEHEIM = "geheim", "Geheim"
    ZEER_GEHEIM = "zeer_geheim", "Zeer geheim"


class Application(TenantModel):
    """Applicatie: another system (e-forms, KISS, a document system) that uses the API."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField("naam", max_length=100)
    all_authorisations = models.BooleanField(
        "heeft alle autorisaties",
        default=False,
        help_text="Alleen voor een koppeling die u helemaal vertrouwt.",
    )
    # The client ids, in the order given: a copy of the credentials' client_id, kept by the
    # services and the admin, so that a list or detail needs no extra query for them.
    client_ids = models.JSONField("client-ids", default=list, editable=False)

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = "API-koppeling"
        verbose_name_plural = "API-koppelingen"
        indexes = [models.Index(fields=["organisation", "label"], name="autorisaties_app_org")]

    def __str__(self) -> str:
        return self.label


class ClientCredential(TenantModel):
    """One client id of an application, with the secret its tokens are signed with.

    The secret is stored as given, not hashed: HS256 verification needs the secret itself
    (docs/api.md explains why and how it is protected). An empty secret verifies nothing.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="credentials"
    )
    client_id = models.CharField(
        "client-id",
        max_length=50,
        unique=True,
        error_messages={"unique": "Deze client-id is al in gebruik."},
    )
    secret = models.CharField("secret", max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "client-id"
        verbose_name_plural = "client-ids"

    def __str__(self) -> str:
        return self.client_id


class Authorisation(TenantModel):
    """Autorisatie: scopes on one component, for one case, document or decision type."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="authorisations"
    )
    component = models.CharField("component", max_length=3, choices=Component.choices)
    scopes = models.JSONField("scopes", default=list)
    # URLs, as the standard names them: the Catalogi API serves them.
    zaaktype = models.CharField("zaaktype", max_length=1000, blank=True)
    informatieobjecttype = models.CharField("informatieobjecttype", max_length=1000, blank=True)
    besluittype = models.CharField("besluittype", max_length=1000, blank=True)
    max_vertrouwelijkheidaanduiding = models.CharField(
        "maximale vertrouwelijkheidaanduiding",
        max_length=20,
        choices=Confidentiality.choices,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "autorisatie"
        verbose_name_plural = "autorisaties"

    def __str__(self) -> str:
        return f"{self.component}: {', '.join(self.scopes)}"
