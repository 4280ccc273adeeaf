"""The shipped translations: complete German catalogue, compiled files up to date, pages in German.

The catalogues live in ``kam/locale/<lang>/LC_MESSAGES/django.po`` (``LOCALE_PATHS``). After
new strings appear: ``kam makemessages -l de -l en --ignore=.venv --ignore=var --ignore=bench
--ignore=build --ignore=docs --ignore=tests --ignore='*/tests/*' --no-obsolete``, translate,
``kam compilemessages --ignore=.venv``, commit ``.po`` and ``.mo``.
"""

from __future__ import annotations

import datetime
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.choices import BuyingRole
from kam.orders.tests.factories import OrderLineFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
DE_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
NBSP = "\u00a0"

# printf-style (%(name)s, %(x).1f, %d, %s) and str.format ({name}) placeholders; "%%" is a literal.
PLACEHOLDER = re.compile(
    r"%%|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|\{\w*\}"
)


@dataclass
class Entry:
    """One message of a .po file."""

    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # -1: singular message


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"'), body
    assert body.endswith('"'), body
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of ``path`` (header included, obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] = ("", -1)
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#~"):
            current = None if not line.strip() else current
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := keyword.match(line):
            name, index, text = match.group(1), match.group(2), _unquote(match.group(3))
            target = (name, int(index) if index is not None else -1)
            _append(current, target, text, new=True)
        else:
            _append(current, target, _unquote(line), new=False)
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str, *, new: bool) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = ("" if new else entry.msgstr[index]) + text
    else:
        previous = "" if new else getattr(entry, name) or ""
        setattr(entry, name, previous + text)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(autouse=True)
def _default_language_afterwards():  # type: ignore[no-untyped-def]
    """A German request leaves German active in the thread; later tests expect the default."""
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def de_entries() -> list[Entry]:
    return parse_po(DE_PO)


def describe(entry: Entry) -> str:
    return f"{DE_PO.name}:{entry.line} {entry.msgid!r}"


# --- the catalogue --------------------------------------------------------------------


def test_every_configured_language_ships_a_catalogue():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "de"]
    for code, _name in settings.LANGUAGES:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.po").is_file(), code
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.mo").is_file(), code


