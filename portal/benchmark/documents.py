"""Documents with their versions, recipients and links, a share with real encrypted files,
and the access log that records who read them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from portal.benchmark import Scale
from portal.benchmark.world import World, rows_of
from portal.core.audit_chain import chain_values
from portal.core.storage import get_storage
from portal.documents.models import AccessLogEntry
from portal.extensions import db


def add_documents(world: World, scale: Scale) -> list[tuple[int, int, int, int]]:
    """Write the documents; return (document, version, owner, recipient) for the access log."""
    w = world.writer
    templates = [d for d in rows_of(w, "document") if d["deleted_at"] is None]
    versions: dict[int, list[dict[str, Any]]] = {}
    for v in rows_of(w, "document_version"):
        versions.setdefault(v["document_id"], []).append(v)
    templates = [t for t in templates if t["id"] in versions]
    storage = get_storage()
    contents: dict[int, bytes] = {}
    # Which documents get files: spread evenly, so every party has some it can download.
    every = max(1, scale.documents // max(1, scale.files))
    read: list[tuple[int, int, int, int]] = []
    out: dict[str, list[dict[str, Any]]] = {
        t: [] for t in ("document", "document_version", "document_recipient", "document_link")
    }
    for n in range(scale.documents):
        template = world.rng.choice(templates)
        if world.placements and world.rng.random() < 0.6:
            placement, sender, receiver = world.rng.choice(world.placements)
            owner, recipient = (
                (sender, receiver) if world.rng.random() < 0.5 else (receiver, sender)
            )
        else:
            placement = None
            owner = world.pick(world.active)
            recipient = world.pick(world.active)
            if recipient == owner:
                recipient = world.rng.choice(world.active)
        created = world.time_in_last(5 * 365)
        days = created - template["created_at"]
        did = w.new_id("document")
        author = world.user_in(owner)
        out["document"].append(
            {
                **template,
                "id": did,
                "owner_party_id": owner,
                "title": f"{template['title']} ({did})",
                "secret_until": template["secret_until"] and template["secret_until"] + days,
                "created_by_id": author,
                "created_at": created,
                "deleted_at": None,
                "deleted_by_id": None,
                # As Document.note_version keeps it: the newest version's time, below.
                "latest_version_at": created
                + timedelta(minutes=max(v["number"] for v in versions[template["id"]])),
            }
        )
        if recipient != owner:
            out["document_recipient"].append({"document_id": did, "party_id": recipient})
        if placement is not None:
            out["document_link"].append(
                {
                    "document_id": did,
                    "placement_id": placement,
                    "event_id": None,
                    "event_role": None,
                    "environment_id": None,
                    "withdrawal_party_id": None,
                    "created_by_id": author,
                    "created_at": created,
                }
            )
        with_file = n % every == 0
        for version in versions[template["id"]]:
            vid = w.new_id("document_version")
            key = None
            if with_file:
                if version["id"] not in contents:
                    with storage.open(version["storage_key"]) as source:
                        contents[version["id"]] = source.read()
                key = storage.write([contents[version["id"]]])
            out["document_version"].append(
                {
                    **version,
                    "id": vid,
                    "document_id": did,
                    "storage_key": key,
                    "uploaded_by_id": author,
                    "uploaded_at": created + timedelta(minutes=version["number"]),
                    # Bytes never written count as purged: the page offers no download.
                    "purged_at": None if with_file else created + timedelta(days=1),
                }
            )
            read.append((did, vid, owner, recipient))
        if n % 5000 == 4999:
            _flush(world, out)
    _flush(world, out)
    return read


def _flush(world: World, out: dict[str, list[dict[str, Any]]]) -> None:
    for table in ("document", "document_version", "document_recipient", "document_link"):
        world.writer.insert(table, out[table])
        out[table] = []


def add_access_log(world: World, scale: Scale, read: list[tuple[int, int, int, int]]) -> None:
    times = sorted(world.time_in_last(5 * 365) for _ in range(scale.access_log))
    batch: list[dict[str, Any]] = []
    for at in times:
        document, version, owner, recipient = world.rng.choice(read)
        party = owner if world.rng.random() < 0.5 else recipient
        batch.append(
            {
                "id": world.writer.new_id("document_access_log"),
                "document_id": document,
                "version_id": version,
                "user_id": world.user_in(party),
                "party_id": party,
                "action": "view" if world.rng.random() < 0.7 else "download",
                "at": at,
                "address": f"10.{world.rng.randint(0, 255)}.{world.rng.randint(0, 255)}.7",
            }
        )
        if len(batch) >= 20000:
            _append_log(world, batch)
            batch = []
    _append_log(world, batch)


def _append_log(world: World, rows: list[dict[str, Any]]) -> None:
    chain_values(db.session(), AccessLogEntry, rows)
    world.writer.insert("document_access_log", rows)
