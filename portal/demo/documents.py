"""Documents shared between Parik-säätiö, Ammattiopisto Luovi and Kymsote: one of each mark,
real small PDFs to try the stamped download, disclosure requests and some access log."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from portal.auth.models import User
from portal.core import fonts
from portal.core.dates import today
from portal.core.models import utcnow
from portal.core.storage import get_storage
from portal.demo import Cast, DemoContext
from portal.documents import disclosure, service
from portal.documents.models import (
    AccessAction,
    AccessLogEntry,
    Classification,
    DisclosureRequest,
    DisclosureStatus,
    Document,
    DocumentVersion,
)
from portal.extensions import db
from portal.notifications.service import notify
from portal.parties.models import Party


def _pdf(title: str, pages: list[list[str]]) -> bytes:
    fonts.register()
    styles = getSampleStyleSheet()
    styles["Title"].fontName = fonts.BOLD
    styles["BodyText"].fontName = fonts.REGULAR
    story: list = []
    for number, paragraphs in enumerate(pages):
        if number:
            story.append(PageBreak())
        story.append(Paragraph(title, styles["Title"]))
        story.append(Spacer(1, 12))
        story.extend(Paragraph(text, styles["BodyText"]) for text in paragraphs)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title, author="Silta demo").build(story)
    return out.getvalue()


def _version(
    document: Document,
    number: int,
    data: bytes,
    filename: str,
    content_type: str,
    by: User,
    days_ago: int,
) -> DocumentVersion:
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=get_storage().write([data]),
        uploaded_by_id=by.id,
        uploaded_at=utcnow() - timedelta(days=days_ago),
    )
    document.note_version(version)
    db.session.add(version)
    return version


def _pdf_version(
    document: Document,
    number: int,
    title: str,
    pages: list[list[str]],
    filename: str,
    by: User,
    days_ago: int,
) -> DocumentVersion:
    """A version of the document that is a PDF of the given title and pages."""
    pdf = _pdf(title, pages)
    return _version(document, number, pdf, filename, "application/pdf", by, days_ago)


def _tell_shared(document: Document, readers: list[User], party: Party) -> None:
    """Tell the readers that ``party`` shared the document; the notice links to it, so the
    document needs its id."""
    db.session.flush()
    notify(
        readers,
        service.DOCUMENT_SHARED,
        link=f"/documents/{document.id}",
        confidential=document.classification.is_restricted,
        party=party.name,
        title=document.title,
    )


def _document(
    owner: User,
    title: str,
    classification: Classification,
    *,
    recipients: tuple[Party, ...] = (),
    staff_may_see: bool = False,
    description: str = "",
    legal_basis: str = "",
    secret_until: date | None = None,
    days_ago: int,
) -> Document:
    assert owner.party is not None
    document = Document(
        owner_party_id=owner.party.id,
        title=title,
        description=description,
        classification=classification,
        legal_basis=legal_basis,
        secret_until=secret_until,
        staff_may_see=staff_may_see,
        created_by_id=owner.id,
        created_at=utcnow() - timedelta(days=days_ago),
        recipients=list(recipients),
    )
    db.session.add(document)
    return document


def _log(
    document: Document,
    version: DocumentVersion,
    user: User,
    action: AccessAction,
    days_ago: float,
    address: str,
) -> None:
    db.session.add(
        AccessLogEntry(
            document=document,
            version=version,
            user_id=user.id,
            party_id=user.party_id,
            action=action,
            at=utcnow() - timedelta(days=days_ago),
            address=address,
        )
    )


def _the_workshops_brochure(cast: Cast) -> None:
    """A public brochure of Parik's workshops."""
    brochure = _document(
        cast.maria,
        "Parik-säätiön työpajat 2026",
        Classification.PUBLIC,
        days_ago=60,
        description="Esite työpajojen aloista, yhteystiedoista ja hakeutumisesta.",
    )
    _pdf_version(
        brochure,
        1,
        "Parik-säätiön työpajat 2026",
        [
            [
                "Parik-säätiön työpajoilla voi harjoitella puu- ja metallitöitä, ravintola- ja "
                "catering-alaa sekä kiinteistöhuoltoa.",
                "Yhteyshenkilö: Maria Virtanen, työpajakoordinaattori.",
            ]
        ],
        "parik-tyopajat-2026.pdf",
        cast.maria,
        60,
    )


