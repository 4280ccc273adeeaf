"""Small random helpers on top of :class:`random.Random` (the generator needs no numpy)."""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")

_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent, reproducible generator for one phase or one account.

    String seeds are hashed with SHA-512 by :mod:`random`, so the stream does not depend on
    ``PYTHONHASHSEED`` or on how much randomness other phases used.
    """
    return random.Random(":".join([str(seed), *map(str, parts)]))  # noqa: S311 (demo data, not secrets)


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``."""
    return low if value < low else high if value > high else value


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def geometric(rng: random.Random, mean: float) -> int:
    """A draw from {0, 1, 2, …} with the given mean."""
    if mean <= 0:
        return 0
    p = 1.0 / (1.0 + mean)
    return int(math.log(1.0 - rng.random()) / math.log(1.0 - p))


def cumulative(weights: Sequence[float]) -> list[float]:
    """Cumulative weights for :meth:`random.Random.choices`."""
    return list(accumulate(weights))


def pick(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    """One item drawn with the given (non-cumulative) weights."""
    return rng.choices(items, weights=weights)[0]


def ascii_slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII letters and digits joined by ``sep`` (umlauts become ae/oe/ue)."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return sep.join(words)
