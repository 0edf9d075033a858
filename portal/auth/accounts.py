"""The administrator's account management: creating accounts, changing who a person is,
inviting them to set a password, and telling of each change by mail.

The administrator belongs to no party: a party's confidential documents reach its people, so
an administrator in a party could read them. Only the command line may make an exception,
on purpose and audited. Every change the administrator makes to who a person is (e-mail,
role, party, unit, activity) is audited with its old and new value and told by mail to the
person and to the coordinators of their party, so that nobody can be quietly replaced or
added; a change of e-mail, role or party also signs the person out everywhere.

Functions take the acting user explicitly, change rows and flush; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.auth import mail, tokens
from portal.auth.credentials import find_by_email, normalise_email
from portal.auth.labels import ROLE_LABELS
from portal.auth.models import Role, User
from portal.auth.sessions import end_all_sessions, end_other_sessions
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.core.urls import public_url
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.parties.service import coordinators_of

audit.name_events(
    {
        "user.email_change": _l("E-mail address changed"),
        "user.unit_change": _l("Coordinator's unit changed"),
    },
    details={"email": _l("E-mail")},
)


@dataclass
class AccountDetails:
    email: str
    name: str
    title: str
    phone: str
    role: Role
    party: Party | None
    unit: Unit | None


@dataclass(frozen=True)
class AccountChange:
    """One changed fact of an account, as the mail tells it; words render in the reader's
    language."""

    label: LazyString
    old: str | LazyString
    new: str | LazyString


# --- Creating accounts ----------------------------------------------------------------------


def create_account(actor: User, details: AccountDetails) -> User:
    _check_account(details)
    saved = _as_saved(details)
    user = User(
        email=saved.email,
        name=saved.name,
        title=saved.title,
        phone=saved.phone,
        role=saved.role,
        party=saved.party,
        unit=saved.unit,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        actor=actor,
        target=user,
        email=user.email,
        role=user.role.value,
        party=user.party.name if user.party else "",
        unit=user.unit.name if user.unit else "",
    )
    _tell_party_of_new_account(actor, user)
    return user


def create_administrator(
    email: str, name: str, password_hash: str, *, party: Party | None = None
) -> User:
    """An administrator from the command line, the one way to give an administrator a party.

    The person at the server's console is the actor: no account is.
    """
    user = User(
        email=normalise_email(email),
        name=name,
        role=Role.ADMIN,
        party=party,
        party_from_command_line=party is not None,
        password_hash=password_hash,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        target=user,
        email=user.email,
        role=Role.ADMIN.value,
        party=party.name if party else "",
        via="command line",
    )
    if party is not None:
        _tell_party_of_new_account(None, user)
    return user


def invite(actor: User, user: User) -> None:
    """Mail the person a link that lets them set their password and sign in."""
    if user.password_hash is not None:
        raise DomainError(_l("This person has already set a password."))
    user.invited_at = utcnow()
    audit.record("user.invite", actor=actor, target=user)
    link = public_url("auth.accept_invitation", token=tokens.make_token(user, tokens.INVITATION))
    days = current_app.config["INVITATION_MAX_AGE"].days
    mail.send(user, user.email, mail.INVITATION, "invitation", link=link, days=days, inviter=actor)


# --- Changing an account --------------------------------------------------------------------


def update_account(
    actor: User, user: User, details: AccountDetails, *, active: bool
) -> list[AccountChange]:
    """Save the administrator's changes; the changes told to the person, if any."""
    _check_account(details, existing=user)
    if user == actor and (details.role != Role.ADMIN or not active):
        raise DomainError(
            _l("You cannot remove your own administrator rights or deactivate yourself.")
        )
    saved = _as_saved(details)
    old_email, old_party = user.email, user.party
    changes = _audit_changes(actor, user, saved, active=active)
    signs_out = _signs_out(user, saved, active=active)
    _apply(user, saved, active=active)
    if signs_out:
        # The administrator changing their own address keeps this browser signed in.
        if user == actor:
            end_other_sessions(user)
        else:
            end_all_sessions(user)
    if changes:
        _tell_account_change(
            actor, user, changes, old_email=old_email, old_party=old_party, signed_out=signs_out
        )
    return changes


def _check_account(details: AccountDetails, existing: User | None = None) -> None:
    email = normalise_email(details.email)
    clash = find_by_email(email)
    if clash is not None and clash is not existing:
        raise DomainError(_l("Another account already uses this e-mail address."), field="email")
    if details.role != Role.ADMIN and details.party is None:
        raise DomainError(_l("Choose the party the person works for."), field="party_id")
    if details.role == Role.ADMIN and details.party is not None:
        # Only an administrator who already has a party from the command line keeps it; nobody
        # is made an administrator inside a party, nor is an administrator moved into one.
        keeps_own = (
            existing is not None
            and existing.party_from_command_line
            and existing.party is details.party
        )
        if not keeps_own:
            raise DomainError(
                _l(
                    "A portal administrator belongs to no party. Choose no party, or another "
                    "role for the person."
                ),
                field="party_id",
            )
    if details.unit is not None and (
        details.party is None or details.unit.party_id != details.party.id
    ):
        raise DomainError(_l("The unit must belong to the person's party."), field="unit_id")


