"""Parties, their units and people, and their signatures on the agreement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.benchmark import Scale
from portal.benchmark.world import BUSIEST, World, rows_of, zipf_weights

TOWNS = (
    "Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä", "Kuopio", "Lahti",
    "Pori", "Kouvola", "Joensuu", "Lappeenranta", "Hämeenlinna", "Vaasa", "Seinäjoki",
    "Rovaniemi", "Mikkeli", "Kotka", "Salo", "Porvoo", "Kokkola", "Hyvinkää", "Lohja",
    "Järvenpää", "Rauma", "Kajaani", "Kerava", "Savonlinna", "Nokia", "Kangasala", "Iisalmi",
)  # fmt: skip
FIELDS = (
    "Puu- ja metallityö", "Ravintola ja catering", "Kiinteistöhuolto", "Rakennus- ja puuala",
    "Logistiikka", "Kierrätys ja korjaus", "Media ja viestintä", "Tekstiili ja muoti",
    "Hoiva ja avustavat työt", "Autokorjaamo", "Viherala", "Kauppa ja asiakaspalvelu",
)  # fmt: skip
FIRST = (
    "Aino", "Eino", "Helmi", "Juho", "Kaisa", "Lauri", "Minna", "Niko", "Outi", "Pekka",
    "Riikka", "Sami", "Tiina", "Ville", "Elina", "Antti", "Hanna", "Jari", "Katja", "Markku",
)  # fmt: skip
LAST = (
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen",
)  # fmt: skip
KINDS = (("workshop", 0.65), ("education_provider", 0.25), ("social_services", 0.08))


def business_id(number: int) -> str:
    """A business ID with a valid check digit (Y-tunnus), numbered from 3000000 up."""
    digits = f"{3000000 + number:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return business_id(number + 500000)
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def add_parties(world: World, scale: Scale) -> None:
    w = world.writer
    existing = rows_of(w, "party")
    agreement_id = rows_of(w, "agreement")[0]["id"]
    parties, units, signatures = [], [], []
    kinds = [k for k, _ in KINDS]
    for n in range(scale.parties - len(existing)):
        kind = world.rng.choices(kinds, [share for _, share in KINDS])[0]
        town = TOWNS[n % len(TOWNS)]
        pid = w.new_id("party")
        name = {
            "workshop": f"{town}n työpajat {n + 1}",
            "education_provider": f"Ammattiopisto {town} {n + 1}",
            "social_services": f"{town}n sosiaalipalvelut {n + 1}",
        }[kind]
        joined = world.today - timedelta(days=world.rng.randint(400, 2500))
        parties.append(
            {
                "id": pid,
                "name": name,
                "kind": kind,
                "business_id": business_id(n),
                "description": "",
                "locality": town,
                "website": "",
                "signatory_name": f"{world.rng.choice(FIRST)} {world.rng.choice(LAST)}",
                "signatory_title": "Toimitusjohtaja",
                "is_founding": False,
                "joined_on": joined,
                "withdrawn_on": None,
                "withdrawal_notice": "",
                "created_at": world.at(joined),
            }
        )
        signatures.append(
            {
                "id": w.new_id("signature"),
                "agreement_id": agreement_id,
                "party_id": pid,
                "signer_name": parties[-1]["signatory_name"],
                "signer_title": "Toimitusjohtaja",
                "place": town,
                "signed_on": joined,
                "recorded_by_id": None,
                "recorded_at": world.at(joined),
            }
        )
        site = {"id": w.new_id("unit"), "party_id": pid, "kind": "site", "name": town}
        units.append({**site, "locality": town, "address": f"Pajakatu {n % 90 + 1}"})
        for field_name in world.rng.sample(FIELDS, world.rng.randint(1, 3)):
            units.append(
                {
                    "id": w.new_id("unit"),
                    "party_id": pid,
                    "kind": "field",
                    "name": field_name,
                    "locality": town,
                    "address": "",
                }
            )
    w.insert("party", parties)
    w.insert("signature", signatures)
    w.insert("unit", units)

    everyone = rows_of(w, "party")
    busiest = [p["id"] for p in everyone if p["business_id"] in BUSIEST]
    for p in everyone:
        if p["withdrawn_on"] is not None or str(p["kind"]) == "supporting":
            continue
        world.active.append(p["id"])
        if str(p["kind"]) == "workshop":
            world.workshops.append(p["id"])
        elif str(p["kind"]) == "education_provider":
            world.providers.append(p["id"])
    # The demo parties first: rank 1 is the busiest.
    for kind_list in (world.workshops, world.providers, world.active):
        kind_list.sort(key=lambda pid: (pid not in busiest, pid))
    world.weight = {
        **zipf_weights(world.active),
        **zipf_weights(world.providers),
        **zipf_weights(world.workshops),
    }
    for unit in rows_of(w, "unit"):
        if str(unit["kind"]) == "field":
            world.fields_of.setdefault(unit["party_id"], []).append(unit["id"])
    for pid in world.active:
        if pid not in world.fields_of:
            world.fields_of[pid] = [u["id"] for u in rows_of(w, "unit") if u["party_id"] == pid]


def add_people(world: World, scale: Scale) -> None:
    w = world.writer
    existing = rows_of(w, "user_account")
    # Everyone signs in with the demo password: the bench can act as anyone.
    password_hash = next(u["password_hash"] for u in existing if u["password_hash"])
    for u in existing:
        if u["party_id"] is not None:
            world.users_of.setdefault(u["party_id"], []).append(u["id"])
            world.party_of[u["id"]] = u["party_id"]
            if str(u["role"]) == "coordinator":
                world.coordinators_of.setdefault(u["party_id"], []).append(u["id"])
    # Every party has a coordinator; the rest go to parties by how busy they are.
    owners = [p for p in world.active if p not in world.coordinators_of]
    extra = max(0, scale.people - len(existing) - len(owners))
    owners += world.picks(world.active, extra)
    now = datetime.now(UTC)
    rows = []
    for party in owners:
        uid = w.new_id("user_account")
        first, last = world.rng.choice(FIRST), world.rng.choice(LAST)
        coordinator = party not in world.coordinators_of
        rows.append(
            {
                "id": uid,
                "party_id": party,
                "unit_id": None,
                "email": f"{first.lower()}.{last.lower()}.{uid}@bench.example",
                "name": f"{first} {last}",
                "title": "Koordinaattori" if coordinator else "Työvalmentaja",
                "phone": f"040 {uid:07d}",
                "role": "coordinator" if coordinator else "staff",
                "password_hash": password_hash,
                "locale": None,
                "active": True,
                "party_from_command_line": False,
                "created_at": now - timedelta(days=world.rng.randint(30, 1800)),
                "invited_at": None,
                "last_login_at": None,
                "password_changed_at": None,  # nosec B105 - a time, not a password
            }
        )
        world.users_of.setdefault(party, []).append(uid)
        world.party_of[uid] = party
        if coordinator:
            world.coordinators_of[party] = [uid]
    w.insert("user_account", rows)
