"""The parties of the Kaakkois-Suomi guidelines, their signatures, units and people."""

from __future__ import annotations

from datetime import date, timedelta

from portal.auth.models import Role, User
from portal.auth.passwords import hash_password
from portal.core.dates import today
from portal.demo import DEMO_PASSWORD, DemoContext
from portal.extensions import db
from portal.parties.models import Agreement, Party, PartyKind, Signature, Unit, UnitKind

AGREEMENT_TITLE = (
    "Kaakkois-Suomen työpajojen ja ammatillisen koulutuksen järjestäjien yhteistyön linjaukset"
)
AGREEMENT_SUMMARY = (
    "Linjaukset edistävät alueen työpajojen ja koulutuksen järjestäjien yhteistyötä ja "
    "varmistavat, että yksilön etua painotetaan kaikessa päätöksenteossa. Ne mahdollistavat "
    "kaksisuuntaisen valmentautuja- ja opiskelijaliikenteen työpajojen ja koulutuksen "
    "järjestäjien välillä. Linjaukset ovat voimassa toistaiseksi."
)

# (short name, name, kind, business ID, locality, signatory, title, founding)
PARTIES = [
    (
        "kouvola",
        "Kouvolan kaupunki / Nuorten työpajat",
        PartyKind.WORKSHOP,
        "2468135-7",
        "Kouvola",
        "Veikko Niemi",
        "kasvatus- ja opetusjohtaja",
        True,
    ),
    (
        "kymsote",
        "Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä",
        PartyKind.SOCIAL_SERVICES,
        "1357913-8",
        "Kouvola",
        "Nina Holm-Richardsson",
        "palvelupäällikkö, Työelämäpalvelut",
        True,
    ),
    (
        "parik",
        "Parik-säätiö",
        PartyKind.WORKSHOP,
        "0914726-0",
        "Kouvola",
        "Pasi Hedman",
        "toimitusjohtaja",
        True,
    ),
    (
        "luovi",
        "Ammattiopisto Luovi",
        PartyKind.EDUCATION_PROVIDER,
        "2049381-8",
        "Oulu",
        "Seija Karvonen",
        "koulutustoiminnan johtaja",
        True,
    ),
    (
        "tpy",
        "Valtakunnallinen työpajayhdistys ry",
        PartyKind.SUPPORTING,
        "0201256-6",
        "Helsinki",
        "",
        "",
        False,
    ),
]

# The signatures as written on the signed copies (Kouvola's block was left unsigned).
SIGNATURES = {
    "kymsote": ("Kouvola", date(2021, 12, 11)),
    "parik": ("Kouvola", date(2021, 11, 13)),
    "luovi": ("Oulu", date(2020, 1, 17)),
}

UNITS = {
    "kouvola": [
        (UnitKind.SITE, "Nuorten työpajat, Kouvola", "Kouvola", "Savonkatu 38, 45100 Kouvola")
    ],
    "kymsote": [
        (UnitKind.FIELD, "Työelämäpalvelut", "Kouvola", "Kasarminmäentie 13, 45100 Kouvola")
    ],
    "parik": [
        (UnitKind.SITE, "Parik Kouvola", "Kouvola", "Kauppamiehenkatu 4, 45100 Kouvola"),
        (UnitKind.FIELD, "Puu- ja metallityö", "Kouvola", ""),
        (UnitKind.FIELD, "Ravintola ja catering", "Kouvola", ""),
        (UnitKind.FIELD, "Kiinteistöhuolto", "Kuusankoski", ""),
    ],
    "luovi": [
        (UnitKind.SITE, "Luovi Kouvola", "Kouvola", "Paraatikenttä 7, 45100 Kouvola"),
        (UnitKind.FIELD, "Rakennus- ja puuala", "Kouvola", ""),
    ],
    "tpy": [(UnitKind.SITE, "Toimisto", "Helsinki", "")],
}

