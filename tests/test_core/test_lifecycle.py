"""One request lifecycle: ``changes()`` commits a view's change once, or rolls it back and shows
the refusal beside the field or as the 409 page; no view commits or rolls back by itself, nor
does a feature's service: only the modules named below end a transaction."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from wtforms import StringField

import portal
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.forms import BaseForm
from portal.core.lifecycle import changes, write_at_once
from portal.parties.models import Party

PORTAL = Path(portal.__file__).parent
VIEW_NAMES = re.compile(r"^(views.*|.*_views|admin)\.py$")
ROUTE_METHODS = {"route", "get", "post", "put", "patch", "delete"}


def _has_routes(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                func = call.func if call is not None else None
                if isinstance(func, ast.Attribute) and func.attr in ROUTE_METHODS:
                    return True
    return False


def _session_calls(tree: ast.Module) -> list[tuple[int, str]]:
    """Each ``<…>session.commit()`` or ``.rollback()`` in the module, by line."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("commit", "rollback"):
            continue
        receiver = ast.unparse(node.func.value)
        if receiver == "session" or receiver.endswith(".session"):
            found.append((node.lineno, f"{receiver}.{node.func.attr}()"))
    return found


def test_no_view_commits_or_rolls_back_by_itself() -> None:
    """Views state what they change in ``changes()``; the commit and the rollback are its."""
    offenders = []
    views = 0
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not (VIEW_NAMES.match(path.name) or _has_routes(tree)):
            continue
        views += 1
        offenders += [
            f"{path.relative_to(PORTAL.parent)}:{line}: {call}"
            for line, call in _session_calls(tree)
        ]
    assert views >= 20, "the view modules were not found"
    assert offenders == []


# Who may end a transaction besides ``changes()``, and why. A service changes rows and flushes;
# the transaction is its caller's.
MAY_END_TRANSACTIONS = {
    # The request's lifecycle itself: changes() and write_at_once().
    "portal/core/lifecycle.py",
    # The error handlers: a failed request rolls back; a refusal's audit row is committed alone.
    "portal/core/errors.py",
    # An error handler too: asking the person to confirm who they are drops what the request began.
    "portal/auth/freshness.py",
    # SQLite's write lock: a read-only transaction ends before one that holds the lock begins.
    "portal/core/database.py",
    # Probes outside any request's change: a read that failed leaves the session to roll back.
    "portal/core/observability/health.py",
    "portal/core/observability/metrics.py",
    # An upload's request: on any failure its rows roll back before the stored file is removed.
    "portal/documents/uploads.py",
    # Command-line tasks: each command is a unit of work of its own.
    "portal/cli.py",
    "portal/catalogue/cli.py",
    "portal/core/records_cli.py",
    "portal/retention/cli.py",
    # Background jobs: each claims and handles its items, one transaction per item or per
    # round, with a rollback where another worker came first.
    "portal/outbox/worker.py",
    "portal/notifications/digest.py",
    "portal/follow_up/reminders.py",
    "portal/annual_calendar/reminders.py",
    "portal/quotas/expiry.py",
    "portal/retention/daily.py",
    "portal/documents/purge.py",
}
# Not the portal's service layer: the demo data and the benchmark's load commit what they make.
MAY_END_TRANSACTIONS_PACKAGES = ("portal/demo/", "portal/benchmark/")


def _ends_transactions(relative: str) -> bool:
    return relative in MAY_END_TRANSACTIONS or relative.startswith(MAY_END_TRANSACTIONS_PACKAGES)


def _transaction_ends() -> dict[str, list[tuple[int, str]]]:
    """Each module of ``portal/`` that commits or rolls back, with its calls."""
    found = {}
    for path in sorted(PORTAL.rglob("*.py")):
        calls = _session_calls(ast.parse(path.read_text(encoding="utf-8")))
        if calls:
            found[path.relative_to(PORTAL.parent).as_posix()] = calls
    return found


def test_no_service_commits_or_rolls_back() -> None:
    """A feature's services never end the transaction: a write of its own is core's
    ``write_at_once``, a job's or a command's transactions are listed above."""
    found = _transaction_ends()
    offenders = [
        f"{relative}:{line}: {call}"
        for relative, calls in found.items()
        if not _ends_transactions(relative)
        for line, call in calls
    ]
    assert "portal/core/lifecycle.py" in found, "the session calls were not found"
    assert offenders == []


def test_the_allowed_modules_still_end_transactions() -> None:
    """The list names only modules that still commit or roll back: one that stopped leaves it."""
    found = _transaction_ends()
    assert sorted(MAY_END_TRANSACTIONS - set(found)) == []


