"""Learning-environment reports of Parik-säätiö's fields, and one of the withdrawn Kouvola.

The unit codes follow the national six-digit format but are examples, not checked against
the qualification requirements. The restaurant report is older than two years, so its
"due for review" mark shows.
"""

from __future__ import annotations

from datetime import timedelta

from portal.catalogue import search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core import dates
from portal.core.models import utcnow
from portal.demo import DemoContext
from portal.extensions import db
from portal.parties.models import Party, Unit

PUUSEPPA = "Puuseppäalan perustutkinto"
KONE = "Kone- ja tuotantotekniikan perustutkinto"
RAVINTOLA = "Ravintola- ja catering-alan perustutkinto"
KIINTEISTO = "Kiinteistöpalvelujen perustutkinto"
LOGISTIIKKA = "Logistiikan perustutkinto"

# (party, unit, work, capacity, days since the report, author, published,
#  [(qualification, unit, example code, demonstration, certificate)])
REPORTS = [
    (
        "parik",
        "Puu- ja metallityö",
        "Huonekalujen ja kalusteiden valmistus asiakastilauksina sekä pienet metallityöt: "
        "mittaus, koneellinen puuntyöstö, kokoonpano ja pintakäsittely, levytyö ja hitsaus.",
        6,
        150,
        "Jukka Lehtonen (Parik-säätiö) ja Kari Puustinen (Ammattiopisto Luovi)",
        True,
        [
            (PUUSEPPA, "Puusepänteollisuuden tuotteiden valmistus", "106789", True, True),
            (PUUSEPPA, "Koneellinen puuntyöstö", "106790", True, True),
            (PUUSEPPA, "Pintakäsittely", "106795", True, False),
            (KONE, "Levytyöt", "100432", True, False),
            (KONE, "Hitsaustyöt", "100437", False, False),
        ],
    ),
    (
        "parik",
        "Ravintola ja catering",
        "Lounasravintola, jossa valmistetaan ja tarjoillaan noin 120 lounasta päivässä, "
        "sekä tilausruoat ja kokoustarjoilut.",
        8,
        3 * 365 + 20,
        "Maria Virtanen (Parik-säätiö)",
        True,
        [
            (RAVINTOLA, "Ruoanvalmistus", "106713", True, True),
            (RAVINTOLA, "Lounasruokien valmistus", "106717", True, True),
            (RAVINTOLA, "Asiakaspalvelu ravintola- ja catering-alalla", "106714", True, False),
        ],
    ),
    (
        "parik",
        "Kiinteistöhuolto",
        "Taloyhtiöiden ja yhdistysten kiinteistöjen hoito Kuusankoskella: piha- ja "
        "viheralueet, lumityöt, pienet korjaukset ja siivous.",
        4,
        420,
        "Maria Virtanen (Parik-säätiö) ja Sari Kallio (Ammattiopisto Luovi)",
        True,
        [
            (KIINTEISTO, "Kiinteistönhoito", "101569", True, True),
            (KIINTEISTO, "Ulkoalueiden hoito", "101570", True, False),
            (KIINTEISTO, "Puhdistuspalvelut", "", False, False),
        ],
    ),
    (
        "kouvola",
        "Nuorten työpajat, Kouvola",
        "Varasto- ja kuljetustyöt kierrätysmyymälässä.",
        5,
        900,
        "Timo Saarinen (Kouvolan kaupunki)",
        True,
        [(LOGISTIIKKA, "Varastotoiminnot", "106340", True, False)],
    ),
]


def _unit(party: Party, name: str) -> Unit:
    return next(u for u in party.units if u.name == name)


def load(context: DemoContext) -> None:
    today = dates.today()
    editors = {
        "parik": context.user("maria.virtanen@parik.example"),
        "kouvola": context.user("timo.saarinen@kouvola.example"),
    }
    for short, unit_name, work, capacity, age, author, published, units in REPORTS:
        unit = _unit(context.party(short), unit_name)
        environment = LearningEnvironment(
            unit=unit,
            work_description=work,
            search_text=search.index_text(unit.name, work),
            capacity=capacity,
            reported_on=today - timedelta(days=age),
            author=author,
            published_at=utcnow() if published else None,
            updated_by=editors[short],
        )
        for qualification, name, code, demonstration, certificate in units:
            environment.qualification_units.append(
                QualificationUnit(
                    qualification=qualification,
                    name=name,
                    code=code,
                    can_host_demonstration=demonstration,
                    can_issue_certificate=certificate,
                    search_text=search.index_text(qualification, name, code),
                )
            )
        db.session.add(environment)
