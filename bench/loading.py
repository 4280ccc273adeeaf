"""The data set: CSV files from the demo generator, users and master data imported with KAM.

Only the order line import is compared against the raw database (see ``bench.orders``);
the master data imports here are timed for information.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kam.demo.generator import DemoCompany, generate

FILES = ("products", "accounts", "contacts", "order_lines")


@dataclass(frozen=True)
class DataSet:
    """The generated company (users, team) and its CSV files in ``directory``."""

    company: DemoCompany
    directory: Path

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.csv"

    def rows(self, name: str) -> int:
        """Data rows of one CSV file (lines minus the header; the demo files quote no line breaks)."""
        with self.path(name).open("rb") as handle:
            return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1


def data_set(
    directory: Path, *, customers: int, order_lines: int, users: int, seed: int, write: bool, log: Any = print
) -> DataSet:
    """Generate the company; write its CSV files unless ``write`` is false (then they must exist)."""
    company = generate(seed=seed, customers=customers, order_lines=order_lines, users=users)
    data = DataSet(company, directory)
    if write:
        from kam.demo.csv_export import write_csv

        started = time.perf_counter()
        write_csv(directory, company, progress=lambda name, rows: log(f"  wrote {name}: {rows:,} rows"))
        log(f"  CSV files written in {time.perf_counter() - started:.1f} s")
    missing = [name for name in FILES if not data.path(name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Missing CSV files in {directory}: {', '.join(missing)} (run without --skip-generate)."
        )
    return data


def load_users(company: DemoCompany) -> dict[str, int]:
    """The demo users (no usable password: the benchmark logs in with ``force_login``); ids by username."""
    from django.contrib.auth.hashers import make_password

    from kam.users.models import User

    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                username=u.username,
                first_name=u.first_name,
                last_name=u.last_name,
                email=u.email,
                role=u.role,
                department=u.department,
                password=unusable,
            )
            for u in company.users
        ]
    )
    return dict(User.objects.values_list("username", "pk"))


def load_team(company: DemoCompany, user_ids: dict[str, int]) -> int:
    """Account team members (the import files do not carry teams)."""
    from kam.accounts.models import Account, AccountTeamMember

    account_ids = dict(Account.objects.filter(external_id__isnull=False).values_list("external_id", "pk"))
    members = [
        AccountTeamMember(
            account_id=account_ids[m.account_external_id], user_id=user_ids[m.username], department=m.department
        )
        for m in company.team_members
    ]
    AccountTeamMember.objects.bulk_create(members, batch_size=2_000)
    return len(members)


@dataclass(frozen=True)
class ImportTiming:
    """One KAM import of one file: rows, seconds and the importer's own summary."""

    entity: str
    rows: int
    seconds: float
    summary: str

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def kam_import(entity: str, path: Path) -> ImportTiming:
    """Import ``path`` the way ``kam import ENTITY FILE`` does, timed from opening the file to commit."""
    from kam.core.importing.issues import ImportRefused
    from kam.imports.services import import_file

    started = time.perf_counter()
    with path.open("rb") as stream:
        try:
            result = import_file(entity=entity, stream=stream, source_name=path.name)
        except ImportRefused as exc:
            listed = "; ".join(issue.as_text() for issue in exc.errors.sorted_items()[:5])
            raise RuntimeError(f"KAM refused {path.name}: {exc.errors.summary()}: {listed}") from exc
    return ImportTiming(entity, result.rows, time.perf_counter() - started, result.summary())


def load_master_data(data: DataSet, log: Any = print) -> list[ImportTiming]:
    """Users, then products, accounts, team and contacts through KAM's importers."""
    user_ids = load_users(data.company)
    log(f"  {len(user_ids)} users created")
    timings = []
    for entity, name in (("products", "products"), ("accounts", "accounts")):
        timings.append(kam_import(entity, data.path(name)))
        log(f"  imported {name}: {timings[-1].summary} ({timings[-1].seconds:.1f} s)")
    log(f"  {load_team(data.company, user_ids)} account team members created")
    timings.append(kam_import("contacts", data.path("contacts")))
    log(f"  imported contacts: {timings[-1].summary} ({timings[-1].seconds:.1f} s)")
    return timings
