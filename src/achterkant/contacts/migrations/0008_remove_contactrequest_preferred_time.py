"""The free-text preferred moment is gone: 0007 moved it into its fields and the note."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_preferred_moment"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="contactrequest",
            name="preferred_time",
        ),
        migrations.AddConstraint(
            model_name="contactrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("preferred_from__isnull", True), ("preferred_until__isnull", True)
                )
                | models.Q(("preferred_from__lt", models.F("preferred_until"))),
                name="contact_request_preferred_window",
            ),
        ),
    ]
