"""What document links add to the documents' list and upload form, plugged into
:data:`portal.documents.extension_points.links` in ``init_app``: the "linked to" filter and
the "belongs to" field."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from sqlalchemy.sql.elements import ColumnElement
from wtforms import SelectChoice

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.forms import options
from portal.document_links import policy, queries, service
from portal.document_links import targets as links
from portal.document_links.labels import EVENT_ROLE_LABELS, KIND_LABELS
from portal.documents.forms import DocumentForm
from portal.documents.models import Document
from portal.documents.service import DocumentDetails
from portal.documents.uploads import StoredUpload


def parse_filter(value: str | None) -> links.Reference | None:
    return links.Reference.parse(value)


def filter_condition(user: User, reference: links.Reference) -> ColumnElement[bool]:
    return queries.linked_condition(user, reference)


def text_condition(user: User, text: str) -> ColumnElement[bool]:
    return queries.named_condition(user, text)


def suggest(user: User, text: str) -> list[queries.FilterChoice]:
    return queries.filter_suggestions(user, text)


def filter_label(user: User, reference: links.Reference) -> str | None:
    return queries.filter_label(user, reference)


def attachable(user: User) -> list[links.LinkTarget]:
    return links.attachable(user)


def choose(user: User, form: DocumentForm, chosen: links.LinkTarget | None) -> None:
    """The objects the user may share a document for, grouped by kind; the chosen one too."""
    choices = links.attachable(user)
    if chosen is not None and chosen.value not in {t.value for t in choices}:
        choices.insert(0, chosen)
    form.belongs_to.choices = [SelectChoice("", _("Nothing"))] + [
        SelectChoice(t.value, links.label(t.obj), optgroup=str(KIND_LABELS[t.kind]))
        for t in choices
    ]
    form.event_role.choices = options((r.value, label) for r, label in EVENT_ROLE_LABELS.items())


def target_from_args(user: User) -> links.LinkTarget | None:
    """The object named in the address (from its page's "Share a document"), or 404."""
    reference = links.Reference.parse(request.args.get("link"), links.CHOOSABLE)
    if reference is None:
        return None
    obj = links.load(user, reference)
    if obj is None:
        abort(404)
    if not policy.may_attach(user, obj):
        abort(403)
    return links.LinkTarget(reference.kind, obj, links.parse_role(request.args.get("role")))


def prefill(user: User, form: DocumentForm, target: links.LinkTarget) -> None:
    start = service.defaults(user, target)
    form.belongs_to.data = target.value
    form.event_role.data = target.role.value if target.role else None
    form.title.data = start.title
    form.classification.data = start.classification.value
    form.recipients.data = start.recipient_ids


def target_from_form(user: User, form: DocumentForm) -> links.LinkTarget | None:
    """The object chosen in the form; one the user cannot see is refused beside the field
    like one that does not exist."""
    if not form.belongs_to.data:
        return None
    reference = links.Reference.parse(form.belongs_to.data, links.CHOOSABLE)
    obj = links.load(user, reference) if reference else None
    if reference is None or obj is None:
        form.add_domain_error(
            DomainError(
                _("Choose among the placements, events and reports you can see."),
                field="belongs_to",
            )
        )
        return None
    return links.LinkTarget(reference.kind, obj, links.parse_role(form.event_role.data))


def share(
    user: User, details: DocumentDetails, upload: StoredUpload, target: links.LinkTarget
) -> Document:
    return service.share(user, details, upload, target)
