# One row per account with its monthly revenue, margin and product lines bought, packed for the
# portfolio analysis (layout in kam.accounts.series). Filled from the stored months and order lines.

import django.db.models.deletion
from django.db import migrations, models

from kam.accounts import series


def _month_number(vendor, column):
    if vendor == "sqlite":
        return f"(CAST(strftime('%Y', {column}) AS INTEGER) * 12 + CAST(strftime('%m', {column}) AS INTEGER) - 1)"
    return f"CAST(EXTRACT(YEAR FROM {column}) * 12 + EXTRACT(MONTH FROM {column}) - 1 AS INTEGER)"


def fill(apps, schema_editor):
    """Pack what is stored already (nothing on a new database)."""
    connection = schema_editor.connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT account_id, {_month_number(vendor, 'month')}, CAST(net_revenue AS DOUBLE PRECISION), "
            "CAST(margin AS DOUBLE PRECISION) FROM accounts_accountrevenuemonth"
        )
        months = tuple(zip(*cursor.fetchall())) or ((), (), (), ())
        month = _month_number(vendor, "o.date")
        cursor.execute(
            f"SELECT o.account_id, p.product_line_id, {month} FROM orders_orderline o "
            "JOIN products_product p ON p.id = o.product_id WHERE p.product_line_id IS NOT NULL "
            f"GROUP BY o.account_id, p.product_line_id, {month}"
        )
        lines = tuple(zip(*cursor.fetchall())) or ((), (), ())
        rows = [
            (p.account, series.month_date(p.first_month), p.revenue, p.margin, p.lines)
            for p in series.pack_series(months, lines)
        ]
        cursor.executemany(
            "INSERT INTO accounts_accountrevenueseries (account_id, first_month, revenue, margin, lines) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_revenue_month"),
        ("orders", "0001_initial"),
        ("products", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountRevenueSeries",
            fields=[
                (
                    "account",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="revenue_series",
                        serialize=False,
                        to="accounts.account",
                    ),
                ),
                ("first_month", models.DateField()),
                ("revenue", models.BinaryField()),
                ("margin", models.BinaryField()),
                ("lines", models.BinaryField()),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