def _the_daily_prices(cast: Cast) -> None:
    """Luovi's daily prices, internal, for Parik and Kymsote."""
    prices = _document(
        cast.paivi,
        "Pajajaksojen tukitasot ja päivähinnat",
        Classification.INTERNAL,
        days_ago=45,
        recipients=(cast.parik, cast.kymsote),
        description="Luovin käyttämät opiskelijapäivähinnat tukitasoittain.",
    )
    _version(
        prices,
        1,
        (
            "tukitaso;päivähinta_min;päivähinta_max\nperus;30;45\nkeski;40;80\nvaativa;70;\n"
        ).encode(),
        "tukitasot.csv",
        "text/csv",
        cast.paivi,
        45,
    )


def _the_learning_environment_report(cast: Cast) -> tuple[Document, DocumentVersion]:
    """Parik's confidential report for Luovi, in two versions, its staff told."""
    report = _document(
        cast.maria,
        "Oppimisympäristön tunnistamisraportti – Puu- ja metallityö",
        Classification.CONFIDENTIAL,
        days_ago=30,
        recipients=(cast.luovi,),
        staff_may_see=True,
        description="Mitä tutkinnon osia pajalla voi suorittaa ja valmius osaamistodistuksiin.",
    )
    pages = [
        [
            "Työpaja: Parik-säätiö, Puu- ja metallityö, Kouvola.",
            "Tunnistetut tutkinnon osat: Puusepänalan perustehtävät, Metallirakenteiden valmistus.",
        ],
        [
            "Valmius osaamistodistuksiin: kyllä. Työpaikkaohjaajat: 2.",
            "Näytöt voidaan järjestää tutussa pajaympäristössä.",
        ],
        ["Kehittämiskohteet: työturvallisuusperehdytyksen dokumentointi."],
    ]
    _pdf_version(
        report,
        1,
        "Tunnistamisraportti (luonnos)",
        pages[:2],
        "tunnistamisraportti-luonnos.pdf",
        cast.sanna,
        30,
    )
    report_v2 = _pdf_version(
        report,
        2,
        "Tunnistamisraportti",
        pages,
        "tunnistamisraportti.pdf",
        cast.maria,
        12,
    )
    _tell_shared(report, [cast.paivi, cast.mikko], cast.parik)
    return report, report_v2


def _the_goals_of_a_period(cast: Cast) -> tuple[Document, DocumentVersion]:
    """Luovi's confidential goals of a workshop period, for Parik."""
    goals = _document(
        cast.paivi,
        "Pajajakson tavoitteet, opiskelija L-2026-014",
        Classification.CONFIDENTIAL,
        days_ago=20,
        recipients=(cast.parik,),
        description="HOKSin tavoitteet ja tutkinnon osat pajajaksolle. Ei henkilötunnusta.",
    )
    goals_v1 = _pdf_version(
        goals,
        1,
        "Pajajakson tavoitteet L-2026-014",
        [
            [
                "Tavoite: Puusepänalan perustehtävät, 15 osaamispistettä.",
                "Tuen taso: keski. Erityinen tuki: ei.",
            ]
        ],
        "pajajakson-tavoitteet.pdf",
        cast.paivi,
        20,
    )
    _tell_shared(goals, [cast.maria], cast.luovi)
    return goals, goals_v1


def _the_livelihood_check(cast: Cast) -> tuple[Document, DocumentVersion]:
    """Kymsote's livelihood check, secret by law, for Parik and Luovi."""
    livelihood = _document(
        cast.leena,
        "Toimeentulovaikutusten selvitys, valmentautuja P-2026-007",
        Classification.SECRET,
        days_ago=10,
        recipients=(cast.parik, cast.luovi),
        legal_basis="JulkL 24 § 1 mom 25 k",
        secret_until=today() + timedelta(days=365 * 25),
        description="Työmarkkinatuen muutos opintoihin siirryttäessä.",
    )
    livelihood_v1 = _pdf_version(
        livelihood,
        1,
        "Toimeentulovaikutusten selvitys",
        [
            [
                "Valmentautuja P-2026-007 (pseudonyymi).",
                "Opintoihin siirtyminen päättää työmarkkinatuen; opintotuki ja asumislisä "
                "haettava.",
            ]
        ],
        "toimeentuloselvitys.pdf",
        cast.leena,
        10,
    )
    _tell_shared(livelihood, [cast.maria, cast.paivi], cast.kymsote)

    return livelihood, livelihood_v1


