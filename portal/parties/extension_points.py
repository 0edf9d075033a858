"""Where the packages above parties add to them (see portal.core.extension_points).

* :data:`joined`, :data:`withdrew`: a party that joins after the founding, or withdraws, with
  the other active parties, in the transaction of the change; notifications tells their
  coordinators (:mod:`portal.notifications.party_notices`).
* :data:`unit_saved`: a unit created or changed (its name, say), in the transaction of the
  change; the catalogue rebuilds the search text of the unit's report
  (:func:`portal.catalogue.service.unit_saved`).
* :data:`notice_filing`: the written notice on the administrator's withdrawal form is filed
  as a document, which the parties cannot do themselves: documents stand above them.
  :mod:`portal.document_links.notice_upload` plugs in; without it the form files no notice.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from flask import request
from werkzeug.datastructures import MultiDict

from portal.core.errors import DomainError
from portal.core.extension_points import Hook, Slot
from portal.core.forms import BaseForm
from portal.core.lifecycle import Changes, changes

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party, Unit

joined: Hook[[Party, list[Party]], object] = Hook("parties.joined")
withdrew: Hook[[Party, list[Party]], object] = Hook("parties.withdrew")
unit_saved: Hook[[Unit], object] = Hook("parties.unit_saved")


class NoticeFiling(Protocol):
    """How the withdrawal form takes its file: streamed, checked, refused or filed.

    ``parsed`` is what :meth:`parse` gave: the form's ``fields``, the ``file`` (or None),
    ``changes(form)``, the withdrawal's change as :func:`portal.core.lifecycle.changes` (once
    it is committed the file is the document's), and ``discard(storage)``, which removes a
    stored file the form did not keep.
    """

    def file_hint(self) -> str: ...

    def parse(self) -> Any: ...

    def kept_or_removed(self, parsed: Any) -> AbstractContextManager[None]:
        """The rest of the request: on an exception, or when the change was not committed,
        the stored file is removed."""
        ...

    def file_error(self, parsed: Any) -> DomainError | None: ...

    def refuse(self, form: BaseForm, parsed: Any, error: DomainError | None) -> None: ...

    def file_notice(self, actor: User, party: Party, parsed: Any) -> None: ...


@dataclass
class _FieldsOnly:
    fields: MultiDict[str, str]
    file: None = None

    def discard(self, storage: object = None) -> None:
        """Nothing was stored."""

    def changes(self, form: BaseForm | None = None) -> Changes:
        return changes(form)


class _NoFile:
    """Without a package that files documents: the form's fields only."""

    def file_hint(self) -> str:
        return ""

    def parse(self) -> _FieldsOnly:
        return _FieldsOnly(MultiDict(request.form))

    def kept_or_removed(self, parsed: Any) -> AbstractContextManager[None]:
        return nullcontext()

    def file_error(self, parsed: Any) -> DomainError | None:
        return None

    def refuse(self, form: BaseForm, parsed: Any, error: DomainError | None) -> None:
        if error is not None:
            form.add_domain_error(error)

    def file_notice(self, actor: User, party: Party, parsed: Any) -> None:
        """No file to file."""


notice_filing: Slot[NoticeFiling] = Slot("parties.notice_filing", _NoFile())
