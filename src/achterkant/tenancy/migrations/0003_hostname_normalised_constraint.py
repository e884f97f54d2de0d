"""The database refuses a host name that is not normalised (see 0002)."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("tenancy", "0002_hostname_normalised"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hostname",
            name="hostname",
            field=models.CharField(
                error_messages={"unique": "Deze hostnaam is al in gebruik."},
                max_length=253,
                unique=True,
                verbose_name="hostnaam",
            ),
        ),
        migrations.AddConstraint(
            model_name="hostname",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("hostname", django.db.models.functions.text.Lower("hostname")),
                    models.Q(("hostname__endswith", "."), _negated=True),
                    models.Q(("hostname__contains", ":"), _negated=True),
                    models.Q(("hostname", ""), _negated=True),
                ),
                name="tenancy_hostname_normalised",
                violation_error_message="Deze hostnaam is niet in de vaste schrijfwijze.",
            ),
        ),
    ]
