# The events are registered by the apps that send them (notify.events); the admin form
# and MessageTemplate.clean check the code, so the field keeps no frozen list of choices.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0003_berichtenbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="messagetemplate",
            name="event_code",
            field=models.CharField(max_length=50, verbose_name="gebeurtenis"),
        ),
    ]
