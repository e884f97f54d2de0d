from django.db import migrations


class Migration(migrations.Migration):
    # Reserved for the Zaken API's core fields (zaakgeometrie); filled in by that work.
    dependencies = [("cases", "0008_public_uuid")]

    operations = []
