"""One request lifecycle for every view: the view states what it changes, this commits once.

Services change rows and flush; they never commit. A view wraps the service calls of its
change in ``changes()``::

    with changes(form) as change:
        service.accept(current_user, placement, form.comment.data or "")
    if change.ok:
        flash(_("The request has been accepted."), "success")
        return to_detail(placement)
    return render("placements/step.html", form=form, status_code=form.status)

Leaving the block normally commits. A ``DomainError`` rolls everything back: with a form it
is shown beside its field (the form goes back with what was typed, as 422), without one it
propagates to the error handler, which answers with the 409 page, or the message alone for
htmx. Any other exception rolls back and propagates.

The one write that is not a view's change is :func:`write_at_once`: see when it is right.
"""

from __future__ import annotations

from types import TracebackType

import sqlalchemy as sa

from portal.core.database import ready_to_write
from portal.core.errors import DomainError
from portal.core.forms import BaseForm
from portal.extensions import db


class Changes:
    """The transaction of one view's change; see the module's docstring."""

    def __init__(
        self,
        form: BaseForm | None,
        *,
        refusal_kept: bool,
        as_page: tuple[type[DomainError], ...],
    ) -> None:
        self.form = form
        self.refusal_kept = refusal_kept
        self.as_page = as_page
        # The change was committed.
        self.ok = False
        # The rule that refused it, when it was shown beside the form's field.
        self.error: DomainError | None = None

    def __enter__(self) -> Changes:
        # On SQLite a request that has only read so far (a GET recording an access) must
        # take the write lock before it changes anything; see portal.core.database.
        ready_to_write(db.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if exc is None:
            _commit()
            self.ok = True
            return False
        if not isinstance(exc, DomainError):
            db.session.rollback()
            return False
        if self.refusal_kept:
            # The service changed nothing before refusing but what records the refusal
            # (an audit row, a count of wrong passwords): that must stay.
            _commit()
        else:
            db.session.rollback()
        if self.form is None or isinstance(exc, self.as_page):
            return False
        self.form.add_domain_error(exc)
        self.error = exc
        return True


def _commit() -> None:
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def changes(
    form: BaseForm | None = None,
    *,
    refusal_kept: bool = False,
    as_page: tuple[type[DomainError], ...] = (),
) -> Changes:
    """Commit what the block changes once, or roll it back and show why.

    ``form``: where a ``DomainError`` is shown, beside its field; without a form it becomes
    the 409 page. ``as_page``: refusals that are the 409 page even with a form (a step no
    longer allowed: the form cannot put it right). ``refusal_kept``: a refusal commits what
    the service recorded about it instead of rolling back.
    """
    return Changes(form, refusal_kept=refusal_kept, as_page=as_page)


def write_at_once(statement: sa.Executable) -> None:
    """Execute one statement in a write of its own, outside the request's change, and commit.

    Right only for bookkeeping that must be written whatever the page does, while serving a
    page that may only read: the session's last-seen mark, or the removal of a session past
    its time. Nothing else may be pending in the request's session: it is committed with the
    statement. On SQLite it first takes the write lock (see portal.core.database). A statement
    that names its row by id finds no error in a row another request removed meanwhile.
    """
    ready_to_write(db.session)
    db.session.execute(statement)
    db.session.commit()
