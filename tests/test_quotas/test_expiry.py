"""Places not filled by the reply-by date go back to the workshop, once, and both parties'
coordinators are told; the command and the outbox worker's round both do it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.notifications.models import Notification
from portal.outbox import worker
from portal.quotas.expiry import release_expired
from portal.quotas.occupancy import occupancy
from tests.test_quotas.conftest import TODAY, day, hold

pytestmark = pytest.mark.usefixtures("request_context")


def told(db: Any, user: User) -> list[dict[str, Any]]:
    return [
        n.params
        for n in db.session.scalars(
            sa.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == "quota.places_returned"
            )
        )
    ]


def test_unfilled_places_go_back_after_the_reply_by_date_once(
    db: Any, people: dict[str, User], make_quota: Any
) -> None:
    quota = make_quota(start_on=day(-30), end_on=day(150), places=4, reply_by=day(-1))
    hold(quota, -30, 60)
    hold(quota, 61, 150, reference="LUOVI-VARAUS-2")  # the same place, after the first
    hold(quota, 0, 100, reference="LUOVI-VARAUS-3")
    handled = release_expired()
    assert handled == [quota.id]
    db.session.expire_all()
    assert (quota.places, quota.released_places, quota.released_on) == (2, 2, TODAY)
    for person in ("workshop_coordinator", "provider_coordinator"):
        assert [(p["released"], p["kept"]) for p in told(db, people[person])] == [(2, 2)]
    assert told(db, people["workshop_staff"]) == []

    # Idempotent: a second run, on the same day or later, changes and tells nothing more.
    assert release_expired() == []
    assert release_expired(day(3)) == []
    db.session.expire_all()
    assert quota.places == 2
    assert len(told(db, people["provider_coordinator"])) == 1


def test_nothing_goes_back_on_the_reply_by_date_itself_or_from_a_full_quota(
    db: Any, people: dict[str, User], make_quota: Any
) -> None:
    today = make_quota(reply_by=TODAY)
    full = make_quota(field_name="Metalliala", places=1, start_on=day(-10), reply_by=day(-2))
    hold(full, -10, 100)
    assert release_expired() == [full.id]
    db.session.expire_all()
    assert today.released_on is None and today.places == 2
    assert (full.places, full.released_places) == (1, 0)
    assert told(db, people["provider_coordinator"]) == []


def test_a_later_reply_by_date_gives_the_provider_time_again(
    db: Any, people: dict[str, User], make_quota: Any
) -> None:
    from portal.quotas import service
    from tests.test_quotas.conftest import quota_details as details

    quota = make_quota(reply_by=day(-1))
    release_expired()
    db.session.expire_all()
    assert quota.places == 0
    service.update_quota(
        people["workshop_coordinator"], quota, details(quota, places=2, reply_by=day(10))
    )
    db.session.commit()
    assert quota.released_on is None
    assert release_expired() == []
    assert release_expired(day(11)) == [quota.id]


def test_the_figures_after_the_return(db: Any, make_quota: Any) -> None:
    quota = make_quota(start_on=day(-10), places=3, reply_by=day(-1))
    hold(quota, -10, 20)
    release_expired()
    db.session.expire_all()
    figures = occupancy(quota)
    assert (figures.places, figures.in_use, figures.free, figures.first_free_on) == (
        1,
        1,
        0,
        day(21),
    )


def test_the_command_returns_them(runner: Any, db: Any, make_quota: Any) -> None:
    quota = make_quota(reply_by=day(-1))
    result = runner.invoke(args=["quotas", "release-expired"])
    assert result.exit_code == 0, result.output
    assert "Handled 1 quota(s)" in result.output
    db.session.expire_all()
    assert quota.released_on == TODAY


def test_the_outbox_worker_returns_them_on_its_round(db: Any, make_quota: Any) -> None:
    quota = make_quota(reply_by=day(-1))
    worker.run_round_jobs()
    db.session.expire_all()
    assert quota.released_on == TODAY
