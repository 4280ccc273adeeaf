"""What an import reports: problems found in the file and the outcome of a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: At most this many errors are listed; the total is always counted.
MAX_REPORTED_ERRORS = 1000


@dataclass(frozen=True)
class ImportIssue:
    """One problem in an import file.

    ``row`` counts records as a spreadsheet shows them, the header being row 1;
    ``None`` means the problem concerns the whole file. ``column`` is the header
    name ("" when the problem is not about one column).
    """

    row: int | None
    column: str
    value: str
    message: str

    def as_text(self) -> str:
        """The problem as one readable line."""
        parts = []
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_('column "%(column)s"') % {"column": self.column})
        if self.value:
            parts.append(_('value "%(value)s"') % {"value": _shorten(self.value)})
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass
class IssueList:
    """Collected problems: the first ``cap`` are kept, all are counted."""

    cap: int = MAX_REPORTED_ERRORS
    items: list[ImportIssue] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str, value: object, message: str) -> None:
        """Record one problem."""
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(ImportIssue(row, column, "" if value is None else str(value), str(message)))

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    @property
    def truncated(self) -> bool:
        """Whether more problems were found than are listed."""
        return self.total > len(self.items)

    def sorted_items(self) -> list[ImportIssue]:
        """The listed problems, file-level first, then by row."""
        return sorted(self.items, key=lambda i: -1 if i.row is None else i.row)

    def summary(self) -> str:
        """One sentence: how many problems, and how many are listed."""
        text = ngettext("%(count)d error", "%(count)d errors", self.total) % {"count": self.total}
        if self.truncated:
            text += " " + _("(the first %(listed)d are listed)") % {"listed": len(self.items)}
        return text


class ImportRefused(Exception):  # noqa: N818 - a refusal, not a programming error
    """The file was refused as a whole; nothing was written."""

    def __init__(self, errors: IssueList, warnings: list[ImportIssue] | None = None) -> None:
        super().__init__(errors.summary())
        self.errors = errors
        self.warnings = warnings or []

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable report of the refusal."""
        return {
            "errors": [asdict(i) for i in self.errors.sorted_items()],
            "error_total": self.errors.total,
            "warnings": [asdict(w) for w in self.warnings],
        }


@dataclass
class ImportResult:
    """The outcome of an import (or, with ``dry_run``, of what an import would do)."""

    entity: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    warnings: list[ImportIssue] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    sample: list[dict[str, str]] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        """Import rate."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable report of the run."""
        data = asdict(self)
        data["warnings"] = [asdict(w) for w in self.warnings]
        return data

    def summary(self) -> str:
        """One readable sentence with the counts."""
        values = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return (
                _(
                    "Dry run, nothing was written: %(rows)d rows would give %(created)d created, "
                    "%(updated)d changed, %(unchanged)d unchanged."
                )
                % values
            )
        return _("%(rows)d rows: %(created)d created, %(updated)d changed, %(unchanged)d unchanged.") % values
