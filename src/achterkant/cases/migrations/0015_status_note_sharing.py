"""A status's explanation (``CaseStatus.note``) can be shared with the applicant
(``CaseStatus.shared_with_party``), as a note can since 0014. Existing statuses stay
internal: nobody chose to share them. Removing the field undoes it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_note_sharing_and_record_times"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatus",
            name="shared_with_party",
            field=models.BooleanField(
                default=False, verbose_name="toelichting zichtbaar voor de inwoner"
            ),
        ),
    ]
