from django.db import migrations, models


class Migration(migrations.Migration):
    # The Zaken API's core fields: bronorganisatie, zaakgeometrie (with its bounding box)
    # and the ZGW fields no screen edits.
    dependencies = [("cases", "0008_public_uuid")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="source_organisation_rsin",
            field=models.CharField(blank=True, max_length=9, verbose_name="bronorganisatie"),
        ),
        migrations.AddField(
            model_name="case",
            name="commissioning_organisation",
            field=models.CharField(
                blank=True, max_length=9, verbose_name="opdrachtgevende organisatie"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="channel_url",
            field=models.URLField(
                blank=True, max_length=1000, verbose_name="communicatiekanaal (referentielijst)"
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="process_object_nature",
            field=models.CharField(blank=True, max_length=200, verbose_name="procesobjectaard"),
        ),
        migrations.AddField(
            model_name="case",
            name="process_object",
            field=models.JSONField(blank=True, null=True, verbose_name="procesobject"),
        ),
        migrations.AddField(
            model_name="case",
            name="geometry",
            field=models.JSONField(blank=True, null=True, verbose_name="zaakgeometrie"),
        ),
        migrations.AddField(
            model_name="case",
            name="geometry_min_x",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="geometry_min_y",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="geometry_max_x",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="geometry_max_y",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("geometry_min_x__isnull", False)),
                fields=["organisation", "geometry_min_x", "geometry_max_x", "geometry_min_y"],
                name="case_geometry_bbox",
            ),
        ),
    ]
