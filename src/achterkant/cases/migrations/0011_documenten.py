"""Documenten API 1.5: informatieobjecten with versions, and their links (issue 15)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_zaken_api_parts")]

    operations = []