def test_german_header_declares_language_and_plural_rule(de_entries):
    header = de_entries[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: de\n" in header.msgstr[-1]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.msgstr[-1]
    assert "charset=UTF-8" in header.msgstr[-1]


def test_german_catalogue_is_complete_and_has_no_fuzzy_entries(de_entries):
    messages = de_entries[1:]
    assert len(messages) > 400, "the catalogue looks truncated"
    fuzzy = [describe(e) for e in messages if "fuzzy" in e.flags]
    untranslated = [describe(e) for e in messages if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    assert fuzzy == []
    assert untranslated == []


def test_german_plural_entries_have_both_forms(de_entries):
    plurals = [e for e in de_entries[1:] if e.msgid_plural is not None]
    assert plurals, "the catalogue has plural messages (e.g. '%(total)s account')"
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], describe(entry)


def test_placeholders_in_msgid_and_msgstr_match(de_entries):
    mismatches = []
    for entry in de_entries[1:]:
        if entry.msgid_plural is None:
            pairs = [(entry.msgid, entry.msgstr.get(-1, ""))]
        else:
            pairs = [(entry.msgid, entry.msgstr.get(0, "")), (entry.msgid_plural, entry.msgstr.get(1, ""))]
        for source, translated in pairs:
            if placeholders(source) != placeholders(translated):
                mismatches.append(
                    f"{describe(entry)}: {sorted(placeholders(source))} ≠ {sorted(placeholders(translated))}"
                )
    assert mismatches == []


def test_placeholder_check_catches_a_lost_or_renamed_placeholder():
    assert placeholders("Revenue %(year)s") != placeholders("Umsatz")
    assert placeholders("Edit %(name)s") != placeholders("%(nmae)s bearbeiten")
    assert placeholders("%(seconds).1f s") != placeholders("%(seconds)s s")
    assert placeholders("Loaded %(counts)s in %(seconds).1f s.") == placeholders(
        "%(counts)s in %(seconds).1f s geladen."
    )


def test_compiled_files_match_the_catalogues(de_entries):
    """The committed .mo holds exactly the .po's translations (run compilemessages after editing)."""
    with (DE_PO.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in de_entries[1:]:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            got = [compiled._catalog.get(key)]  # type: ignore[attr-defined]
            expected = [entry.msgstr[-1]]
        else:
            got = [compiled._catalog.get((key, n)) for n in (0, 1)]  # type: ignore[attr-defined]
            expected = [entry.msgstr[0], entry.msgstr[1]]
        if got != expected:
            stale.append(describe(entry))
    assert stale == []
    assert len(compiled._catalog) - 1 == sum(2 if e.msgid_plural else 1 for e in de_entries[1:])  # type: ignore[attr-defined]


def test_english_catalogue_leaves_the_source_strings(de_entries):
    english = parse_po(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
    assert "Language: en\n" in english[0].msgstr[-1]
    assert {(e.msgctxt, e.msgid) for e in english[1:]} == {(e.msgctxt, e.msgid) for e in de_entries[1:]}
    with translation.override("en"):
        assert _("Change history") == "Change history"


# --- translations in use ----------------------------------------------------------------


def test_lazy_labels_and_plurals_translate():
    with translation.override("de"):
        assert str(BuyingRole.USER.label) == "Anwender"
        assert str(BuyingRole.CHAMPION.label) == "Fürsprecher"
        assert pgettext("buying-centre role", "User") == "Anwender"
        assert _("User") == "Benutzer"
        assert ngettext("%(total)s account", "%(total)s accounts", 1) % {"total": 1} == "1 Account"
        assert ngettext("%(total)s account", "%(total)s accounts", 3) % {"total": 3} == "3 Accounts"
    with translation.override("en"):
        assert str(BuyingRole.USER.label) == "User"


def html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_login_page_in_german_and_english(client):
    german = html(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"))
    assert '<html lang="de">' in german
    for word in ("Anmelden", "Benutzername", "Passwort", "Key Account Management für Ihre wichtigsten Kunden."):
        assert word in german
    assert "Log in" not in german
    english = html(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
    assert "Log in" in english
    assert "Username" in english
    assert "Anmelden" not in english


@pytest.fixture
def revenue_account(kam_user):  # type: ignore[no-untyped-def]
    account = AccountFactory.create(name="Zahnrad Werke AG", owner=kam_user, tier="key")
    OrderLineFactory.create(account=account, date=datetime.date.today(), net_revenue=Decimal("1234567.40"))
    revenue_summary_refresh(account_ids=[account.pk])
    return account


@pytest.mark.django_db
def test_account_list_in_german_with_german_money(client, kam_user, revenue_account):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:list"), HTTP_ACCEPT_LANGUAGE="de"))
    for word in ("Einstufung", "Key-Account-Manager", "Branche", "Exportieren", "Ansprechpartner", "Abmelden"):
        assert word in page, word
    assert "Key Account" in page  # the tier badge
    assert f"Umsatz {datetime.date.today().year} YTD" in page
    assert f"1.234.567{NBSP}€" in page
    assert "Tier" not in page
    assert "€1,234,567" not in page


@pytest.mark.django_db
def test_account_list_in_english(client, kam_user, revenue_account):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:list"), HTTP_ACCEPT_LANGUAGE="en"))
    for word in ("Tier", "Key account manager", "Industry", "Export", "Contacts", "Log out"):
        assert word in page, word
    assert "€1,234,567" in page
    assert "Einstufung" not in page
    assert "Ansprechpartner" not in page


@pytest.mark.django_db
def test_account_page_in_german(client, kam_user, revenue_account):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:detail", args=[revenue_account.pk]), HTTP_ACCEPT_LANGUAGE="de"))
    for word in ("Umsatz nach Jahr", "Umsatz nach Produktlinie", "Änderungsverlauf", "Account-Team", "Bearbeiten"):
        assert word in page, word
    assert f"1.234.567{NBSP}€" in page


@pytest.mark.django_db
def test_language_switch_overrides_the_browser_language(client, kam_user):
    client.force_login(kam_user)
    url = reverse("accounts:list")
    response = client.post(reverse("set_language"), {"language": "de", "next": url}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="de">' in page
    assert "Einstufung" in page

    client.post(reverse("set_language"), {"language": "en", "next": url}, HTTP_ACCEPT_LANGUAGE="de")
    page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    assert '<html lang="en">' in page
    assert "Tier" in page
    assert "Einstufung" not in page


@pytest.mark.django_db
def test_language_switch_refuses_an_unknown_language(client, kam_user):
    client.force_login(kam_user)
    url = reverse("accounts:list")
    client.post(reverse("set_language"), {"language": "xx", "next": url})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    assert '<html lang="de">' in page


@pytest.mark.django_db
def test_not_found_page_in_german(client, kam_user):
    client.force_login(kam_user)
    response = client.get(reverse("accounts:detail", args=[999999]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
