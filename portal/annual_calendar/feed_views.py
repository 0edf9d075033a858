"""The person's calendar feed: its page, renewal and revocation, and the feed itself."""

from __future__ import annotations

from flask import Response, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.annual_calendar import feeds, ical
from portal.annual_calendar.blueprint import bp
from portal.auth import held_secrets
from portal.core.authz import public
from portal.core.htmx import render
from portal.core.i18n import force_locale
from portal.core.lifecycle import changes
from portal.core.urls import public_url


def _feed_url(token: str) -> str:
    # Copied into calendar apps, so at the public address, whatever Host the page came by.
    return public_url("annual_calendar.feed_ics", token=token)


@bp.get("/feed")
def feed() -> ResponseReturnValue:
    # The new address is shown once, on the page the renewal redirects to, and then forgotten.
    # It waits on the server, not in the cookie, which the browser can read.
    with changes():
        token = held_secrets.take_secret(current_user)
    return render(
        "annual_calendar/feed.html",
        feed=feeds.feed_of(current_user),
        new_url=_feed_url(token) if token else None,
    )


@bp.post("/feed")
def renew_feed() -> ResponseReturnValue:
    renewing = feeds.feed_of(current_user) is not None
    with changes():
        token = feeds.issue(current_user)
        held_secrets.hold_secret(current_user, token)
    if renewing:
        flash(_("You have a new calendar address. The old one no longer works."), "success")
    else:
        flash(_("Your calendar address has been made."), "success")
    return redirect(url_for("annual_calendar.feed"), 303)


@bp.post("/feed/revoke")
def revoke_feed() -> ResponseReturnValue:
    with changes():
        feeds.revoke(current_user)
    flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("annual_calendar.feed"), 303)


def _not_found() -> Response:
    # Says nothing of why: an unknown, a renewed and a revoked address look the same.
    return Response("Not Found\n", 404, mimetype="text/plain")


@bp.get("/feed/<token>.ics")
@public
def feed_ics(token: str) -> ResponseReturnValue:
    """The subscription that calendar clients fetch: the owner's events, in their language."""
    # Commits when the feed was last used, which user_for_token notes.
    with changes():
        user = feeds.user_for_token(token)
        if user is None:
            return _not_found()
        with force_locale(user.locale or "fi"):
            body = ical.feed_calendar(feeds.feed_events(user))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="silta.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
