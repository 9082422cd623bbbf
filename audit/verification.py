"""Run the chain verification, hold it against the last verified head and remember the result.

The hash chain alone proves only that the events present link up: an owner of the table can
empty it, cut off its newest events or rewrite and re-chain every hash, and the chain still
holds. So each good run leaves an anchor, the head it verified (seq and hash), in two places:
the database (audit.ChainCheckpoint) and a file outside it (settings.SOR_AUDIT_ANCHOR_FILE).
The next run first checks that every anchor's event is still there with the same hash."""

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from .chain import GENESIS_HASH, verify
from .models import AuditEvent, ChainCheckpoint


class AnchorFileError(Exception):
    """The anchor file cannot be read or written; the message is Danish and says what to do."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    where: str  # where this head was recorded, for the message


def anchor_file() -> Path:
    return Path(settings.SOR_AUDIT_ANCHOR_FILE)


def _database_key() -> str:
    """The file keeps one anchor per database, so a checkout that is run against SQLite and
    PostgreSQL in turn does not take one database's head for the other's."""
    s = connection.settings_dict
    return f"{connection.vendor}://{s.get('HOST') or ''}:{s.get('PORT') or ''}/{s['NAME']}"


def _read_anchor_file() -> dict[str, Any]:
    path = anchor_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("anchors"), dict):
            raise ValueError("mangler 'anchors'")
        return data
    except FileNotFoundError:
        return {"anchors": {}}
    except (OSError, ValueError) as exc:
        raise AnchorFileError(
            f"Ankerfilen {path} kan ikke læses ({exc}). Gendan den fra sikkerhedskopien; "
            "slet den kun, hvis ændringsloggen er kontrolleret på anden vis."
        ) from exc


def file_anchor() -> Anchor | None:
    entry = _read_anchor_file()["anchors"].get(_database_key())
    if entry is None:
        return None
    try:
        return Anchor(int(entry["seq"]), str(entry["hash"]), f"ankerfilen {anchor_file()}")
    except (KeyError, TypeError, ValueError) as exc:
        raise AnchorFileError(
            f"Ankerfilen {anchor_file()} kan ikke læses (ugyldigt anker: {exc}). Gendan den fra sikkerhedskopien."
        ) from exc


def _write_file_anchor(event: AuditEvent) -> None:
    """Write tmp + os.replace, so a crash leaves the old anchor or the new one, never half."""
    path = anchor_file()
    data = _read_anchor_file()
    data["anchors"][_database_key()] = {
        "seq": event.seq,
        "hash": event.hash,
        "occurred_at": event.occurred_at.isoformat(),
        "verified_at": timezone.now().isoformat(),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise AnchorFileError(
            f"Kæden holder, men ankeret kunne ikke gemmes i {path} ({exc}). Giv processen "
            "skriveadgang til mappen, eller peg SOR_AUDIT_ANCHOR_FILE på en skrivbar sti."
        ) from exc


def _db_anchor() -> Anchor | None:
    last_ok = ChainCheckpoint.objects.filter(ok=True, through_seq__isnull=False).first()
    if last_ok is None or last_ok.through_seq is None:
        return None
    return Anchor(last_ok.through_seq, last_ok.through_hash, "databasens seneste gode kontrol")


def _anchor_problem(anchor: Anchor, current_hash: str | None) -> str | None:
    """None when the anchor's event still carries the verified hash, else what is wrong."""
    if current_hash == anchor.hash:
        return None
    head = f"Hændelse nr. {anchor.seq} (sidst verificerede hoved, {anchor.where})"
    if current_hash is not None:
        return f"{head} har ikke længere den verificerede hash: historikken er skrevet om."
    top = AuditEvent.objects.aggregate(top=Max("seq"))["top"]
    if top is None:
        return f"{head} mangler; ændringsloggen er tom."
    if top < anchor.seq:
        return f"{head} mangler; tabellen slutter ved nr. {top}."
    return f"{head} mangler; den er slettet midt i kæden (tabellen slutter ved nr. {top})."


