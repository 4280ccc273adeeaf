"""The helpers the ``kam`` commands share: the command's user, dates, service errors, tables and CSV."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from kam.core.cli_output import command_user, csv_text, parse_date, service_error, table
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory


@pytest.mark.django_db
def test_command_user_is_an_unsaved_admin_or_the_named_active_user(kam_user):
    nobody = command_user(None)
    assert (nobody.pk, nobody.role, nobody.username) == (None, Role.ADMIN, "kam-command")
    assert command_user("kam-user") == kam_user
    with pytest.raises(CommandError, match="No user with username ghost"):
        command_user("ghost")
    UserFactory.create(username="left", is_active=False)
    with pytest.raises(CommandError, match="User left is inactive"):
        command_user("left")


def test_parse_date_names_the_option():
    assert parse_date(" 2026-02-28 ", "--due") == datetime.date(2026, 2, 28)
    with pytest.raises(CommandError, match=r"--due takes a date as YYYY-MM-DD .* not '2026-02-30'"):
        parse_date("2026-02-30", "--due")


def test_service_error_joins_fields_and_messages():
    error = service_error(ValidationError({"end": ["Too early."], "__all__": ["Not both."]}))
    assert str(error) == "end: Too early.; Not both."
    assert str(service_error(ValidationError("Plain."))) == "Plain."


def test_table_pads_columns_left_or_right():
    text = table(["Name", "Count"], [["Acme", "7"], ["Zeta Werke", "12"]], left={0})
    assert text.splitlines() == [
        "Name        Count",
        "----------  -----",
        "Acme            7",
        "Zeta Werke     12",
    ]


def test_csv_text_joins_lists_and_empties_none():
    text = csv_text(["id", "names", "due"], [{"id": 1, "names": ["Eva", "Max"], "due": None}])
    assert text == "id,names,due\n1,Eva; Max,\n"
