"""On PostgreSQL, a trigram index makes «any part of ФИО» search use an index at region scale.

SQLite has no such index; its search reads the covering index people_person_alive_search instead.
"""

from __future__ import annotations

from django.db import migrations

INDEX = "people_person_search_trgm"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The expression matches Django's lookup, which compares search_key::text.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin ((search_key::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_list_indexes")]
    operations = [migrations.RunPython(create, drop)]