# --- The helper's contract, on real rows ------------------------------------------------------


class NameForm(BaseForm):
    name = StringField()


def _name(db: Any, party: Party) -> str:
    return db.session.scalar(sa.select(Party.name).where(Party.id == party.id))


@pytest.fixture
def form_request(app: Flask) -> Any:
    with app.test_request_context(method="POST", data={"name": "Typed by the user"}):
        yield


def test_a_change_is_committed_once(db: Any, workshop: Party, form_request: None) -> None:
    form = NameForm()
    with changes(form) as change:
        workshop.name = "Parik-säätiö sr"
    assert change.ok and change.error is None and not form.errors
    # Committed: what the request does next cannot take it back.
    db.session.rollback()
    assert _name(db, workshop) == "Parik-säätiö sr"


def test_a_refusal_is_shown_beside_its_field_and_nothing_is_changed(
    db: Any, workshop: Party, form_request: None
) -> None:
    form = NameForm()
    with changes(form) as change:
        workshop.name = "Half-applied"
        db.session.flush()
        raise DomainError("Another party already uses this name.", field="name")
    assert not change.ok and isinstance(change.error, DomainError)
    assert form.name.errors == ["Another party already uses this name."]
    # The form goes back with what was typed, as 422.
    assert form.name.data == "Typed by the user" and form.status == 422
    assert _name(db, workshop) == "Parik-säätiö"


def test_a_refusal_of_no_field_is_shown_above_the_form(
    db: Any, workshop: Party, form_request: None
) -> None:
    form = NameForm()
    with changes(form) as change:
        raise DomainError("The party has withdrawn.")
    assert not change.ok and form.form_errors == ["The party has withdrawn."]


def test_without_a_form_a_refusal_is_the_409_page(db: Any, workshop: Party) -> None:
    with pytest.raises(DomainError), changes():
        workshop.name = "Half-applied"
        db.session.flush()
        raise DomainError("Not now.")
    assert _name(db, workshop) == "Parik-säätiö"


def test_a_refusal_the_form_cannot_put_right_is_the_409_page(
    db: Any, workshop: Party, form_request: None
) -> None:
    form = NameForm()
    with pytest.raises(TransitionNotAllowed), changes(form, as_page=(TransitionNotAllowed,)):
        workshop.name = "Half-applied"
        db.session.flush()
        raise TransitionNotAllowed("Someone else decided it a moment ago.")
    assert not form.errors and _name(db, workshop) == "Parik-säätiö"


def test_a_kept_refusal_commits_what_records_it(
    db: Any, workshop: Party, form_request: None
) -> None:
    """As a wrong password's count: the service changed nothing else before refusing."""
    form = NameForm()
    with changes(form, refusal_kept=True) as change:
        workshop.description = "Counted"
        raise DomainError("The current password is wrong.", field="name")
    assert not change.ok and form.name.errors == ["The current password is wrong."]
    db.session.rollback()
    assert db.session.scalar(sa.select(Party.description).where(Party.id == workshop.id)) == (
        "Counted"
    )


def test_a_failure_rolls_back_and_propagates(db: Any, workshop: Party, form_request: None) -> None:
    form = NameForm()
    with pytest.raises(ZeroDivisionError), changes(form):
        workshop.name = "Half-applied"
        db.session.flush()
        _ = 1 / 0
    assert not form.errors and _name(db, workshop) == "Parik-säätiö"


def test_a_failed_commit_rolls_back_and_propagates(
    db: Any, workshop: Party, provider: Party, form_request: None
) -> None:
    """A constraint the database checks only at the commit (two parties of one name here) is
    an error, and the session is usable afterwards."""
    with pytest.raises(sa.exc.IntegrityError), changes(NameForm()):
        db.session.add(Party(name=workshop.name, kind=workshop.kind, business_id="1234567-1"))
    assert db.session.scalar(sa.select(sa.func.count(Party.id))) == 2


def test_a_write_at_once_is_committed_on_its_own(db: Any, workshop: Party) -> None:
    """As the session's last-seen mark while a page only reads: the request's next rollback
    cannot take it back."""
    write_at_once(sa.update(Party).where(Party.id == workshop.id).values(name="Marked at once"))
    db.session.rollback()
    assert _name(db, workshop) == "Marked at once"


def test_a_write_at_once_of_a_row_gone_meanwhile_is_no_error(db: Any, workshop: Party) -> None:
    write_at_once(sa.update(Party).where(Party.id == -1).values(name="Nobody's"))
    assert _name(db, workshop) == "Parik-säätiö"
