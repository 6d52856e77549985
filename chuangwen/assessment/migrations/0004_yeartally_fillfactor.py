"""Room on each PostgreSQL page for a tally's next version: a round's counts update rows in place
(heap-only updates, no new index entries, old versions pruned as pages are read) instead of
spreading them over new pages that only VACUUM can reclaim."""

from django.db import migrations


def _fillfactor(value: int):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = apps.get_model("assessment", "YearTally")._meta.db_table
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")

    return apply


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_year_tallies")]

    operations = [migrations.RunPython(_fillfactor(50), _fillfactor(100))]
