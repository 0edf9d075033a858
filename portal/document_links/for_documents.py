"""What document links add to the documents' list and upload form, plugged into
:data:`portal.documents.extension_points.links` in ``init_app``: the "linked to" filter and
the "belongs to" field."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.forms import options
from portal.document_links import choosing, policy, queries, service
from portal.document_links import targets as links
from portal.document_links.labels import EVENT_ROLE_LABELS
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
    return choosing.attachable(user, limit=1)


def choose(user: User, form: DocumentForm, chosen: links.LinkTarget | None) -> None:
    """The objects offered to choose from: the chosen one, or those the typed name may mean.
    The field is shown to those who may share a document for something at all."""
    shown = [chosen] if chosen is not None else list(form.belongs_to_matches)
    form.belongs_to.choices = [(t.value, links.label(t.obj)) for t in shown]
    form.belongs_to_offered = bool(shown) or bool(choosing.attachable(user, limit=1))
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
    """The object chosen in the form, or the one its typed name names. One the user cannot
    see is refused beside the field like one that does not exist; a name that names nothing,
    or several, is refused there too, the several offered to choose from."""
    if form.belongs_to.data:
        reference = links.Reference.parse(form.belongs_to.data, links.CHOOSABLE)
        obj = links.load(user, reference) if reference else None
        if reference is None or obj is None:
            _refuse(form, _("Choose among the placements, events and reports you can see."))
            return None
        return links.LinkTarget(reference.kind, obj, links.parse_role(form.event_role.data))
    typed = (form.belongs_to_name.data or "").strip()
    if not typed or form.belongs_to_name.errors:
        return None
    target, matches = choosing.resolve(user, typed)
    if target is None:
        form.belongs_to_matches = matches
        if matches:
            _refuse(form, _("“%(name)s” names several: choose one of them.", name=typed))
        else:
            _refuse(
                form,
                _(
                    "No placement, event or report you can share a document for is named "
                    "“%(name)s”.",
                    name=typed,
                ),
            )
        return None
    # Shown chosen if the form comes back for another field.
    form.belongs_to.data = target.value
    return links.LinkTarget(target.kind, target.obj, links.parse_role(form.event_role.data))


def _refuse(form: DocumentForm, message: str) -> None:
    form.add_domain_error(DomainError(message, field="belongs_to"))


def share(
    user: User, details: DocumentDetails, upload: StoredUpload, target: links.LinkTarget
) -> Document:
    return service.share(user, details, upload, target)
