from django.db import migrations

from achterkant.tenancy.migration_helpers import add_public_uuid


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_case_workload")]

    operations = add_public_uuid(
        "cases",
        ["case", "casestatus", "role", "result", "decision", "caseproperty", "document"],
    )
