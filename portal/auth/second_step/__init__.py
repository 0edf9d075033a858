"""Two-step verification: an authenticator app, passkeys and recovery codes after the password.

Other packages use :func:`service.has_second_step`, :func:`service.second_step_required` and
the challenge page (``second_step.challenge``, which accepts a safe ``next=``); every passed
second step ends in :func:`service.passed`, which also serves the step-up (``auth.freshness``):
a person with a second step confirms who they are by passing it.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.auth.second_step import admin, views

    views.init_app(app)
    admin.init_app(app)
