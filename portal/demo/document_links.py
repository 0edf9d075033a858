"""Documents that belong to something: a workshop period's confidential documents, the
minutes of the past coordinators' meeting (confidential) and the agenda of the coming one
(internal), the signed learning-environment report, and Kouvola's written notice of
withdrawal.

No notifications are queued here: the documents demo already fills the bell and the outbox.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.annual_calendar.models import Event, EventKind
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.models import utcnow
from portal.demo import Cast, DemoContext
from portal.demo.documents import _document, _pdf_version
from portal.document_links.models import DocumentLink, EventRole
from portal.documents.models import Classification, Document
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.models import Placement


def _shared(
    owner: User,
    title: str,
    classification: Classification,
    pages: list[list[str]],
    filename: str,
    days_ago: int,
    link: DocumentLink,
    *,
    recipients: tuple[Party, ...] = (),
    staff_may_see: bool = False,
    description: str = "",
    filed_by: User | None = None,
) -> Document:
    document = _document(
        owner,
        title,
        classification,
        recipients=recipients,
        staff_may_see=staff_may_see,
        description=description,
        days_ago=days_ago,
    )
    if filed_by is not None:
        document.created_by_id = filed_by.id
    _pdf_version(document, 1, title, pages, filename, filed_by or owner, days_ago)
    link.document = document
    link.created_by_id = (filed_by or owner).id
    db.session.add(link)
    return document


def _the_ongoing_periods_documents(cast: Cast) -> None:
    """The ongoing workshop period: Luovi's HOKS extract, and Parik's interim assessment."""
    period = db.session.scalars(
        sa.select(Placement).where(Placement.reference == "LUOVI-2026-031")
    ).one()
    _shared(
        cast.paivi,
        "HOKS-ote pajajaksolle, LUOVI-2026-031",
        Classification.CONFIDENTIAL,
        [
            [
                "Opiskelija LUOVI-2026-031 (pseudonyymi), puuseppäalan perustutkinto.",
                "Pajajakson tavoitteet: Puutuotteiden valmistus ja Pintakäsittely; säännöllinen "
                "läsnäolo ja ohjeiden mukaan työskentely.",
                "Erityinen tuki: kyllä. Tukitoimet: työvalmentaja, selkeät viikkotavoitteet.",
            ]
        ],
        "hoks-ote.pdf",
        60,
        DocumentLink(placement_id=period.id),
        recipients=(cast.parik,),
        staff_may_see=True,
        description="HOKSin tavoitteet ja tukitoimet pajajaksolle. Ei henkilötunnusta.",
    )
    _shared(
        cast.jukka,
        "Pajajakson väliarvio, LUOVI-2026-031",
        Classification.CONFIDENTIAL,
        [
            [
                "Läsnäolo: 92 % suunnitelluista päivistä.",
                "Puutuotteiden valmistus: edistyy suunnitellusti; näyttö sovittu.",
                "Pintakäsittely: aloitetaan seuraavassa kuussa.",
            ]
        ],
        "valiarvio.pdf",
        5,
        DocumentLink(placement_id=period.id),
        recipients=(cast.luovi,),
        description="Työvalmentajan väliarvio pajajakson puolivälissä.",
    )


def _the_past_meetings_minutes(cast: Cast) -> None:
    """The minutes of the past coordinators' meeting, confidential."""
    held = db.session.scalars(
        sa.select(Event).where(
            Event.kind == EventKind.MEETING,
            Event.organiser_party_id == cast.parik.id,
            Event.ends_at < utcnow(),
        )
    ).one()
    _shared(
        cast.maria,
        f"Muistio: {held.title}",
        Classification.CONFIDENTIAL,
        [
            [
                "Läsnä: Maria Virtanen, Jukka Lehtonen (Parik-säätiö), Päivi Korhonen (Luovi), "
                "Leena Heikkinen (Kymsote), Anna Mäkelä (Valtakunnallinen työpajayhdistys).",
                "1. Yhteistyön tilanne: kolme pajajaksoa käynnissä, kaksi siirtymää opintoihin "
                "valmisteilla.",
                "2. Vuosikello: kaksi vastuuhenkilöiden tapaamista vuodessa; syksyllä "
                "yhteiskoulutus opinnollistamisesta.",
                "3. Päivähinnat: palataan seuraavassa tapaamisessa.",
                "4. Työntekijävaihto: Luovi lähettää opinto-ohjaajan Parikiin.",
            ]
        ],
        "muistio.pdf",
        45,
        DocumentLink(event_id=held.id, event_role=EventRole.MINUTES),
        # The supporting organisation took part, but confidential minutes go to parties only.
        recipients=(cast.luovi, cast.kymsote),
        description="Vastuuhenkilöiden tapaamisen muistio päätöksineen.",
    )


