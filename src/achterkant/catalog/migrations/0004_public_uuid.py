from django.db import migrations

from achterkant.tenancy.migration_helpers import add_public_uuid


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_casetype_extension_kind")]

    operations = add_public_uuid(
        "catalog",
        [
            "catalogue",
            "documenttype",
            "decisiontype",
            "casetype",
            "statustype",
            "resulttype",
            "roletype",
            "casepropertytype",
            "casetypedocumenttype",
        ],
    )
