"""Where the packages above documents add to their pages and forms (see
portal.core.extension_points).

A document may belong to a placement, an event or a learning-environment report; those
features stand beside documents and the package that joins them, ``portal.document_links``,
stands above. It plugs into :data:`links`, which the list's "linked to" filter and the upload
form's "belongs to" field ask. Without it a document belongs to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.core.extension_points import Hook, Slot

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.documents.forms import DocumentForm
    from portal.documents.models import Document
    from portal.documents.service import DocumentDetails
    from portal.documents.uploads import StoredUpload


class Links(Protocol):
    """What a document may belong to. A *reference* is ``kind:id`` as written in an address,
    not yet looked up; a *target* is the object found through the user's scope."""

    def parse_filter(self, value: str | None) -> Any:
        """The list filter's reference, or None."""
        ...

    def filter_condition(self, user: User, reference: Any) -> ColumnElement[bool]:
        """Documents that belong to the referenced object (or any of its kind) the user sees."""
        ...

    def text_condition(self, user: User, text: str) -> ColumnElement[bool]:
        """Documents that belong to an object the user sees whose name contains ``text``."""
        ...

    def suggest(self, user: User, text: str) -> list[Any]:
        """A few choices (``value``, ``label``) for the filter whose name contains ``text``:
        objects the user sees that have a document the user sees, asked of the database."""
        ...

    def filter_label(self, user: User, reference: Any) -> str | None:
        """The name of the filter's object (or kind), or None if the user does not see it."""
        ...

    def attachable(self, user: User) -> list[Any]:
        """A few of the targets the user may share a document for (none if there are none)."""
        ...

    def target_from_args(self, user: User) -> Any:
        """The target named in the address (from its page's "Share a document"), or None;
        404 for one the user does not see, 403 for one they may not share for."""
        ...

    def prefill(self, user: User, form: DocumentForm, target: Any) -> None:
        """Start the form as a document of the target usually is."""
        ...

    def choose(self, user: User, form: DocumentForm, chosen: Any) -> None:
        """Set the choices of the form's "belongs to" fields; the chosen target among them."""
        ...

    def target_from_form(self, user: User, form: DocumentForm) -> Any:
        """The target chosen in the form, or None; one that cannot be chosen is refused
        beside the field (added to the form's errors)."""
        ...

    def share(
        self, user: User, details: DocumentDetails, upload: StoredUpload, target: Any
    ) -> Document:
        """Create the document as the target's, with the target's sharing rules."""
        ...


class _NoLinks:
    def parse_filter(self, value: str | None) -> Any:
        return None

    def filter_condition(self, user: User, reference: Any) -> ColumnElement[bool]:
        return sa.true()

    def text_condition(self, user: User, text: str) -> ColumnElement[bool]:
        return sa.false()

    def suggest(self, user: User, text: str) -> list[Any]:
        return []

    def filter_label(self, user: User, reference: Any) -> str | None:
        return None

    def attachable(self, user: User) -> list[Any]:
        return []

    def target_from_args(self, user: User) -> Any:
        return None

    def prefill(self, user: User, form: DocumentForm, target: Any) -> None:
        return None

    def choose(self, user: User, form: DocumentForm, chosen: Any) -> None:
        form.belongs_to.choices = []
        form.event_role.choices = []

    def target_from_form(self, user: User, form: DocumentForm) -> Any:
        return None

    def share(
        self, user: User, details: DocumentDetails, upload: StoredUpload, target: Any
    ) -> Document:
        raise LookupError("no package links documents to other objects")


links: Slot[Links] = Slot("documents.links", _NoLinks())


# Documents that take no new version: a record of a higher package refers to the file as it
# was made (a competence certificate's PDF, whose hash its verification checks). Each
# connected function says whether the document is one of its own.
sealed: Hook[[Document], bool] = Hook("documents.sealed")
