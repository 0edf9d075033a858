"""Daily records of a workshop period: the job coach's entry for each day (present or absent
and why, the hours, a short coaching note), the month closed by the workshop's coordinator,
and corrections after closing as new, visible entries."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.daily_records import models  # noqa: F401  (the tables, for the metadata)
