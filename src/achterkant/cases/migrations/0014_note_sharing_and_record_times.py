"""A note can be shared with the applicant (``CaseEvent.shared_with_party``), and a
decision and a result get the moment they were recorded (``recorded_at``), for the case
page's timeline.

``recorded_at`` is added empty first and only then made automatic: adding an automatic
timestamp in one step would stamp every existing row with the moment of the migration,
a time that never happened. Older rows stay empty (the timeline falls back to the date).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_workload_as_mijn_werk"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="shared_with_party",
            field=models.BooleanField(default=False, verbose_name="zichtbaar voor de inwoner"),
        ),
        migrations.AddField(
            model_name="decision",
            name="recorded_at",
            field=models.DateTimeField(null=True, verbose_name="vastgelegd op"),
        ),
        migrations.AlterField(
            model_name="decision",
            name="recorded_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="vastgelegd op"),
        ),
        migrations.AddField(
            model_name="result",
            name="recorded_at",
            field=models.DateTimeField(null=True, verbose_name="vastgelegd op"),
        ),
        migrations.AlterField(
            model_name="result",
            name="recorded_at",
            field=models.DateTimeField(auto_now=True, null=True, verbose_name="vastgelegd op"),
        ),
    ]
