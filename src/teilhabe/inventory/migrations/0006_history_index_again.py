"""The index on (id, history_date) of the activity history, again where it was lost.

0003 made it with raw SQL. On SQLite, 0004's new columns of the history table are added by
rebuilding the table (a new table, the rows copied, the old one dropped), and the rebuild
makes only the indexes the model declares: every SQLite installation since 0004 has been
without it, and the "as of" matrix and the changes page were slower for it (BENCHMARKS.md,
"Stock-take"). PostgreSQL adds columns in place and kept it; there this does nothing.

A later migration that rebuilds the table on SQLite loses it again:
inventory/tests/test_history_index.py then fails on SQLite until a migration like this one
follows it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("inventory", "0005_history_scope")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS inventory_hist_id_date_idx "
            "ON inventory_historicalactivity (id, history_date)",
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
