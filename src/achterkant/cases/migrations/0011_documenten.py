"""Documenten API 1.5: informatieobjecten with versions, and their links (issue 15).

Every existing document gets its first version (``DocumentVersion`` 1) and, when it hangs
from a case, its zaakinformatieobject (``CaseDocument``) with the document's own uuid, so
the Zaken API URLs of existing zaakinformatieobjecten stay the same. Documents without a
staff uploader came from the applicant or by e-mail: their ``origin`` is ``party``. Their
indicatieGebruiksrecht is false (no restriction beyond consultation).
"""

import uuid

import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import achterkant.cases.models.documents
import achterkant.cases.models.parts

# The API attributes kept per version, as cases.services.informationobjects.snapshot().
_SNAPSHOT = (
    "identification",
    "source_organisation",
    "created_on",
    "title",
    "confidentiality",
    "author",
    "status",
    "content_type",
    "language",
    "file_name",
    "link",
    "description",
    "received_on",
    "sent_on",
    "usage_rights",
    "appearance",
    "signature",
    "integrity",
    "keywords",
    "content_expired",
    "document_type_id",
    "size",
)


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def backfill(apps, schema_editor):
    Document = apps.get_model("cases", "Document")
    DocumentVersion = apps.get_model("cases", "DocumentVersion")
    CaseDocument = apps.get_model("cases", "CaseDocument")
    Organisation = apps.get_model("tenancy", "Organisation")
    rsins = dict(Organisation.objects.values_list("pk", "rsin"))
    # The base managers: every tenant's rows, with no organisation active.
    for document in Document._base_manager.select_related("case").iterator(chunk_size=500):
        document.created_on = document.uploaded_at.date()
        document.registered_at = document.uploaded_at
        document.source_organisation = rsins.get(document.organisation_id, "")[:9]
        document.identification = f"DOCUMENT-{document.uuid.hex[:12].upper()}"
        document.origin = "party" if document.uploaded_by_id is None else "staff"
        # Added in the desk, the portal or by e-mail: no restriction beyond consultation
        # (as store_document sets it), so the case can still close (zrc-007q).
        document.usage_rights = False
        document.save(
            update_fields=[
                "created_on",
                "registered_at",
                "source_organisation",
                "identification",
                "origin",
                "usage_rights",
            ]
        )
        DocumentVersion._base_manager.create(
            organisation_id=document.organisation_id,
            document=document,
            number=1,
            fields={name: _json(getattr(document, name)) for name in _SNAPSHOT},
            file=document.file.name,
            file_name=document.file_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            registered_at=document.uploaded_at,
        )
        if document.case_id is not None:
            CaseDocument._base_manager.create(
                organisation_id=document.organisation_id,
                uuid=document.uuid,
                case_id=document.case_id,
                document=document,
                title=document.title,
                registered_at=document.uploaded_at,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_zaken_api_parts"),
        ("catalog", "0006_catalogue_zgw_rsin"),
        ("tenancy", "0004_organisation_settings_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("title", models.CharField(blank=True, max_length=200, verbose_name="titel")),
                (
                    "description",
                    models.CharField(blank=True, max_length=1000, verbose_name="beschrijving"),
                ),
                (
                    "relation",
                    models.CharField(
                        default="Hoort bij, omgekeerd: kent",
                        max_length=40,
                        verbose_name="aard relatie",
                    ),
                ),
                (
                    "registered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="registratiedatum"
                    ),
                ),
                (
                    "destruction_date",
                    models.DateTimeField(blank=True, null=True, verbose_name="vernietigingsdatum"),
                ),
                ("status_url", models.URLField(blank=True, max_length=1000, verbose_name="status")),
            ],
            options={
                "verbose_name": "document bij zaak",
                "verbose_name_plural": "documenten bij zaken",
                "ordering": ["registered_at", "pk"],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="DocumentDispatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("party_url", models.URLField(verbose_name="betrokkene")),
                (
                    "relation",
                    models.CharField(
                        choices=[("afzender", "afzender"), ("geadresseerde", "geadresseerde")],
                        max_length=20,
                        verbose_name="aard relatie",
                    ),
                ),
                (
                    "explanation",
                    models.CharField(blank=True, max_length=200, verbose_name="toelichting"),
                ),
                (
                    "received_on",
                    models.DateField(blank=True, null=True, verbose_name="ontvangstdatum"),
                ),
                ("sent_on", models.DateField(blank=True, null=True, verbose_name="verzenddatum")),
                ("contact_url", models.URLField(max_length=1000, verbose_name="contactpersoon")),
                (
                    "contact_name",
                    models.CharField(blank=True, max_length=40, verbose_name="contactpersoonnaam"),
                ),
                (
                    "domestic_address",
                    models.JSONField(
                        blank=True, null=True, verbose_name="binnenlands correspondentieadres"
                    ),
                ),
                (
                    "foreign_address",
                    models.JSONField(
                        blank=True, null=True, verbose_name="buitenlands correspondentieadres"
                    ),
                ),
                (
                    "postal_address",
                    models.JSONField(
                        blank=True, null=True, verbose_name="correspondentie postadres"
                    ),
                ),
                ("fax", models.CharField(blank=True, max_length=15, verbose_name="faxnummer")),
                ("email", models.CharField(blank=True, max_length=100, verbose_name="e-mailadres")),
                ("mijn_overheid", models.BooleanField(default=False, verbose_name="MijnOverheid")),
                (
                    "phone",
                    models.CharField(blank=True, max_length=15, verbose_name="telefoonnummer"),
                ),
            ],
            options={
                "verbose_name": "verzending",
                "verbose_name_plural": "verzendingen",
                "ordering": ["pk"],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="DocumentPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("number", models.PositiveIntegerField(verbose_name="volgnummer")),
                ("size", models.PositiveBigIntegerField(verbose_name="omvang")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        upload_to=achterkant.cases.models.documents.part_path,
                        verbose_name="inhoud",
                    ),
                ),
                ("lock", models.CharField(max_length=64, verbose_name="lock")),
            ],
            options={
                "verbose_name": "bestandsdeel",
                "verbose_name_plural": "bestandsdelen",
                "ordering": ["document", "number"],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="DocumentUsageRight",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("starts_at", models.DateTimeField(verbose_name="startdatum")),
                ("ends_at", models.DateTimeField(blank=True, null=True, verbose_name="einddatum")),
                ("conditions", models.TextField(verbose_name="omschrijving voorwaarden")),
            ],
            options={
                "verbose_name": "gebruiksrecht",
                "verbose_name_plural": "gebruiksrechten",
                "ordering": ["starts_at", "pk"],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="DocumentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="versie")),
                ("fields", models.JSONField(default=dict, verbose_name="gegevens")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        upload_to=achterkant.cases.models.documents.version_path,
                        verbose_name="bestand",
                    ),
                ),
                (
                    "file_name",
                    models.CharField(blank=True, max_length=255, verbose_name="bestandsnaam"),
                ),
                (
                    "content_type",
                    models.CharField(blank=True, max_length=255, verbose_name="formaat"),
                ),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="grootte (bytes)")),
                ("sha256", models.CharField(blank=True, max_length=64, verbose_name="SHA-256")),
                (
                    "registered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="begin registratie"
                    ),
                ),
            ],
            options={
                "verbose_name": "documentversie",
                "verbose_name_plural": "documentversies",
                "ordering": ["document", "number"],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": ["uploaded_at", "pk"],
                "permissions": [
                    ("lock_document", "Can lock document"),
                    ("force_unlock_document", "Can force unlock document"),
                    ("force_update_document", "Can force update document"),
                ],
                "verbose_name": "document",
                "verbose_name_plural": "documenten",
            },
        ),
        migrations.AddField(
            model_name="document",
            name="appearance",
            field=models.CharField(blank=True, max_length=255, verbose_name="verschijningsvorm"),
        ),
        migrations.AddField(
            model_name="document",
            name="author",
            field=models.CharField(blank=True, max_length=200, verbose_name="auteur"),
        ),
        migrations.AddField(
            model_name="document",
            name="content_expired",
            field=models.BooleanField(blank=True, null=True, verbose_name="inhoud is vervallen"),
        ),
        migrations.AddField(
            model_name="document",
            name="created_on",
            field=models.DateField(blank=True, null=True, verbose_name="creatiedatum"),
        ),
        migrations.AddField(
            model_name="document",
            name="description",
            field=models.CharField(blank=True, max_length=1000, verbose_name="beschrijving"),
        ),
        migrations.AddField(
            model_name="document",
            name="identification",
            field=models.CharField(blank=True, max_length=40, verbose_name="identificatie"),
        ),
        migrations.AddField(
            model_name="document",
            name="integrity",
            field=models.JSONField(blank=True, null=True, verbose_name="integriteit"),
        ),
        migrations.AddField(
            model_name="document",
            name="keywords",
            field=models.JSONField(blank=True, default=list, verbose_name="trefwoorden"),
        ),
        migrations.AddField(
            model_name="document",
            name="language",
            field=models.CharField(default="dut", max_length=3, verbose_name="taal"),
        ),
        migrations.AddField(
            model_name="document",
            name="link",
            field=models.URLField(blank=True, verbose_name="link"),
        ),
        migrations.AddField(
            model_name="document",
            name="lock",
            field=models.CharField(blank=True, max_length=64, verbose_name="lock"),
        ),
        migrations.AddField(
            model_name="document",
            name="origin",
            field=models.CharField(
                choices=[
                    ("staff", "medewerker"),
                    ("party", "aanvrager of betrokkene (portaal, e-mail)"),
                    ("api", "koppeling (Documenten API)"),
                ],
                default="staff",
                max_length=10,
                verbose_name="herkomst",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="ontvangstdatum"),
        ),
        migrations.AddField(
            model_name="document",
            name="registered_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="begin registratie"
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="verzenddatum"),
        ),
        migrations.AddField(
            model_name="document",
            name="signature",
            field=models.JSONField(blank=True, null=True, verbose_name="ondertekening"),
        ),
        migrations.AddField(
            model_name="document",
            name="source_organisation",
            field=models.CharField(blank=True, max_length=9, verbose_name="bronorganisatie"),
        ),
        migrations.AddField(
            model_name="document",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "(geen)"),
                    ("in_bewerking", "in bewerking"),
                    ("ter_vaststelling", "ter vaststelling"),
                    ("concept", "concept"),
                    ("definitief", "definitief"),
                    ("vastgesteld", "vastgesteld"),
                    ("gearchiveerd", "gearchiveerd"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="usage_rights",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="indicatie gebruiksrecht"
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="versie"),
        ),
        migrations.AlterField(
            model_name="document",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="content_type",
            field=models.CharField(blank=True, max_length=255, verbose_name="formaat"),
        ),
        migrations.AlterField(
            model_name="document",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=255,
                upload_to=achterkant.cases.models.parts.document_path,
                verbose_name="bestand",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="file_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="bestandsnaam"),
        ),
        migrations.AlterField(
            model_name="document",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="document",
            name="size",
            field=models.PositiveBigIntegerField(default=0, verbose_name="grootte (bytes)"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["organisation", "identification"], name="document_identification"
            ),
        ),
        migrations.AddField(
            model_name="casedocument",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="document_links",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="casedocument",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="case_links",
                to="cases.document",
            ),
        ),
        migrations.AddField(
            model_name="casedocument",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddField(
            model_name="documentdispatch",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="dispatches",
                to="cases.document",
            ),
        ),
        migrations.AddField(
            model_name="documentdispatch",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddField(
            model_name="documentpart",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="parts",
                to="cases.document",
            ),
        ),
        migrations.AddField(
            model_name="documentpart",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddField(
            model_name="documentusageright",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="usage_rights_set",
                to="cases.document",
            ),
        ),
        migrations.AddField(
            model_name="documentusageright",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="versions",
                to="cases.document",
            ),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="casedocument",
            constraint=models.UniqueConstraint(
                fields=("case", "document"), name="casedocument_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="documentpart",
            constraint=models.UniqueConstraint(
                fields=("document", "number"), name="documentpart_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="documentversion",
            constraint=models.UniqueConstraint(
                fields=("document", "number"), name="documentversion_unique"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
