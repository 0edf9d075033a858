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
from portal.core.models import utcnow
from portal.core.storage import get_storage
from portal.demo import DemoContext
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
    db.session.add(version)
    return version


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


def load(context: DemoContext) -> None:
    parik, luovi, kymsote = (context.party(s) for s in ("parik", "luovi", "kymsote"))
    maria = context.user("maria.virtanen@parik.example")
    sanna = context.user("sanna.nieminen@parik.example")
    paivi = context.user("paivi.korhonen@luovi.example")
    mikko = context.user("mikko.laine@luovi.example")
    leena = context.user("leena.heikkinen@kymsote.example")
    pdf = "application/pdf"

    brochure = _document(
        maria,
        "Parik-säätiön työpajat 2026",
        Classification.PUBLIC,
        days_ago=60,
        description="Esite työpajojen aloista, yhteystiedoista ja hakeutumisesta.",
    )
    _version(
        brochure,
        1,
        _pdf(
            "Parik-säätiön työpajat 2026",
            [
                [
                    "Parik-säätiön työpajoilla voi harjoitella puu- ja metallitöitä, ravintola- ja "
                    "catering-alaa sekä kiinteistöhuoltoa.",
                    "Yhteyshenkilö: Maria Virtanen, työpajakoordinaattori.",
                ]
            ],
        ),
        "parik-tyopajat-2026.pdf",
        pdf,
        maria,
        60,
    )

    prices = _document(
        paivi,
        "Pajajaksojen tukitasot ja päivähinnat",
        Classification.INTERNAL,
        days_ago=45,
        recipients=(parik, kymsote),
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
        paivi,
        45,
    )

    report = _document(
        maria,
        "Oppimisympäristön tunnistamisraportti – Puu- ja metallityö",
        Classification.CONFIDENTIAL,
        days_ago=30,
        recipients=(luovi,),
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
    _version(
        report,
        1,
        _pdf("Tunnistamisraportti (luonnos)", pages[:2]),
        "tunnistamisraportti-luonnos.pdf",
        pdf,
        sanna,
        30,
    )
    report_v2 = _version(
        report, 2, _pdf("Tunnistamisraportti", pages), "tunnistamisraportti.pdf", pdf, maria, 12
    )

    goals = _document(
        paivi,
        "Pajajakson tavoitteet, opiskelija L-2026-014",
        Classification.CONFIDENTIAL,
        days_ago=20,
        recipients=(parik,),
        description="HOKSin tavoitteet ja tutkinnon osat pajajaksolle. Ei henkilötunnusta.",
    )
    goals_v1 = _version(
        goals,
        1,
        _pdf(
            "Pajajakson tavoitteet L-2026-014",
            [
                [
                    "Tavoite: Puusepänalan perustehtävät, 15 osaamispistettä.",
                    "Tuen taso: keski. Erityinen tuki: ei.",
                ]
            ],
        ),
        "pajajakson-tavoitteet.pdf",
        pdf,
        paivi,
        20,
    )

    livelihood = _document(
        leena,
        "Toimeentulovaikutusten selvitys, valmentautuja P-2026-007",
        Classification.SECRET,
        days_ago=10,
        recipients=(parik, luovi),
        legal_basis="JulkL 24 § 1 mom 25 k",
        secret_until=date.today() + timedelta(days=365 * 25),
        description="Työmarkkinatuen muutos opintoihin siirryttäessä.",
    )
    livelihood_v1 = _version(
        livelihood,
        1,
        _pdf(
            "Toimeentulovaikutusten selvitys",
            [
                [
                    "Valmentautuja P-2026-007 (pseudonyymi).",
                    "Opintoihin siirtyminen päättää työmarkkinatuen; opintotuki ja asumislisä "
                    "haettava.",
                ]
            ],
        ),
        "toimeentuloselvitys.pdf",
        pdf,
        leena,
        10,
    )
    db.session.flush()

    notify(
        [paivi, mikko],
        service.DOCUMENT_SHARED,
        link=f"/documents/{report.id}",
        confidential=report.classification.is_restricted,
        party=parik.name,
        title=report.title,
    )
    notify(
        [maria],
        service.DOCUMENT_SHARED,
        link=f"/documents/{goals.id}",
        confidential=goals.classification.is_restricted,
        party=luovi.name,
        title=goals.title,
    )
    notify(
        [maria, paivi],
        service.DOCUMENT_SHARED,
        link=f"/documents/{livelihood.id}",
        confidential=livelihood.classification.is_restricted,
        party=kymsote.name,
        title=livelihood.title,
    )

    granted = DisclosureRequest(
        document=report,
        version=report_v2,
        requester_party_id=luovi.id,
        requested_by_id=paivi.id,
        third_party="Opetushallitus",
        purpose="Oppimisympäristöjen valtakunnallinen kartoitus.",
        scope="Sivu 1: tunnistetut tutkinnon osat.",
        created_at=utcnow() - timedelta(days=9),
        status=DisclosureStatus.GRANTED,
        decided_by_id=maria.id,
        decided_at=utcnow() - timedelta(days=8),
        decision="Lupa myönnetään sivun 1 luovuttamiseen kartoitusta varten. Muita sivuja ei "
        "luovuteta.",
    )
    pending = DisclosureRequest(
        document=report,
        version=report_v2,
        requester_party_id=luovi.id,
        requested_by_id=paivi.id,
        third_party="Kouvolan TE-palvelut",
        purpose="Valmentautujan työllistymisen suunnittelu.",
        scope="Koko raportti.",
        created_at=utcnow() - timedelta(days=1),
    )
    refused = DisclosureRequest(
        document=livelihood,
        version=livelihood_v1,
        requester_party_id=parik.id,
        requested_by_id=maria.id,
        third_party="Kansaneläkelaitos (Kela)",
        purpose="Opintotukihakemuksen liitteeksi.",
        scope="Koko selvitys.",
        created_at=utcnow() - timedelta(days=6),
        status=DisclosureStatus.REFUSED,
        decided_by_id=leena.id,
        decided_at=utcnow() - timedelta(days=5),
        decision="Ei lupaa: valmentautuja toimittaa tiedot Kelalle itse. Selvitys on salassa "
        "pidettävä (JulkL 24 § 1 mom 25 k).",
    )
    db.session.add_all([granted, pending, refused])
    db.session.flush()
    notify(
        [maria],
        disclosure.DISCLOSURE_REQUESTED,
        link=f"/documents/{report.id}/disclosures/{pending.id}",
        confidential=True,
        party=luovi.name,
        title=report.title,
        third_party=pending.third_party,
    )

    _log(report, report_v2, paivi, AccessAction.VIEW, 11.9, "10.20.30.41")
    _log(report, report_v2, paivi, AccessAction.DOWNLOAD, 11.8, "10.20.30.41")
    _log(report, report_v2, mikko, AccessAction.VIEW, 7.2, "10.20.30.57")
    _log(report, report_v2, mikko, AccessAction.DOWNLOAD, 7.1, "10.20.30.57")
    _log(goals, goals_v1, maria, AccessAction.DOWNLOAD, 15.0, "172.16.4.12")
    _log(livelihood, livelihood_v1, maria, AccessAction.VIEW, 6.1, "172.16.4.12")
    _log(livelihood, livelihood_v1, paivi, AccessAction.DOWNLOAD, 4.0, "10.20.30.41")
