# Monthly revenue per account, the stored aggregate the portfolio analysis reads. Keyed by
# (account, month) without a surrogate id and its account reference without a database
# constraint: it is rebuilt by the million after large imports. Filled from the order lines
# already stored; on SQLite an index by month covers the sums (not expressible in the model).

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
        ('accounts', '0002_tier_change'),
        ('orders', '0001_initial'),
    ]

    operations = [
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
