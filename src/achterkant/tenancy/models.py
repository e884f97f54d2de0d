import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from achterkant.tenancy.context import require_organisation
from achterkant.tenancy.hostnames import normalise_hostname
from achterkant.tenancy.inserts import insert_row, insert_rows
from achterkant.tenancy.validators import validate_rsin


class Organisation(models.Model):
    """A municipality (gemeente) or other government body: the tenant."""

    name = models.CharField("naam", max_length=200)
    rsin = models.CharField("RSIN", max_length=9, unique=True, validators=[validate_rsin])
    slug = models.SlugField(unique=True)
    # Replaced whenever a setting changes; processes cache settings per version
    # (tenancy.settings_cache).
    settings_version = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name


class Hostname(models.Model):
    """A host name that serves one organisation, e.g. ``mijn.voorbeeld.nl``.

    Stored normalised (``tenancy.hostnames``) and unique across all organisations, so
    no organisation can claim a spelling of another one's host name. Only the platform
    superuser assigns host names (see ``tenancy.admin``).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hostnames"
    )
    hostname = models.CharField(
        "hostnaam",
        max_length=253,
        unique=True,
        error_messages={"unique": "Deze hostnaam is al in gebruik."},
    )

    class Meta:
        verbose_name = "hostnaam"
        verbose_name_plural = "hostnamen"
        constraints = [
            # The database refuses a spelling that bypassed save(): the unique
            # constraint on ``hostname`` then holds for the normalised name.
            models.CheckConstraint(
                condition=models.Q(hostname=Lower("hostname"))
                & ~models.Q(hostname__endswith=".")
                & ~models.Q(hostname__contains=":")
                & ~models.Q(hostname=""),
                name="tenancy_hostname_normalised",
                violation_error_message="Deze hostnaam is niet in de vaste schrijfwijze.",
            ),
        ]

    def __str__(self) -> str:
        return self.hostname

    def save(self, *args, **kwargs) -> None:
        # Also for code that does not call full_clean() (the seed, the shell).
        self.hostname = normalise_hostname(self.hostname)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            self.hostname = normalise_hostname(self.hostname)
        except ValidationError as error:
            raise ValidationError({"hostname": error.messages}) from error


class TenantQuerySet(models.QuerySet):
    def _insert(self, objs, fields, returning_fields=None, raw=False, using=None,
                on_conflict=None, update_fields=None, unique_fields=None) -> list:  # fmt: skip
        # A bulk_create's batch, with its SQL built once per process (``tenancy.inserts``).
        rows = None
        if on_conflict is None:
            rows = insert_rows(self.model, objs, using or self.db, fields, returning_fields, raw)
        if rows is None:
            rows = super()._insert(
                objs, fields, returning_fields=returning_fields, raw=raw, using=using,
                on_conflict=on_conflict, update_fields=update_fields,
                unique_fields=unique_fields,
            )  # fmt: skip
        return rows


class TenantManager(models.Manager):
    """Default manager of every tenant-owned model: only the active organisation's rows.

    It fails closed: querying with no organisation active raises, instead of
    silently returning every tenant's data.
    """

    def get_queryset(self) -> TenantQuerySet:
        return TenantQuerySet(self.model, using=self._db).filter(
            organisation=require_organisation()
        )

    # An insert reads no rows, so it needs no tenant filter: building one cost every
    # insert about a tenth of a millisecond, on every write path. It still fails closed:
    # ``TenantModel.save`` takes the active organisation, and ``bulk_create`` (which calls
    # no save) refuses to run with none active.
    def create(self, **kwargs) -> models.Model:
        return TenantQuerySet(self.model, using=self._db).create(**kwargs)

    def bulk_create(self, objs, *args, **kwargs) -> list[models.Model]:
        require_organisation()
        return TenantQuerySet(self.model, using=self._db).bulk_create(objs, *args, **kwargs)


class TenantModel(models.Model):
    """Base for every tenant-owned row."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = TenantManager()
    # For system work that spans tenants (the worker, migrations, the seed). Never in views.
    all_tenants = models.Manager()  # noqa: DJ012 - ruff takes a manager for a field

    class Meta:
        abstract = True
        base_manager_name = "all_tenants"

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id is None:
            self.organisation = require_organisation()
        super().save(*args, **kwargs)

    def _do_insert(self, manager, using, fields, returning_fields, raw) -> list:
        # The insert's SQL is built once per process (``tenancy.inserts``).
        return insert_row(self, manager, using, fields, returning_fields, raw)


class PublicIdModel(models.Model):
    """A row other systems address: a random UUID in its API URL, never the sequential pk.

    The pk stays the key inside the product (joins, keyset paging); the UUID is what the
    ZGW APIs show (``.../zaken/{uuid}``), so a URL reveals neither counts nor order.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    def validate_unique(self, exclude=None) -> None:
        # A fresh uuid4 does not collide; the unique index still guards it. Checking it in
        # full_clean() would cost every create a query.
        super().validate_unique(exclude={*(exclude or ()), "uuid"})
