"""The documents' part of the front page: disclosure requests to answer and documents shared.

Both start from the documents' own scopes (``visible(DisclosureRequest)``,
``visible(Document)``), so a document the user may not see is neither listed nor counted.
Each document shows its confidentiality mark, as everywhere else.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import get_template_attribute, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User
from portal.core.authz import can, visible
from portal.dashboard.sections import Group, Item, Section, Window, first_rows, limited, source
from portal.documents.models import (
    DisclosureRequest,
    DisclosureStatus,
    Document,
    DocumentVersion,
)
from portal.documents.policy import DECIDE


def _mark(document: Document) -> Markup:
    # Markup is safe here: the macro renders an autoescaped template, not the caller's text.
    return Markup(get_template_attribute("documents/_mark.html", "mark")(document))  # nosec B704


@source(Section.WAITING, order=30)
def disclosure_requests_to_answer(user: User, window: Window) -> Group | None:
    """Pending requests to disclose the user's party's documents, for its coordinators."""
    if not user.is_coordinator or user.party_id is None:
        return None
    stmt = (
        visible(DisclosureRequest, user)
        .join(Document, DisclosureRequest.document_id == Document.id)
        .where(
            DisclosureRequest.status == DisclosureStatus.PENDING,
            Document.owner_party_id == user.party_id,
        )
        .options(
            contains_eager(DisclosureRequest.document),
            joinedload(DisclosureRequest.requester_party),
        )
        .order_by(DisclosureRequest.created_at, DisclosureRequest.id)
    )
    # The SQL is the policy's (the owner's coordinators decide); checked once more per row.
    rows, total = first_rows(stmt)
    found = [r for r, _total in rows if can(DECIDE, r, user)]
    items = [
        Item(
            r.document.title,
            url_for("documents.decide", document_id=r.document_id, request_id=r.id),
            detail=_(
                "%(party)s asks to disclose it to %(third_party)s",
                party=r.requester_party.name,
                third_party=r.third_party,
            ),
            when=r.created_at,
            badge=_mark(r.document),
        )
        for r in found
    ]
    return limited(_("Disclosure requests to answer"), items, url_for("documents.index"), total)


def shared_since(user: User, window: Window) -> sa.Select[Any]:
    """The documents of other organisations the user sees whose newest version arrived in
    the window, newest first, each with the highest version number that arrived in it."""
    # Driven by the document's own index of its newest version's time: the database reads
    # the documents that changed in the window, newest first, and no other. (Joined to the
    # recent versions instead, PostgreSQL misjudged the scope as one row and read every
    # document the user sees against every recent version.) The few recent ids are found
    # first, materialised, so that neither database starts from the scope's conditions
    # instead (SQLite, without statistics, would read every document the scope's ORs find).
    # The version number is looked up for the documents listed alone.
    recent = (
        sa.select(Document.id)
        .where(Document.latest_version_at > window.since)
        .cte("recent_documents")
        .prefix_with("MATERIALIZED")
    )
    newest_number = (
        sa.select(sa.func.max(DocumentVersion.number))
        .where(
            DocumentVersion.document_id == Document.id,
            DocumentVersion.uploaded_at > window.since,
        )
        .scalar_subquery()
    )
    stmt = (
        visible(Document, user)
        .join(recent, recent.c.id == Document.id)
        # Said again of the documents joined, so that PostgreSQL knows how few they are.
        .where(Document.latest_version_at > window.since)
        .add_columns(newest_number)
        .options(joinedload(Document.owner))
        .order_by(Document.latest_version_at.desc(), Document.id.desc())
    )
    if user.party_id is not None:
        stmt = stmt.where(Document.owner_party_id != user.party_id)
    return stmt


@source(Section.NEW, order=10)
def documents_shared(user: User, window: Window) -> Group | None:
    """Documents of other organisations, or their new versions, that arrived since then."""
    rows, total = first_rows(shared_since(user, window))
    items = []
    for document, number, _total in rows:
        what = _("version %(number)d", number=number) if number > 1 else _("shared")
        items.append(
            Item(
                document.title,
                url_for("documents.detail", document_id=document.id),
                detail=f"{document.owner.name} · {what}",
                when=document.latest_version_at,
                badge=_mark(document),
            )
        )
    return limited(_("Documents shared"), items, url_for("documents.index"), total)