def _a_disclosure_granted(cast: Cast, shared_report: tuple[Document, DocumentVersion]) -> None:
    """Luovi asked to disclose the report's first page to the national agency: granted."""
    report, report_v2 = shared_report
    db.session.add(
        DisclosureRequest(
            document=report,
            version=report_v2,
            requester_party_id=cast.luovi.id,
            requested_by_id=cast.paivi.id,
            third_party="Opetushallitus",
            purpose="Oppimisympäristöjen valtakunnallinen kartoitus.",
            scope="Sivu 1: tunnistetut tutkinnon osat.",
            created_at=utcnow() - timedelta(days=9),
            status=DisclosureStatus.GRANTED,
            decided_by_id=cast.maria.id,
            decided_at=utcnow() - timedelta(days=8),
            decision="Lupa myönnetään sivun 1 luovuttamiseen kartoitusta varten. Muita sivuja ei "
            "luovuteta.",
        )
    )


def _a_disclosure_pending(cast: Cast, shared_report: tuple[Document, DocumentVersion]) -> None:
    """Luovi asks to disclose the whole report to the employment services: Parik is told."""
    report, report_v2 = shared_report
    pending = DisclosureRequest(
        document=report,
        version=report_v2,
        requester_party_id=cast.luovi.id,
        requested_by_id=cast.paivi.id,
        third_party="Kouvolan TE-palvelut",
        purpose="Valmentautujan työllistymisen suunnittelu.",
        scope="Koko raportti.",
        created_at=utcnow() - timedelta(days=1),
    )
    db.session.add(pending)
    # The notice links to the request: it needs its id.
    db.session.flush()
    notify(
        [cast.maria],
        disclosure.DISCLOSURE_REQUESTED,
        link=f"/documents/{report.id}/disclosures/{pending.id}",
        confidential=True,
        party=cast.luovi.name,
        title=report.title,
        third_party=pending.third_party,
    )


def _a_disclosure_refused(cast: Cast, shared_livelihood: tuple[Document, DocumentVersion]) -> None:
    """Parik asked to disclose the livelihood check to Kela: refused, secret by law."""
    livelihood, livelihood_v1 = shared_livelihood
    db.session.add(
        DisclosureRequest(
            document=livelihood,
            version=livelihood_v1,
            requester_party_id=cast.parik.id,
            requested_by_id=cast.maria.id,
            third_party="Kansaneläkelaitos (Kela)",
            purpose="Opintotukihakemuksen liitteeksi.",
            scope="Koko selvitys.",
            created_at=utcnow() - timedelta(days=6),
            status=DisclosureStatus.REFUSED,
            decided_by_id=cast.leena.id,
            decided_at=utcnow() - timedelta(days=5),
            decision="Ei lupaa: valmentautuja toimittaa tiedot Kelalle itse. Selvitys on salassa "
            "pidettävä (JulkL 24 § 1 mom 25 k).",
        )
    )


def _the_access_logs(
    cast: Cast,
    shared_report: tuple[Document, DocumentVersion],
    shared_goals: tuple[Document, DocumentVersion],
    shared_livelihood: tuple[Document, DocumentVersion],
) -> None:
    """Who has viewed and downloaded the confidential documents."""
    (report, report_v2), (goals, goals_v1) = shared_report, shared_goals
    livelihood, livelihood_v1 = shared_livelihood
    _log(report, report_v2, cast.paivi, AccessAction.VIEW, 11.9, "10.20.30.41")
    _log(report, report_v2, cast.paivi, AccessAction.DOWNLOAD, 11.8, "10.20.30.41")
    _log(report, report_v2, cast.mikko, AccessAction.VIEW, 7.2, "10.20.30.57")
    _log(report, report_v2, cast.mikko, AccessAction.DOWNLOAD, 7.1, "10.20.30.57")
    _log(goals, goals_v1, cast.maria, AccessAction.DOWNLOAD, 15.0, "172.16.4.12")
    _log(livelihood, livelihood_v1, cast.maria, AccessAction.VIEW, 6.1, "172.16.4.12")
    _log(livelihood, livelihood_v1, cast.paivi, AccessAction.DOWNLOAD, 4.0, "10.20.30.41")


def load(context: DemoContext) -> None:
    """The documents of the demo, one story each, in the order they were shared."""
    cast = Cast.of(context)
    _the_workshops_brochure(cast)
    _the_daily_prices(cast)
    report = _the_learning_environment_report(cast)
    goals = _the_goals_of_a_period(cast)
    livelihood = _the_livelihood_check(cast)
    # Permission to disclose asked three times: granted, still pending and refused.
    _a_disclosure_granted(cast, report)
    _a_disclosure_pending(cast, report)
    _a_disclosure_refused(cast, livelihood)
    _the_access_logs(cast, report, goals, livelihood)
