"""A strict reader of iCalendar and vCard text, independent of the library that wrote it.

It checks what calendar and address-book clients rely on (RFC 5545 / RFC 2426): CRLF line
ends, lines folded at 75 octets, balanced BEGIN/END, the required properties, and for
events DTEND after DTSTART with times either in UTC or in a time zone defined by a VTIMEZONE.
Any breach raises AssertionError naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9-]+)(?P<params>(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^;:,]*)(,(\"[^\"]*\"|[^;:,]*))*)*):(?P<value>.*)$"
)


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> Prop | None:
        found = [p for p in self.props if p.name == name]
        assert len(found) <= 1, f"{self.name} has {name} {len(found)} times"
        return found[0] if found else None

    def need(self, name: str) -> Prop:
        prop = self.get(name)
        assert prop is not None, f"{self.name} lacks {name}"
        return prop

    def walk(self, name: str) -> list[Component]:
        found = [self] if self.name == name else []
        for child in self.children:
            found.extend(child.walk(name))
        return found


def unfold(data: bytes) -> list[str]:
    """Content lines, after checking CRLF ends and the 75-octet limit."""
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    physical = data[:-2].split(b"\r\n")
    lines: list[str] = []
    for raw in physical:
        assert b"\n" not in raw, f"bare line feed in {raw!r}"
        assert b"\r" not in raw, f"bare carriage return in {raw!r}"
        assert len(raw) <= 75, f"line longer than 75 octets ({len(raw)}): {raw!r}"
        text = raw.decode("utf-8")
        if text.startswith((" ", "\t")):
            assert lines, "a continuation line cannot come first"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def parse(data: bytes) -> Component:
    """The one top-level component of a file (several for vCards: see :func:`parse_all`)."""
    tops = parse_all(data)
    assert len(tops) == 1, f"{len(tops)} top-level components"
    return tops[0]


def _params(raw: str) -> dict[str, str]:
    params = {}
    for part in filter(None, raw.split(";")):
        key, _, value = part.partition("=")
        params[key.upper()] = value
    return params


def parse_all(data: bytes) -> list[Component]:
    stack: list[Component] = []
    tops: list[Component] = []
    for line in unfold(data):
        match = LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, value = match["name"].upper(), match["value"]
        if name == "BEGIN":
            component = Component(value.upper())
            (stack[-1].children if stack else tops).append(component)
            stack.append(component)
        elif name == "END":
            assert stack, f"END:{value} without BEGIN"
            assert stack[-1].name == value.upper(), f"END:{value} closes {stack[-1].name}"
            stack.pop()
        else:
            assert stack, f"property {name} outside a component"
            stack[-1].props.append(Prop(name, _params(match["params"]), value))
    assert not stack, f"{stack[-1].name} is not closed"
    return tops


def _moment(prop: Prop, zones: set[str]) -> datetime | date:
    value = prop.value
    if prop.params.get("VALUE") == "DATE" or re.fullmatch(r"\d{8}", value):
        assert re.fullmatch(r"\d{8}", value), f"bad date {value}"
        return datetime.strptime(value, "%Y%m%d").date()
    assert re.fullmatch(r"\d{8}T\d{6}Z?", value), f"bad date-time {prop.name}:{value}"
    if value.endswith("Z"):
        assert "TZID" not in prop.params, f"{prop.name} is UTC and has a TZID"
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    tzid = prop.params.get("TZID")
    assert tzid, f"{prop.name}:{value} is a floating time (neither UTC nor TZID)"
    assert tzid in zones, f"TZID {tzid} has no VTIMEZONE"
    return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(tzid))


def check_calendar(data: bytes) -> Component:
    """Check an iCalendar file strictly; returns it parsed."""
    cal = parse(data)
    assert cal.name == "VCALENDAR"
    assert cal.need("VERSION").value == "2.0"
    assert cal.need("PRODID").value
    zones = set()
    for tz in cal.walk("VTIMEZONE"):
        zones.add(tz.need("TZID").value)
        assert tz.children, "a VTIMEZONE needs STANDARD or DAYLIGHT parts"
    for event in cal.walk("VEVENT"):
        assert event.need("UID").value
        stamp = event.need("DTSTAMP")
        assert re.fullmatch(r"\d{8}T\d{6}Z", stamp.value), f"DTSTAMP must be UTC: {stamp.value}"
        start = _moment(event.need("DTSTART"), zones)
        end = _moment(event.need("DTEND"), zones)
        assert type(start) is type(end), "DTSTART and DTEND of different value types"
        assert end > start, f"DTEND {end} not after DTSTART {start}"  # type: ignore[operator]
    uids = [e.need("UID").value for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)), "duplicate UIDs"
    return cal


def check_vcards(data: bytes) -> list[Component]:
    """Check a .vcf file strictly; returns its cards."""
    cards = parse_all(data)
    assert cards, "no vCard"
    for card in cards:
        assert card.name == "VCARD"
        assert card.need("VERSION").value in ("3.0", "4.0")
        assert card.need("FN").value.strip(), "empty FN"
        assert card.need("UID").value
        if card.need("VERSION").value == "3.0":
            assert card.need("N").value.count(";") == 4, "N needs five parts"
    uids = [c.need("UID").value for c in cards]
    assert len(uids) == len(set(uids)), "duplicate UIDs"
    return cards


def unescape(value: str) -> str:
    """A TEXT value with its escapes resolved."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
