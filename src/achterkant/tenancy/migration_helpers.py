"""Operations that migrations of several apps share."""

import uuid

from django.db import migrations, models


def fill_uuids(app_label: str, model_name: str):
    """A RunPython function that gives every existing row of the model a random UUID.

    On PostgreSQL one UPDATE with ``gen_random_uuid()`` (the scale database has 1M cases);
    elsewhere row by row, in batches.
    """

    def forwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        if schema_editor.connection.vendor == "postgresql":
            sql = f"UPDATE {table} SET uuid = gen_random_uuid() WHERE uuid IS NULL"  # noqa: S608
            schema_editor.execute(sql)
            return
        manager = model._base_manager
        while True:
            batch = list(manager.filter(uuid__isnull=True).only("pk")[:2000])
            if not batch:
                return
            for row in batch:
                row.uuid = uuid.uuid4()
            manager.bulk_update(batch, ["uuid"])

    return forwards


def add_public_uuid(app_label: str, model_names: list[str]) -> list:
    """Add ``PublicIdModel.uuid`` to existing tables: nullable, filled, then unique."""
    operations: list = []
    for name in model_names:
        operations.append(
            migrations.AddField(name, "uuid", models.UUIDField(null=True, editable=False))
        )
        operations.append(
            migrations.RunPython(fill_uuids(app_label, name), migrations.RunPython.noop)
        )
        operations.append(
            migrations.AlterField(
                name,
                "uuid",
                models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
            )
        )
    return operations
