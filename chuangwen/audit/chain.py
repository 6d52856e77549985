"""The audit trail's hash chain: the canonical content of an event, its hash, and the check that
walks a chain (from the database or from an export) and names the first broken link.

The algorithm, so that anyone can re-implement the check (docs/security.md):

- Each event has a position `seq` (1, 2, 3, ... with no gap) and its content: seq, at (UTC,
  ISO 8601 with microseconds, "+00:00"), actor_id, actor_name, event_type, object_type,
  object_id, object_repr, before, after, reason, request_id and prev_hash.
- canonical(content) = JSON with sorted keys, no spaces (separators "," and ":"), UTF-8 without
  escaping (ensure_ascii=False); a float with an integral value is written as an integer
  (PostgreSQL's jsonb gives 1e20 back as 100000000000000000000).
- hash = SHA-256 of canonical(content), in lower-case hex; prev_hash is the previous event's hash,
  and 64 zeros for the first event.
- A day's anchor (published) names the last event dated before the day's end (`until`) and its
  hash: that event must still carry it, and no event dated before `until` may come after it.

This module touches no database: it checks any iterable of Link, in seq order.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

GENESIS = "0" * 64
CONTENT_KEYS = (
    "seq", "at", "actor_id", "actor_name", "event_type", "object_type", "object_id", "object_repr",
    "before", "after", "reason", "request_id", "prev_hash",
)  # fmt: skip


def normal(value: Any) -> Any:
    """JSON data as the databases give it back: integral floats as integers, at any depth."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): normal(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    return value


def utc_iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def content_of(event: Any) -> dict[str, Any]:
    """The canonical content of an AuditEvent (or of any object with its fields)."""
    content = {key: getattr(event, key) for key in CONTENT_KEYS if key != "at"}
    content["at"] = utc_iso(event.at)
    return content


def canonical(content: dict[str, Any]) -> bytes:
    data = {key: normal(content[key]) for key in CONTENT_KEYS}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored event: its database id (for naming it), canonical content and stored hash."""

    id: int | None
    content: dict[str, Any]
    hash: str

    @property
    def seq(self) -> int:
        return self.content["seq"]


@dataclass(frozen=True)
class Anchor:
    day: str
    until: datetime.datetime
    seq: int
    hash: str


@dataclass(frozen=True)
class Finding:
    """The first thing wrong, with what was expected and what was found."""

    code: str
    seq: int | None = None
    event_id: int | None = None
    expected: str = ""
    found: str = ""
    day: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**{k: data.get(k) for k in ("code", "seq", "event_id", "expected", "found", "day")})

    def message(self) -> str:
        template = MESSAGES.get(self.code, MESSAGES["hash"])()
        return template % {
            "seq": self.seq, "id": self.event_id, "expected": self.expected, "found": self.found, "day": self.day,
        }  # fmt: skip


MESSAGES = {
    "seq": lambda: _("序号不连续：应为第 %(expected)s 条，实为第 %(found)s 条（事件被删除、插入或调换）"),
    "link": lambda: _(
        "事件 #%(id)s（第 %(seq)s 条）与上一条事件的链接断裂：前一校验值应为 %(expected)s，记录为 %(found)s"
    ),
    "hash": lambda: _("事件 #%(id)s（第 %(seq)s 条）的内容与校验值不符：按内容计算为 %(expected)s，记录为 %(found)s"),
    "anchor_hash": lambda: _("%(day)s 公布的校验值与第 %(seq)s 条事件不符：公布的是 %(expected)s，现为 %(found)s"),
    "anchor_missing": lambda: _("%(day)s 公布的链头（第 %(seq)s 条事件）已不存在"),
    "anchor_late": lambda: _(
        "%(day)s 公布的链头是第 %(expected)s 条，但现在该日结束前的最后一条是第 %(found)s 条（事后补写了事件）"
    ),
    "triggers": lambda: _("禁止修改和删除审计事件的数据库触发器缺失：%(found)s"),
    "anchor_unknown": lambda: _("%(day)s 的校验值 %(expected)s 在审计链中找不到（该日之前的日志已被改写）"),
}


@dataclass
class Result:
    length: int = 0
    head_hash: str = GENESIS
    anchors: int = 0
    finding: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None


def verify(links: Iterable[Link], anchors: Sequence[Anchor] = ()) -> Result:
    """Walk the chain in seq order; stop at the first broken link, then hold it to the anchors."""
    result = Result()
    anchors = sorted(anchors, key=lambda a: a.until)
    ends = [a.until for a in anchors]
    by_seq: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        by_seq.setdefault(anchor.seq, []).append(anchor)
    latest = [0] * len(anchors)  # per anchor: the last seq dated in [previous until, until)
    for link in links:
        result.finding = _check_link(link, result.length + 1, result.head_hash)
        if result.finding is None:
            result.finding = _check_anchor_hashes(by_seq.get(link.seq, ()), link)
        if result.finding is not None:
            return result
        result.length, result.head_hash = link.seq, link.hash
        index = bisect.bisect_right(ends, datetime.datetime.fromisoformat(link.content["at"]))
        if index < len(latest):
            latest[index] = max(latest[index], link.seq)
    result.finding = _check_anchor_heads(anchors, latest, result.length)
    result.anchors = len(anchors)
    return result


def _check_link(link: Link, expected_seq: int, prev_hash: str) -> Finding | None:
    if link.seq != expected_seq:
        return Finding("seq", seq=expected_seq, event_id=link.id, expected=str(expected_seq), found=str(link.seq))
    if link.content["prev_hash"] != prev_hash:
        return Finding("link", link.seq, link.id, expected=prev_hash, found=str(link.content["prev_hash"]))
    computed = digest(link.content)
    if computed != link.hash:
        return Finding("hash", link.seq, link.id, expected=computed, found=link.hash)
    return None


def _check_anchor_hashes(anchors: Iterable[Anchor], link: Link) -> Finding | None:
    for anchor in anchors:
        if anchor.hash != link.hash:
            return Finding("anchor_hash", anchor.seq, link.id, expected=anchor.hash, found=link.hash, day=anchor.day)
    return None


def _check_anchor_heads(anchors: list[Anchor], latest: list[int], length: int) -> Finding | None:
    """Each anchor's event still exists and is still the last one dated before the anchor's end."""
    running = 0
    for anchor, last in zip(anchors, latest, strict=True):
        running = max(running, last)
        if anchor.seq > length:
            return Finding("anchor_missing", anchor.seq, expected=anchor.hash, day=anchor.day)
        if running != anchor.seq:
            return Finding("anchor_late", anchor.seq, expected=str(anchor.seq), found=str(running), day=anchor.day)
    return None
