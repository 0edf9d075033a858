"""The portal's PostgreSQL connections run statements interpreted, never JIT-compiled."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask


def test_the_portals_connections_turn_jit_off(app: Flask, db: Any) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("JIT compiling is PostgreSQL's")
        # Every new connection of the pool, not only the one the test holds.
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SHOW jit")).scalar_one() == "off"
        assert db.session.execute(sa.text("SHOW jit")).scalar_one() == "off"
