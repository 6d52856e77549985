"""The chain as stored: reading it from the database or from an export, checking it (with the
append-only triggers), writing the export, and the chain's state for the audit page."""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import chain
from chuangwen.audit.models import AuditAnchor, AuditEvent, ChainCheck

EXPORT_FORMAT = "chuangwen-audit-chain/1"
FIELDS = ("id", "hash", *chain.CONTENT_KEYS)
# The triggers that refuse UPDATE and DELETE (migrations 0003 and 0004), per database.
TRIGGERS = {
    "sqlite": (
        "audit_auditevent_no_update", "audit_auditevent_no_delete",
        "audit_auditanchor_no_update", "audit_auditanchor_no_delete",
    ),
    "postgresql": ("audit_auditevent_append_only", "audit_auditanchor_append_only"),
}  # fmt: skip


class ExportError(ValueError):
    """An export file that cannot be read as a chain (the line is named)."""


def database_links(chunk_size: int = 2000) -> Iterator[chain.Link]:
    rows = AuditEvent.objects.order_by("seq").values_list(*FIELDS).iterator(chunk_size=chunk_size)
    for row in rows:
        data = dict(zip(FIELDS, row, strict=True))
        event_id, stored = data.pop("id"), data.pop("hash")
        data["at"] = chain.utc_iso(data["at"])
        yield chain.Link(event_id, data, stored)


def database_anchors() -> list[chain.Anchor]:
    return [
        chain.Anchor(a.day.isoformat(), a.until, a.seq, a.head_hash)
        for a in AuditAnchor.objects.order_by("day").only("day", "until", "seq", "head_hash")
    ]


def present_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def missing_triggers() -> list[str]:
    present = present_triggers()
    return [name for name in TRIGGERS.get(connection.vendor, ()) if name not in present]


def day_end(day: datetime.date) -> datetime.datetime:
    """The end (exclusive) of a day in the platform's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def kept_anchors(kept: list[tuple[datetime.date, str]], links: Iterable[chain.Link]) -> list[chain.Anchor]:
    """Anchors from hashes someone kept (the digest email, the public page): each day's hash must be
    the hash of the last event dated before the day's end. Their places are looked up in `links`."""
    wanted = {hash_ for _day, hash_ in kept}
    seqs = {link.hash: link.seq for link in links if link.hash in wanted}
    return [chain.Anchor(day.isoformat(), day_end(day), seqs.get(hash_, 0), hash_) for day, hash_ in kept]


def unknown_anchor(anchors: list[chain.Anchor]) -> chain.Finding | None:
    for anchor in anchors:
        if anchor.seq == 0:
            return chain.Finding("anchor_unknown", expected=anchor.hash, day=anchor.day)
    return None


def verify_database(kept: list[tuple[datetime.date, str]] = ()) -> chain.Result:
    """The whole chain against the published anchors (and any kept outside), then its triggers."""
    extra = kept_anchors(list(kept), database_links()) if kept else []
    if (finding := unknown_anchor(extra)) is not None:
        return chain.Result(finding=finding)
    result = chain.verify(database_links(), database_anchors() + extra)
    missing = missing_triggers()
    if result.ok and missing:
        result.finding = chain.Finding("triggers", found=", ".join(missing))
    return result


# --- the export: JSON Lines -----------------------------------------------------------------


def _line(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_lines() -> Iterator[str]:
    """A header, the published anchors, then every event: its id, canonical content and hash."""
    yield _line({
        "kind": "chain", "format": EXPORT_FORMAT, "algorithm": "sha256", "genesis": chain.GENESIS,
        "exported_at": chain.utc_iso(timezone.now()),
    })  # fmt: skip
    for anchor in database_anchors():
        yield _line({
            "kind": "anchor", "day": anchor.day, "until": chain.utc_iso(anchor.until), "seq": anchor.seq,
            "hash": anchor.hash,
        })  # fmt: skip
    for link in database_links():
        yield _line({"kind": "event", "id": link.id, "hash": link.hash, **chain.normal(link.content)})


def _parse(number: int, text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ExportError(_("第 %(line)s 行不是 JSON：%(error)s") % {"line": number, "error": error}) from error
    if not isinstance(data, dict) or data.get("kind") not in ("chain", "anchor", "event"):
        raise ExportError(_("第 %(line)s 行不是审计链的记录") % {"line": number})
    return data


def read_export(lines: Iterable[str]) -> tuple[list[chain.Anchor], Iterator[chain.Link]]:
    """The anchors (before the events in the file) and the events, read lazily."""
    records = ((number, _parse(number, text)) for number, text in enumerate(lines, start=1) if text.strip())
    anchors: list[chain.Anchor] = []
    for number, data in records:
        if data["kind"] == "event":
            return anchors, _links(itertools.chain([(number, data)], records))
        if data["kind"] == "anchor":
            anchors.append(_anchor(number, data))
    return anchors, iter(())


def _anchor(number: int, data: dict) -> chain.Anchor:
    try:
        return chain.Anchor(data["day"], datetime.datetime.fromisoformat(data["until"]), data["seq"], data["hash"])
    except (KeyError, TypeError, ValueError) as error:
        raise ExportError(_("第 %(line)s 行不是完整的每日校验值") % {"line": number}) from error


def _links(records: Iterable[tuple[int, dict]]) -> Iterator[chain.Link]:
    for number, data in records:
        if data["kind"] != "event":
            raise ExportError(_("第 %(line)s 行：事件之后不应再有其他记录") % {"line": number})
        try:
            yield chain.Link(data.get("id"), {k: data[k] for k in chain.CONTENT_KEYS}, data["hash"])
        except KeyError as error:
            raise ExportError(_("第 %(line)s 行缺少字段 %(field)s") % {"line": number, "field": error}) from error


def verify_export(path: Path, kept: list[tuple[datetime.date, str]] = ()) -> chain.Result:
    """An exported chain against its own anchors and any kept outside (the file is read twice then)."""
    extra: list[chain.Anchor] = []
    if kept:
        with path.open(encoding="utf-8") as stream:
            extra = kept_anchors(list(kept), read_export(stream)[1])
        if (finding := unknown_anchor(extra)) is not None:
            return chain.Result(finding=finding)
    with path.open(encoding="utf-8") as stream:
        anchors, links = read_export(stream)
        return chain.verify(links, anchors + extra)


# --- the state the audit page shows -----------------------------------------------------------


@dataclass
class ChainState:
    length: int
    head_hash: str
    last_anchor: AuditAnchor | None
    last_check: ChainCheck | None


def chain_state() -> ChainState:
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() or (0, chain.GENESIS)
    return ChainState(
        length=head[0],
        head_hash=head[1],
        last_anchor=AuditAnchor.objects.order_by("-day").first(),
        last_check=ChainCheck.objects.select_related("checked_by").order_by("-checked_at", "-id").first(),
    )
