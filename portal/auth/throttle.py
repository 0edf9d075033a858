"""Throttling that slows the attacker and never locks the owner out.

Attempts are counted against keys such as (account, address) and (address). After a few free
attempts each further one doubles the wait before the key may try again, up to a cap; while a
key waits, its attempts are refused without looking at the password. The owner signing in
from an address without failures uses keys that have none, so someone hammering the account
from elsewhere never refuses them. A success clears the (account, address) key; counts are
forgotten after a quiet period.

The counts live in a small table keyed by an HMAC of the key: every app server shares it
without another service, each lookup is by primary key, and the table names no e-mail or
address. Times come from :func:`portal.core.models.utcnow`, so tests shift the rows' times
instead of sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite

from portal.auth.models import ThrottleKey, User
from portal.core import audit
from portal.core.accesslog import redact
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.extensions import db

audit.name_events({}, details={"limit": _l("Limit")})
# What each limit counts, for the administrator reading a refusal in the audit log.
audit.DETAIL_VALUE_LABELS.update(
    {
        ("limit", "sign_in"): _l("failed sign-ins to the account from this address"),
        ("limit", "sign_in_address"): _l("failed sign-ins from this address"),
        ("limit", "password_change"): _l("wrong current passwords from this address"),
        ("limit", "reset_address"): _l("password reset requests from this address"),
        ("limit", "reset_account"): _l("password reset mails to the account"),
        ("limit", "second_step"): _l("wrong second-step codes to the account from this address"),
    }
)


@dataclass(frozen=True)
class Rule:
    """How many attempts are free and how the wait grows after them."""

    name: str
    free: int
    first_wait: timedelta
    longest_wait: timedelta

    def wait_after(self, count: int) -> timedelta:
        if count <= self.free:
            return timedelta(0)
        # Doubling from the first wait; the exponent is bounded so the number stays small.
        doubled = self.first_wait * 2 ** min(count - self.free - 1, 30)
        return min(doubled, self.longest_wait)


def rule(name: str) -> Rule:
    """The rule of a kind of attempt, from the settings."""
    config = current_app.config
    first, longest = config["THROTTLE_FIRST_WAIT"], config["THROTTLE_LONGEST_WAIT"]
    per_account = config["THROTTLE_FREE_ATTEMPTS"]
    per_address = config["THROTTLE_FREE_ATTEMPTS_PER_ADDRESS"]
    rules = {
        # Failed sign-ins to one account from one address, and from one address to any account.
        "sign_in": Rule("sign_in", per_account, first, longest),
        "sign_in_address": Rule("sign_in_address", per_address, first, longest),
        # Wrong current passwords when changing one's own password.
        "password_change": Rule("password_change", per_account, first, longest),
        # Wrong second-step codes (authenticator app, recovery code) to one account from one
        # address: the owner elsewhere is never slowed.
        "second_step": Rule("second_step", per_account, first, longest),
        # Reset requests from one address, and reset mails to one account.
        "reset_address": Rule("reset_address", per_address, first, longest),
        "reset_account": Rule(
            "reset_account", 0, config["PASSWORD_RESET_MAIL_INTERVAL"], max(longest, first)
        ),
    }
    return rules[name]


@dataclass(frozen=True)
class Key:
    rule: Rule
    digest: str


def key(rule_name: str, *parts: object) -> Key:
    """The key that counts attempts of this kind for these parts (account, address...)."""
    message = "\0".join([rule_name, *(str(part) for part in parts)]).encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return Key(rule(rule_name), hmac.new(secret, message, hashlib.sha256).hexdigest())


class TooManyAttempts(DomainError):
    """A key is waiting; the attempt was refused without being tried."""

    status = 429

    def __init__(self, wait: timedelta, *, field: str | None = None) -> None:
        self.retry_after = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            _l(
                "There have been too many failed attempts. Wait %(wait)s and try again.",
                wait=format_timedelta(
                    timedelta(seconds=self.retry_after), threshold=1.5, add_direction=False
                ),
            ),
            field=field,
        )


def waiting(keys: Sequence[Key]) -> timedelta | None:
    """The longest wait still running among the keys, or None when all may try."""
    now = utcnow()
    until = db.session.scalar(
        sa.select(sa.func.max(ThrottleKey.wait_until)).where(
            ThrottleKey.key.in_([k.digest for k in keys]), ThrottleKey.wait_until > now
        )
    )
    return until - now if until is not None else None


def report(
    keys: Sequence[Key], *, actor: User | None = None, actor_email: str | None = None
) -> None:
    """Write a refusal to the audit log once per key and wait, however often it is tried."""
    now = utcnow()
    for k in keys:
        # One conditional update decides, so two servers refusing at once write one row.
        marked = db.session.execute(
            sa.update(ThrottleKey)
            .where(
                ThrottleKey.key == k.digest,
                ThrottleKey.wait_until > now,
                sa.or_(
                    ThrottleKey.reported_wait.is_(None),
                    ThrottleKey.reported_wait != ThrottleKey.wait_until,
                ),
            )
            .values(reported_wait=ThrottleKey.wait_until)
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount:  # type: ignore[attr-defined]
            audit.record(
                "rate_limit.exceeded",
                actor=actor,
                actor_email=actor_email,
                limit=k.rule.name,
                path=redact(request.path) if has_request_context() else "",
            )


def check(
    keys: Sequence[Key],
    *,
    actor: User | None = None,
    actor_email: str | None = None,
    field: str | None = None,
) -> None:
    """Refuse the attempt with :class:`TooManyAttempts` while any of the keys waits."""
    wait = waiting(keys)
    if wait is not None:
        report(keys, actor=actor, actor_email=actor_email)
        raise TooManyAttempts(wait, field=field)


def _insert(dialect: str) -> type[postgresql.Insert] | type[sqlite.Insert]:
    return postgresql.Insert if dialect == "postgresql" else sqlite.Insert


def count(keys: Sequence[Key]) -> None:
    """Count an attempt against each key and start its wait when its free attempts are used."""
    now = utcnow()
    forget_before = now - current_app.config["THROTTLE_FORGET_AFTER"]
    dialect = db.session.get_bind().dialect.name
    for k in keys:
        # An atomic upsert: concurrent attempts on several servers are all counted.
        insert = _insert(dialect)(ThrottleKey).values(key=k.digest, count=1, last_counted_at=now)
        counted = db.session.execute(
            insert.on_conflict_do_update(
                index_elements=[ThrottleKey.key],
                set_={
                    "count": sa.case(
                        (ThrottleKey.last_counted_at < forget_before, 1),
                        else_=ThrottleKey.count + 1,
                    ),
                    "last_counted_at": now,
                },
            ).returning(ThrottleKey.count)
        ).scalar_one()
        wait = k.rule.wait_after(counted)
        if wait:
            db.session.execute(
                sa.update(ThrottleKey)
                .where(ThrottleKey.key == k.digest)
                .values(wait_until=now + wait)
                .execution_options(synchronize_session=False)
            )


def clear(key: Key) -> None:
    db.session.execute(sa.delete(ThrottleKey).where(ThrottleKey.key == key.digest))
