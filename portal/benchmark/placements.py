"""Placements over five years with their timelines, agreements and signatures, and quotas.

Each placement is a copy of one of the demo's placements — whose timelines, agreement terms
and signatures the portal itself wrote — moved to other parties and other dates. The copy
keeps the story consistent: its steps, versions and signatures are the template's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from portal.benchmark import Scale
from portal.benchmark.world import World, rows_of

FINAL = {"completed", "interrupted", "declined", "cancelled"}
# Children of a placement, and the columns in them that name a party or a person.
CHILDREN = (
    "placement_step",
    "placement_agreement",
    "placement_comment",
    "placement_demonstration",
    "placement_qualification_unit",
)
USER_COLUMNS = (
    "created_by_id",
    "actor_id",
    "author_id",
    "user_id",
    "instructor_id",
    "teacher_id",
    "uploaded_by_id",
)


class Template:
    def __init__(self, world: World, placement: dict[str, Any]) -> None:
        w = world.writer
        self.placement = placement
        self.children = {
            table: rows_of(w, table, w.table(table).c.placement_id == placement["id"])
            for table in CHILDREN
        }
        agreement_ids = [a["id"] for a in self.children["placement_agreement"]]
        t = w.table("placement_signature")
        self.signatures = rows_of(w, "placement_signature", t.c.agreement_id.in_(agreement_ids))

    @property
    def start(self) -> date:
        start: date = self.placement["start_on"]
        return start


def shifted(value: Any, days: timedelta) -> Any:
    if isinstance(value, datetime | date):
        return value + days
    return value


class Copier:
    """Copies a template's rows to new parties, people and dates."""

    def __init__(self, world: World, template: Template, sender: int, receiver: int) -> None:
        self.world = world
        self.template = template
        old = template.placement
        self.parties = {old["sender_party_id"]: sender, old["receiver_party_id"]: receiver}
        self.people: dict[int, int] = {}

    def person(self, user_id: int | None) -> int | None:
        if user_id is None:
            return None
        if user_id not in self.people:
            party = self.world.party_of.get(user_id)
            new_party = self.parties.get(party) if party is not None else None
            # The administrator and people of third parties stay who they were.
            self.people[user_id] = (
                self.world.user_in(new_party) if new_party is not None else user_id
            )
        return self.people[user_id]

    def row(self, row: dict[str, Any], days: timedelta, **changes: Any) -> dict[str, Any]:
        copy = {key: shifted(value, days) for key, value in row.items()}
        for column in USER_COLUMNS:
            if column in copy:
                copy[column] = self.person(copy[column])
        if copy.get("party_id") in self.parties:
            copy["party_id"] = self.parties[copy["party_id"]]
        copy.update(changes)
        return copy


def add_placements(world: World, scale: Scale) -> None:
    w = world.writer
    templates = [Template(world, p) for p in rows_of(w, "placement")]
    by_direction: dict[str, list[Template]] = {}
    for t in templates:
        by_direction.setdefault(str(t.placement["direction"]), []).append(t)
    out: dict[str, list[dict[str, Any]]] = {table: [] for table in (*CHILDREN, "placement")}
    out["placement_signature"] = []
    five_years = 5 * 365

    def flush() -> None:
        for table in ("placement", *CHILDREN, "placement_signature"):
            w.insert(table, out[table])
            out[table] = []

    for n in range(scale.placements):
        direction = "to_workshop" if world.rng.random() < 0.6 else "to_studies"
        workshop, provider = world.pick(world.workshops), world.pick(world.providers)
        sender, receiver = (
            (provider, workshop) if direction == "to_workshop" else (workshop, provider)
        )
        start = world.day_in_last(five_years, ahead=120)
        template = _choose(world, by_direction[direction], start)
        days = timedelta(days=(start - template.start).days)
        copier = Copier(world, template, sender, receiver)
        pid = w.new_id("placement")
        initials = "".join(world.rng.choice("ABDEHIJKLMNOPRSTUV") for _ in range(2))
        out["placement"].append(
            copier.row(
                template.placement,
                days,
                id=pid,
                sender_party_id=sender,
                receiver_party_id=receiver,
                reference=f"BENCH-{pid:06d}",
                initials=initials,
                full_name="",
                workshop_unit_id=world.rng.choice(world.fields_of[workshop]),
            )
        )
        agreements: dict[int, int] = {}
        for table in CHILDREN:
            for child in template.children[table]:
                new_id = w.new_id(table)
                if table == "placement_agreement":
                    agreements[child["id"]] = new_id
                extra: dict[str, Any] = {"id": new_id, "placement_id": pid}
                if table == "placement_qualification_unit":
                    extra["catalogue_unit_id"] = None
                out[table].append(copier.row(child, days, **extra))
        for signature in template.signatures:
            out["placement_signature"].append(
                copier.row(
                    signature,
                    days,
                    id=w.new_id("placement_signature"),
                    agreement_id=agreements[signature["agreement_id"]],
                )
            )
        world.placements.append((pid, sender, receiver))
        if n % 2000 == 1999:
            flush()
    flush()


def _choose(world: World, templates: list[Template], start: date) -> Template:
    # A template that started near the new date tells a story that fits it; older
    # placements than any template have all ended.
    near = [t for t in templates if abs((t.start - start).days) <= 120]
    if not near:
        near = [t for t in templates if str(t.placement["status"]) in FINAL] or templates
    return world.rng.choice(near)


def add_quotas(world: World, scale: Scale) -> None:
    w = world.writer
    templates = rows_of(w, "quota")
    allocations = rows_of(w, "quota_allocation")
    quotas, places = [], []
    for _ in range(scale.quotas):
        template = world.rng.choice(templates)
        workshop, provider = world.pick(world.workshops), world.pick(world.providers)
        days = timedelta(days=world.rng.randint(-5 * 365, 60))
        qid = w.new_id("quota")
        unit = world.rng.choice(world.fields_of[workshop])
        copy = {k: shifted(v, days) for k, v in template.items()}
        copy.update(
            id=qid,
            workshop_id=workshop,
            provider_id=provider,
            unit_id=unit,
            created_by_id=world.user_in(workshop),
        )
        quotas.append(copy)
        for allocation in allocations:
            if allocation["quota_id"] != template["id"]:
                continue
            place = {k: shifted(v, days) for k, v in allocation.items()}
            place.update(
                id=w.new_id("quota_allocation"),
                quota_id=qid,
                placement_id=None,
                reference=f"BENCH-Q{qid}",
                created_by_id=world.user_in(provider),
                released_by_id=None,
            )
            places.append(place)
    w.insert("quota", quotas)
    w.insert("quota_allocation", places)