def _check_anchors(anchors: list[Anchor]) -> str | None:
    hashes = dict(AuditEvent.objects.filter(seq__in=[a.seq for a in anchors]).values_list("seq", "hash"))
    for anchor in anchors:
        problem = _anchor_problem(anchor, hashes.get(anchor.seq))
        if problem:
            return problem
    return None


def _first_gap(through_seq: int) -> str | None:
    """With --since-checkpoint the events up to the checkpoint are not walked; their count
    still shows a deleted one, and then the first missing seq is named."""
    if AuditEvent.objects.filter(seq__lte=through_seq).count() == through_seq:
        return None
    if not AuditEvent.objects.filter(seq=1).exists():
        missing = 1
    else:
        before_gap = (
            AuditEvent.objects.filter(seq__lt=through_seq)
            .filter(~Exists(AuditEvent.objects.filter(seq=OuterRef("seq") + 1)))
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        # A count below through_seq means a seq is missing, so some event lacks its successor.
        missing = (before_gap or 0) + 1
    return f"Hændelse {missing} mangler (hul i løbenumrene før kontrolpunktet ved hændelse {through_seq})."


def verify_and_record(*, since_checkpoint: bool = False) -> ChainCheckpoint:
    """Check the anchors, then verify the whole chain, or with since_checkpoint only the events
    after the newest anchor. A good run moves both anchors to the head it reached.
    Raises AnchorFileError when the anchor file cannot be read or written."""
    anchors = [a for a in (_db_anchor(), file_anchor()) if a is not None]
    problem = _check_anchors(anchors)
    last_good = None
    if problem is None:
        events = AuditEvent.objects.order_by("seq")
        start_seq, start_hash = 1, GENESIS_HASH
        start = max(anchors, key=lambda a: a.seq) if since_checkpoint and anchors else None
        if start is not None:
            problem = _first_gap(start.seq)
            start_seq, start_hash = start.seq + 1, start.hash
            events = events.filter(seq__gte=start_seq)
        if problem is None:
            last_good, problem = verify(
                events.iterator(chunk_size=2000), start_seq=start_seq, start_hash=start_hash
            )
            if last_good is None and start is not None:
                last_good = AuditEvent.objects.get(seq=start.seq)
    checkpoint = ChainCheckpoint.objects.create(
        ok=problem is None,
        through_seq=last_good.seq if last_good else None,
        through_occurred_at=last_good.occurred_at if last_good else None,
        through_hash=last_good.hash if last_good else "",
        problem=problem or "",
    )
    if problem is None and last_good is not None:
        _write_file_anchor(last_good)
    return checkpoint


def latest_checkpoint() -> ChainCheckpoint | None:
    return ChainCheckpoint.objects.first()


def chain_status() -> tuple[ChainCheckpoint | None, str | None]:
    """For the Ændringslog banner: the latest checkpoint and, if it (or the anchor file) says
    the chain held, whether its head is still there with the verified hash. One query in the
    usual case, where the file and the database name the same head."""
    checkpoint = ChainCheckpoint.objects.annotate(
        head_hash=Subquery(AuditEvent.objects.filter(seq=OuterRef("through_seq")).values("hash")[:1])
    ).first()
    if checkpoint is not None and not checkpoint.ok:
        return checkpoint, None
    try:
        from_file = file_anchor()
    except AnchorFileError as exc:
        return checkpoint, str(exc)
    if checkpoint is not None and checkpoint.through_seq is not None:
        db_anchor = Anchor(checkpoint.through_seq, checkpoint.through_hash, "databasens seneste kontrol")
        problem = _anchor_problem(db_anchor, checkpoint.head_hash)
        if problem or from_file is None or (from_file.seq, from_file.hash) == (db_anchor.seq, db_anchor.hash):
            return checkpoint, problem
    if from_file is None:
        return checkpoint, None
    return checkpoint, _check_anchors([from_file])
