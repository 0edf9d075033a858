"""The command-line tasks: create-admin and seed-demo."""

from __future__ import annotations

from typing import Any

import pytest

from portal.auth.models import Role, User
from portal.auth.passwords import verify_password
from portal.parties.models import Party, PartyKind
from portal.parties.service import agreement_status, current_agreement


def test_create_admin_reads_the_password_from_the_environment(
    runner: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "vahva salasana ylläpitäjälle")
    result = runner.invoke(
        args=["create-admin", "--email", "Root@Silta.Example", "--name", "Pää Käyttäjä"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="root@silta.example").one()
    assert user.role == Role.ADMIN and user.party is None
    assert verify_password(user.password_hash, "vahva salasana ylläpitäjälle")


def test_create_admin_asks_for_the_password_twice(
    runner: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    result = runner.invoke(
        args=["create-admin", "--email", "root@silta.example", "--name", "Pää Käyttäjä"],
        input="vahva salasana ylläpitäjälle\nvahva salasana ylläpitäjälle\n",
    )
    assert result.exit_code == 0, result.output


def test_create_admin_refuses_a_weak_password(
    runner: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "short")
    result = runner.invoke(
        args=["create-admin", "--email", "root@silta.example", "--name", "Pää Käyttäjä"]
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.session.query(User).filter_by(email="root@silta.example").count() == 0


def test_seed_demo_loads_the_guidelines_parties_once(runner: Any, db: Any) -> None:
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "maria.virtanen@parik.example" in first.output and "silta-demo-2026" in first.output

    parties = {p.name: p for p in db.session.query(Party)}
    assert parties["Kouvolan kaupunki / Nuorten työpajat"].is_withdrawn()
    assert parties["Valtakunnallinen työpajayhdistys ry"].kind == PartyKind.SUPPORTING
    status = agreement_status(current_agreement())
    assert status.in_force and status.in_force_since.isoformat() == "2021-12-11"  # type: ignore[union-attr]

    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0
    assert "already loaded" in second.output
    assert db.session.query(Party).count() == len(parties)


def test_seed_demo_refuses_a_database_with_parties(runner: Any, db: Any, workshop: Any) -> None:
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