def _as_saved(details: AccountDetails) -> AccountDetails:
    """The details as the account keeps them: the address normalised, a unit only for a
    coordinator."""
    return replace(
        details,
        email=normalise_email(details.email),
        unit=details.unit if details.role == Role.COORDINATOR else None,
    )


def _audit_changes(
    actor: User, user: User, saved: AccountDetails, *, active: bool
) -> list[AccountChange]:
    """Audit each fact that changes, with its old and new value; the changes as told."""
    changes: list[AccountChange] = []
    if saved.email != user.email:
        audit.record("user.email_change", actor=actor, target=user, old=user.email, new=saved.email)
        changes.append(AccountChange(_l("E-mail"), user.email, saved.email))
    if saved.role != user.role:
        audit.record(
            "user.role_change",
            actor=actor,
            target=user,
            old=user.role.value,
            new=saved.role.value,
        )
        changes.append(AccountChange(_l("Role"), ROLE_LABELS[user.role], ROLE_LABELS[saved.role]))
    if saved.party is not user.party:
        audit.record(
            "user.party_change",
            actor=actor,
            target=user,
            old=user.party.name if user.party else "",
            new=saved.party.name if saved.party else "",
        )
        changes.append(
            AccountChange(_l("Party"), _party_name(user.party), _party_name(saved.party))
        )
    if saved.unit is not user.unit:
        audit.record(
            "user.unit_change",
            actor=actor,
            target=user,
            old=user.unit.name if user.unit else "",
            new=saved.unit.name if saved.unit else "",
        )
        changes.append(
            AccountChange(_l("Coordinator for unit"), _unit_name(user.unit), _unit_name(saved.unit))
        )
    if active != user.active:
        audit.record("user.activate" if active else "user.deactivate", actor=actor, target=user)
        changes.append(AccountChange(_l("Account"), _activity(user.active), _activity(active)))
    return changes


def _signs_out(user: User, saved: AccountDetails, *, active: bool) -> bool:
    """Whoever used the account until now may no longer be the person it names: they sign in
    again, as the new address, role or party."""
    return not active or any(
        (saved.email != user.email, saved.role != user.role, saved.party is not user.party)
    )


def _apply(user: User, saved: AccountDetails, *, active: bool) -> None:
    user.email = saved.email
    user.name = saved.name
    user.title = saved.title
    user.phone = saved.phone
    user.role = saved.role
    user.party = saved.party
    user.unit = saved.unit
    user.active = active
    if user.role != Role.ADMIN or user.party is None:
        user.party_from_command_line = False


def _party_name(party: Party | None) -> str | LazyString:
    return party.name if party is not None else _l("No party")


def _unit_name(unit: Unit | None) -> str | LazyString:
    return unit.name if unit is not None else _l("The whole party")


def _activity(active: bool) -> LazyString:
    return _l("Active") if active else _l("Deactivated")


# --- Telling of changes ---------------------------------------------------------------------


def _coordinators_to_tell(person: User, parties: list[Party | None]) -> list[User]:
    """The coordinators of these parties, the person themselves aside."""
    found = coordinators_of(p for p in parties if p is not None)
    return sorted((c for c in found if c.id != person.id), key=lambda c: c.id)


def _tell_account_change(
    actor: User,
    user: User,
    changes: list[AccountChange],
    *,
    old_email: str,
    old_party: Party | None,
    signed_out: bool,
) -> None:
    """Tell the person, at the old address too, and the coordinators of the old and new party."""
    login = public_url("auth.login")
    context: dict[str, Any] = {
        "actor": actor,
        "changes": changes,
        "login": login,
        "signed_out": signed_out,
    }
    addresses = [user.email] if old_email == user.email else [old_email, user.email]
    for address in addresses:
        mail.send(user, address, mail.ACCOUNT_CHANGE, "account_change", person=user, **context)
    for coordinator in _coordinators_to_tell(user, [old_party, user.party]):
        mail.send(
            coordinator,
            coordinator.email,
            mail.PARTY_ACCOUNT_CHANGE,
            "party_account_change",
            person=user,
            **context,
        )


def _tell_party_of_new_account(actor: User | None, user: User) -> None:
    """Tell the coordinators of the new person's party who was added, as what, by whom."""
    if user.party is None:
        return
    for coordinator in _coordinators_to_tell(user, [user.party]):
        mail.send(
            coordinator,
            coordinator.email,
            mail.PARTY_ACCOUNT_CHANGE,
            "party_new_account",
            person=user,
            actor=actor,
            role=ROLE_LABELS[user.role],
        )