# (e-mail, name, title, phone, role, party, coordinator's unit)
PEOPLE = [
    ("admin@silta.example", "Aino Ylläpitäjä", "Portaalin pääkäyttäjä", "", Role.ADMIN, None, None),
    (
        "maria.virtanen@parik.example",
        "Maria Virtanen",
        "Työpajakoordinaattori",
        "+358 40 111 2233",
        Role.COORDINATOR,
        "parik",
        None,
    ),
    (
        "jukka.lehtonen@parik.example",
        "Jukka Lehtonen",
        "Vastaava työvalmentaja",
        "+358 40 222 3344",
        Role.COORDINATOR,
        "parik",
        "Puu- ja metallityö",
    ),
    (
        "sanna.nieminen@parik.example",
        "Sanna Nieminen",
        "Työvalmentaja",
        "+358 40 333 4455",
        Role.STAFF,
        "parik",
        None,
    ),
    (
        "paivi.korhonen@luovi.example",
        "Päivi Korhonen",
        "Yhteistyökoordinaattori",
        "+358 50 444 5566",
        Role.COORDINATOR,
        "luovi",
        None,
    ),
    (
        "mikko.laine@luovi.example",
        "Mikko Laine",
        "Opinto-ohjaaja",
        "+358 50 555 6677",
        Role.STAFF,
        "luovi",
        None,
    ),
    (
        "leena.heikkinen@kymsote.example",
        "Leena Heikkinen",
        "Sosiaaliohjaaja",
        "+358 44 666 7788",
        Role.COORDINATOR,
        "kymsote",
        None,
    ),
    (
        "timo.saarinen@kouvola.example",
        "Timo Saarinen",
        "Nuorten työpajojen esihenkilö",
        "+358 20 615 1234",
        Role.COORDINATOR,
        "kouvola",
        None,
    ),
    (
        "anna.makela@tpy.example",
        "Anna Mäkelä",
        "Aluekoordinaattori",
        "+358 40 777 8899",
        Role.STAFF,
        "tpy",
        None,
    ),
]


def load(context: DemoContext) -> None:
    agreement = _agreement()
    _parties(context)
    _kouvola_withdraws(context.party("kouvola"))
    _signatures(context, agreement)
    _people(context)


def _agreement() -> Agreement:
    """The guidelines the parties signed."""
    agreement = Agreement(title=AGREEMENT_TITLE, summary=AGREEMENT_SUMMARY)
    db.session.add(agreement)
    return agreement


def _parties(context: DemoContext) -> None:
    """The founding parties and the supporting one that joined later, each with its units."""
    for short, name, kind, business_id, locality, signatory, title, founding in PARTIES:
        party = Party(
            name=name,
            kind=kind,
            business_id=business_id,
            locality=locality,
            privacy_contact=f"tietosuoja@{short}.example",
            signatory_name=signatory,
            signatory_title=title,
            is_founding=founding,
            joined_on=None if founding else date(2021, 12, 11),
        )
        db.session.add(party)
        for kind_, unit_name, unit_locality, address in UNITS[short]:
            party.units.append(
                Unit(kind=kind_, name=unit_name, locality=unit_locality, address=address)
            )
        context.parties[short] = party


def _kouvola_withdraws(kouvola: Party) -> None:
    """Kouvola said in writing that it takes no part: withdrawn over a year ago."""
    kouvola.withdrawn_on = today() - timedelta(days=400)
    kouvola.withdrawal_notice = (
        "Kouvolan kaupunki ilmoitti kirjallisesti, ettei se osallistu linjauksiin "
        "(merkintä allekirjoitetussa asiakirjassa: ”ei viestillekäsittelyä”)."
    )


def _signatures(context: DemoContext, agreement: Agreement) -> None:
    """The signatures on the signed copies, by each party's signatory."""
    for short, (place, signed_on) in SIGNATURES.items():
        party = context.party(short)
        db.session.add(
            Signature(
                agreement=agreement,
                party=party,
                signer_name=party.signatory_name,
                signer_title=party.signatory_title,
                place=place,
                signed_on=signed_on,
            )
        )


def _people(context: DemoContext) -> None:
    """The administrator and the parties' people, all with the demo password."""
    password_hash = hash_password(DEMO_PASSWORD)
    for email, name, title, phone, role, member_of, coordinated_unit in PEOPLE:
        employer = context.parties.get(member_of) if member_of else None
        unit = (
            next((u for u in employer.units if u.name == coordinated_unit), None)
            if employer and coordinated_unit
            else None
        )
        user = User(
            email=email,
            name=name,
            title=title,
            phone=phone,
            role=role,
            party=employer,
            unit=unit,
            password_hash=password_hash,
        )
        db.session.add(user)
        context.users[email] = user
