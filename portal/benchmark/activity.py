"""The annual calendar's events, notifications, the audit log and the catalogue's
learning environments, copied from the demo's own rows."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from portal.benchmark import Scale
from portal.benchmark.world import World, rows_of
from portal.catalogue.search import index_text
from portal.core.audit import AuditEvent
from portal.core.audit_chain import chain_values, normalise_json
from portal.extensions import db

# Events whose kind needs rows the copy does not make (the staff exchange's guests).
SKIPPED_KINDS = {"staff_exchange"}
AUDIT_EVENTS = (
    ("login.success", "success", 0.6),
    ("logout", "success", 0.25),
    ("login.failure", "failed", 0.1),
    ("password.change", "success", 0.05),
)


def add_events(world: World, scale: Scale) -> None:
    w = world.writer
    templates = [e for e in rows_of(w, "calendar_event") if str(e["kind"]) not in SKIPPED_KINDS]
    events, invited = [], []
    for _ in range(scale.events):
        template = world.rng.choice(templates)
        starts = world.time_in_last(5 * 365) + timedelta(days=180)
        days = starts - template["starts_at"]
        organiser = world.pick(world.active)
        eid = w.new_id("calendar_event")
        events.append(
            {
                **template,
                "id": eid,
                "uid": f"{uuid.uuid4()}@bench.silta",
                "starts_at": starts,
                "ends_at": template["ends_at"] + days,
                "organiser_party_id": organiser,
                "created_by_id": world.user_in(organiser),
                "created_at": template["created_at"] + days,
                "updated_at": template["updated_at"] + days,
            }
        )
        guests = {organiser, *world.picks(world.active, world.rng.randint(1, 3))}
        invited += [{"event_id": eid, "party_id": party} for party in sorted(guests)]
    w.insert("calendar_event", events)
    w.insert("calendar_event_party", invited)


def add_notifications(world: World, scale: Scale) -> None:
    w = world.writer
    templates = rows_of(w, "notification")
    people = [u for users in world.users_of.values() for u in users]
    weights = [world.weight.get(world.party_of[u], 1.0) for u in people]
    rows = []
    for user in world.rng.choices(people, weights, k=scale.notifications):
        template = world.rng.choice(templates)
        created = world.time_in_last(2 * 365)
        rows.append(
            {
                **template,
                "id": w.new_id("notification"),
                "user_id": user,
                "created_at": created,
                "read_at": created + timedelta(hours=5) if world.rng.random() < 0.8 else None,
            }
        )
        if len(rows) >= 20000:
            w.insert("notification", rows)
            rows = []
    w.insert("notification", rows)


def add_audit(world: World, scale: Scale) -> None:
    people = [u for users in world.users_of.values() for u in users]
    emails = {
        row["id"]: row["email"]
        for row in rows_of(world.writer, "user_account")
        if row["id"] in world.party_of
    }
    kinds = [(event, outcome) for event, outcome, _ in AUDIT_EVENTS]
    shares = [share for _, _, share in AUDIT_EVENTS]
    times = sorted(world.time_in_last(5 * 365) for _ in range(scale.audit))
    batch: list[dict[str, Any]] = []
    for at in times:
        actor = world.rng.choice(people)
        event, outcome = world.rng.choices(kinds, shares)[0]
        batch.append(
            {
                "id": world.writer.new_id("audit_event"),
                "at": at,
                "event": event,
                "outcome": outcome,
                "actor_id": None if outcome == "failed" else actor,
                "actor_email": emails[actor],
                "actor_party_id": None if outcome == "failed" else world.party_of[actor],
                "target_type": "",
                "target_id": None,
                "address": f"10.{world.rng.randint(0, 255)}.{world.rng.randint(0, 255)}.9",
                "details": normalise_json({}),
            }
        )
        if len(batch) >= 20000:
            _append_audit(world, batch)
            batch = []
    _append_audit(world, batch)


def _append_audit(world: World, rows: list[dict[str, Any]]) -> None:
    chain_values(db.session(), AuditEvent, rows)
    world.writer.insert("audit_event", rows)


def add_catalogue(world: World) -> None:
    """A learning environment, with its qualification units, for workshops' fields."""
    w = world.writer
    environments = rows_of(w, "learning_environment")
    units: dict[int, list[dict[str, Any]]] = {}
    for unit in rows_of(w, "qualification_unit"):
        units.setdefault(unit["environment_id"], []).append(unit)
    new_environments, new_units = [], []
    described = {e["unit_id"] for e in environments}
    # The report's search text names its own unit, not the one its contents were copied from.
    unit_names = {u["id"]: u["name"] for u in rows_of(w, "unit")}
    for workshop in world.workshops:
        for field_unit in world.fields_of[workshop]:
            if field_unit in described:
                continue
            template = world.rng.choice(environments)
            eid = w.new_id("learning_environment")
            new_environments.append(
                {
                    **template,
                    "id": eid,
                    "unit_id": field_unit,
                    "updated_by_id": world.user_in(workshop),
                    "search_text": index_text(unit_names[field_unit], template["work_description"]),
                }
            )
            for unit in units.get(template["id"], []):
                new_units.append(
                    {**unit, "id": w.new_id("qualification_unit"), "environment_id": eid}
                )
    w.insert("learning_environment", new_environments)
    w.insert("qualification_unit", new_units)
