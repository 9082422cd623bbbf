"""Indexes for the street type-ahead (`StreetPostalCode`: one postnummer, name_search LIKE …),
made per database because the best ones differ:

- PostgreSQL: (postnummer, name_search) covering the street id, so a search is an index-only
  scan of one postnummer; a trigram GIN index on name_search (pg_trgm) for infix matches; and
  no parallel scans of the table, since starting workers costs more than such a scan.
- SQLite: a plain (postnummer, name_search) index (no covering indexes, no trigrams).
"""

from django.db import migrations

TABLE = "addresses_streetpostalcode"
SEARCH = "streetpostalcode_search"
TRIGRAM = "streetpostalcode_name_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH} ON {TABLE} (postal_code_id, name_search) INCLUDE (street_id)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM} ON {TABLE} USING gin (name_search gin_trgm_ops)"
        )
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")
    else:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH} ON {TABLE} (postal_code_id, name_search)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (parallel_workers)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH}")


class Migration(migrations.Migration):
    dependencies = [("addresses", "0004_street_data")]

    operations = [migrations.RunPython(forwards, backwards)]
