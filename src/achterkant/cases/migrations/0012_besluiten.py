"""Besluiten API 1.0: besluiten and besluitinformatieobjecten (issue 15)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_documenten")]

    operations = []
