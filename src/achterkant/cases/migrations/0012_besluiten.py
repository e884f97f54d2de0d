"""Besluiten API 1.0: besluiten and besluitinformatieobjecten (issue 15).

A decision may now exist without a case, and carries what the Besluiten API knows of it
(verantwoordelijke organisatie, vervalreden, bestuursorgaan, verzend- and uiterlijke
reactiedatum). Its identification is unique per verantwoordelijke organisatie (brc-002):
existing decisions get their case's RSIN first, so the new constraint holds for them.
"""

import uuid

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


def _responsible_from_case(apps, schema_editor):
    Decision = apps.get_model("cases", "Decision")
    for decision in Decision._base_manager.filter(responsible_organisation_rsin="").select_related(
        "case"
    ):
        if decision.case_id:
            decision.responsible_organisation_rsin = decision.case.responsible_organisation_rsin
            decision.save(update_fields=["responsible_organisation_rsin"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_documenten")]

    operations = [
        migrations.RemoveConstraint(model_name="decision", name="decision_unique_identification"),
        migrations.AddField(
            model_name="decision",
            name="expiry_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("tijdelijk", "Besluit met tijdelijke werking"),
                    ("ingetrokken_overheid", "Besluit ingetrokken door overheid"),
                    ("ingetrokken_belanghebbende", "Besluit ingetrokken o.v.v. belanghebbende"),
                ],
                default="",
                max_length=30,
                verbose_name="vervalreden",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="governing_body",
            field=models.CharField(
                blank=True, default="", max_length=50, verbose_name="bestuursorgaan"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="response_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="uiterlijke reactiedatum"),
        ),
        migrations.AddField(
            model_name="decision",
            name="responsible_organisation_rsin",
            field=models.CharField(
                blank=True, default="", max_length=9, verbose_name="verantwoordelijke organisatie"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="verzenddatum"),
        ),
        migrations.AlterField(
            model_name="decision",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="cases.case",
            ),
        ),
        migrations.RunPython(_responsible_from_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("organisation", "responsible_organisation_rsin", "identification"),
                name="decision_unique_identification_per_rsin",
            ),
        ),
        migrations.CreateModel(
            name="DecisionDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "registered_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="registratiedatum"),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="cases.decision",
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="cases.document",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenancy.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "besluitinformatieobject",
                "verbose_name_plural": "besluitinformatieobjecten",
                "ordering": ["registered_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "document"), name="decisiondocument_unique"
                    )
                ],
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("all_tenants", django.db.models.manager.Manager()),
            ],
        ),
    ]