def _the_coming_meetings_agenda(cast: Cast) -> None:
    """The agenda of the coming coordinators' meeting, internal."""
    upcoming = db.session.scalars(
        sa.select(Event).where(
            Event.kind == EventKind.MEETING,
            Event.organiser_party_id == cast.luovi.id,
            Event.starts_at > utcnow(),
        )
    ).one()
    _shared(
        cast.paivi,
        f"Esityslista: {upcoming.title}",
        Classification.INTERNAL,
        [
            [
                "1. Edellisen tapaamisen toimenpiteiden seuranta",
                "2. Työntekijävaihdon kokemukset",
                "3. Kiintiöpaikat ensi vuodelle",
                "4. Vuosikello ensi vuodelle",
                "5. Muut asiat",
            ]
        ],
        "esityslista.pdf",
        3,
        DocumentLink(event_id=upcoming.id, event_role=EventRole.AGENDA),
        recipients=(cast.parik, cast.kymsote),
    )


def _the_signed_report(cast: Cast) -> None:
    """The signed copy of the wood and metal workshop's learning-environment report."""
    report = db.session.scalars(
        sa.select(LearningEnvironment)
        .join(LearningEnvironment.unit)
        .where(Unit.party_id == cast.parik.id, Unit.name == "Puu- ja metallityö")
    ).one()
    _shared(
        cast.maria,
        "Oppimisympäristön tunnistamisraportti, allekirjoitettu: Puu- ja metallityö",
        Classification.INTERNAL,
        [
            [
                "Työpaja: Parik-säätiö, Puu- ja metallityö, Kouvola.",
                "Tunnistetut tutkinnon osat: Puusepänteollisuuden tuotteiden valmistus, Levytyöt.",
                "Allekirjoittaneet: Jukka Lehtonen (Parik-säätiö), Kari Puustinen "
                "(Ammattiopisto Luovi).",
            ]
        ],
        "tunnistamisraportti-allekirjoitettu.pdf",
        90,
        DocumentLink(environment_id=report.id),
        description="Linjausten liitteeksi allekirjoitettu raportti.",
    )


def _kouvolas_notice(cast: Cast) -> None:
    """Kouvola's written notice, filed by the administrator with its withdrawal."""
    _shared(
        cast.timo,
        f"Kirjallinen ilmoitus irtautumisesta: {cast.kouvola.name}",
        Classification.INTERNAL,
        [["Kouvolan kaupunki ilmoittaa, ettei se osallistu yhteistyön linjauksiin."]],
        "irtautumisilmoitus.pdf",
        400,
        DocumentLink(withdrawal_party_id=cast.kouvola.id),
        filed_by=cast.admin,
    )


def load(context: DemoContext) -> None:
    """The documents that belong to something, one story each."""
    cast = Cast.of(context)
    _the_ongoing_periods_documents(cast)
    _the_past_meetings_minutes(cast)
    _the_coming_meetings_agenda(cast)
    _the_signed_report(cast)
    _kouvolas_notice(cast)
