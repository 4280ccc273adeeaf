"""vCard 3.0 (RFC 2426) text for contacts: pure formatting, no Django.

Values are escaped (backslash, comma, semicolon, line breaks), lines end in CRLF and are
folded at 75 octets without splitting a UTF-8 character, as the RFC asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MAX_OCTETS = 75


@dataclass(frozen=True)
class Card:
    """What a vCard says about one person."""

    uid: str
    first_name: str
    last_name: str
    organization: str = ""
    department: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""
    url: str = ""
    revision: datetime | None = None


def escape(value: str) -> str:
    """A text value with the characters vCard gives meaning to escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into CRLF-separated pieces of at most 75 octets (continuations start with a space)."""
    pieces: list[bytes] = []
    current = b""
    limit = MAX_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current)
            current = b""
            limit = MAX_OCTETS - 1  # the leading space of a continuation counts
        current += encoded
    pieces.append(current)
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces) + "\r\n"


def card_lines(card: Card) -> list[str]:
    """The unfolded content lines of one vCard."""
    full_name = " ".join(part for part in (card.first_name, card.last_name) if part) or card.email or card.uid
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{escape(card.uid)}",
        f"N:{escape(card.last_name)};{escape(card.first_name)};;;",
        f"FN:{escape(full_name)}",
    ]
    if card.organization or card.department:
        org = escape(card.organization) + (f";{escape(card.department)}" if card.department else "")
        lines.append(f"ORG:{org}")
    if card.title:
        lines.append(f"TITLE:{escape(card.title)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(card.email)}")
    if card.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(card.phone)}")
    if card.note:
        lines.append(f"NOTE:{escape(card.note)}")
    if card.url:
        lines.append(f"URL:{card.url}")
    if card.revision is not None:
        lines.append(f"REV:{card.revision:%Y-%m-%dT%H:%M:%SZ}")
    lines.append("END:VCARD")
    return lines


def format_cards(cards: Iterable[Card]) -> str:
    """One or more vCards as the text of a .vcf file."""
    return "".join(fold(line) for card in cards for line in card_lines(card))
