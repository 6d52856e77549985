"""Deterministic generators of Chinese personal names, mobile numbers and unique place names."""

from __future__ import annotations

import random
from collections.abc import Callable

from chuangwen.demo.data.names import GIVEN_CHARS, MOBILE_PREFIXES, SURNAMES


class NameGen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self._phones: set[str] = set()
        self._used: dict[str, set[str]] = {}

    def person(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN_CHARS)
        if rng.random() < 0.65:
            given += rng.choice(GIVEN_CHARS)
        return rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        """An 11-digit mobile number, never the same twice in one run."""
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def contact(self) -> tuple[str, str]:
        return self.person(), self.mobile()

    def unique(self, scope: str, make: Callable[[random.Random], str], tries: int = 60) -> str:
        """make(rng) until it gives a name not used yet in this scope; after many misses, number it."""
        used = self._used.setdefault(scope, set())
        name = make(self.rng)
        for _ in range(tries):
            if name not in used:
                break
            name = make(self.rng)
        else:
            base, n = name, 2
            while name in used:
                name, n = f"{base}（{n}）", n + 1
        used.add(name)
        return name

    def reserve(self, scope: str, name: str) -> None:
        self._used.setdefault(scope, set()).add(name)
