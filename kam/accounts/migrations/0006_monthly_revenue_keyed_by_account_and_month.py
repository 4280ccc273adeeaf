# The monthly revenue, rebuilt by the million after large imports, made lean: keyed by
# (account, month) without a surrogate id, its account reference without a database
# constraint; the revenue per product line and month is dropped again (rebuilding it
# cost more than reading the order lines it saved). Migrations cannot change a primary
# key, so the monthly table is created anew and filled from the order lines.

import django.db.models.deletion
from django.db import migrations, models

COVERING_INDEX = "revenue_month_covering"


def fill_and_index(apps, schema_editor):
    """Sum the stored order lines into the new table; on SQLite add the index by month covering the sums."""
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        month = "strftime('%Y-%m-01', date)"
    else:
        month = "CAST(date_trunc('month', date) AS date)"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_accountrevenuemonth (account_id, month, net_revenue, margin, order_lines) "
            f"SELECT account_id, {month}, SUM(net_revenue), SUM(margin), COUNT(*) "
            f"FROM orders_orderline GROUP BY account_id, {month}"
        )
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE INDEX {COVERING_INDEX} ON accounts_accountrevenuemonth (month, account_id, net_revenue, margin)"
            )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {COVERING_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_revenue_month_covering_index'),
        ('orders', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(name='AccountProductLineMonth'),
        migrations.DeleteModel(name='AccountRevenueMonth'),
        migrations.CreateModel(
            name='AccountRevenueMonth',
            fields=[
                ('pk', models.CompositePrimaryKey('account', 'month', blank=True, editable=False, primary_key=True, serialize=False)),
                ('account', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='revenue_months', to='accounts.account')),
                ('month', models.DateField()),
                ('net_revenue', models.DecimalField(decimal_places=2, max_digits=16)),
                ('margin', models.DecimalField(decimal_places=2, max_digits=16)),
                ('order_lines', models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(fill_and_index, drop_index),
    ]
