"""What the ``kam`` commands share: the user whose access rule applies, text tables and CSV.

Commands run on the server: without ``--user`` they act as an unsaved administrator (who
sees everything); with it, every read goes through that user's access rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kam.users.choices import Role
from kam.users.models import User

FORMATS = ("table", "csv", "json")


def system_user() -> User:
    """An unsaved administrator: the command sees everything unless ``--user`` is given."""
    return User(username="kam-command", role=Role.ADMIN, is_active=True)


def user_named(username: str) -> User:
    """The active user with this username, or a CommandError."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user with username %(username)s.") % {"username": username})
    if not user.is_active:
        raise CommandError(_("User %(username)s is inactive and sees nothing.") % {"username": username})
    return user


def command_user(username: str | None) -> User:
    """The user whose access rule applies, an unsaved administrator without a name, or a CommandError."""
    return system_user() if username is None else user_named(username)


def service_error(exc: ValidationError) -> CommandError:
    """A service's ValidationError as one CommandError line: ``field: message; …``."""
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                 for field, messages in exc.message_dict.items()]  # fmt: skip
    else:
        parts = list(exc.messages)
    return CommandError("; ".join(parts))


def parse_date(text: str, option: str) -> dt.date:
    """``YYYY-MM-DD`` as a date, or a CommandError naming the option."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(
            _("%(option)s takes a date as YYYY-MM-DD (e.g. 2026-11-27), not %(text)r.")
            % {"option": option, "text": text}
        ) from exc


def table(header: list[str], rows: Iterable[list[str]], left: set[int]) -> str:
    """Columns padded to their widest cell; columns in ``left`` left-aligned, the rest right-aligned."""
    rows = list(rows)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]) + "\n"


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV with a header; lists joined with ``; ``, None as an empty cell."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()
