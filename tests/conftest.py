"""Fixtures: ``app``, ``db`` (each test rolled back), ``client``, signed-in clients per role,
``login`` and ``as_user`` (a client signed in as the given user), ``auth`` (signing in through
the real form), ``mailbox`` (a real SMTP server), ``s3_storage`` (documents in a bucket of a
real S3 API server), the people (``workshop``, ``provider``, their coordinators and staff,
``outsider``, ``admin``… and ``people`` with all of them) and ``make_placement``.

Feature conftests add the feature's own objects, built with ``tests.factories``; they never
redefine these nor import each other's fixtures, except ``as_user``: where a feature's pages
are read in English, or its tests sign in as users made on the spot, it says so there."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login import FlaskLoginClient
from flask_migrate import upgrade
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app
from portal.auth.models import Role, User
from portal.auth.sessions import start_session
from portal.extensions import db as _db
from portal.extensions import limiter
from portal.parties.models import Party, PartyKind
from portal.placements.models import Direction, Placement, PlacementStatus
from tests import databases, factories, privacy_scan
from tests.mail import Mailbox, start_smtp_server
from tests.object_store import CREDENTIALS as S3_CREDENTIALS
from tests.object_store import S3Server, start_s3_server
from tests.people import People

PASSWORD = factories.PASSWORD

# Cheap argon2 parameters: the tests check the rules, not the hashing cost.
TEST_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


# The application and its database.


def app_config(database_url: str, smtp_port: int, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "ARGON2_PARAMETERS": TEST_ARGON2,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "SERVER_NAME": None,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def app(
    tmp_path_factory: pytest.TempPathFactory, smtp_server: tuple[Any, Mailbox]
) -> Iterator[Flask]:
    url = databases.main_database_url(tmp_path_factory.mktemp("db"))
    if databases.is_postgresql():
        databases.reset_postgresql_schema(url)
    application = create_app(app_config(url, smtp_server[0].port))
    application.test_client_class = FlaskLoginClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        _db.engine.dispose()


class TestSession(scoped_session):  # type: ignore[type-arg]
    """The test's session, shared with the requests the test makes.

    At the end of each request the application "removes" its session; here that rolls back
    what the request left uncommitted, as production does, but keeps the test's objects
    attached so that the test can look at them afterwards.
    """

    def remove(self) -> None:
        if self.registry.has():
            self.registry().rollback()

    def close_for_good(self) -> None:
        super().remove()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database, with everything the test does rolled back afterwards.

    The session joins an outer transaction through savepoints, so the code under test may
    commit as it does in production. No application context stays pushed, so each request
    gets its own, as in production.
    """
    with app.app_context():
        connection = _db.engine.connect()
        limiter.reset()
    transaction = connection.begin()
    original = _db.session
    session = TestSession(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    _db.session = session
    try:
        yield _db
    finally:
        session.close_for_good()
        _db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def request_context(app: Flask, db: Any) -> Iterator[None]:
    """Services build links for notifications, so they run in a request (in English here)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


# The servers and the stores the application talks to.


@pytest.fixture(scope="session", autouse=True)
def document_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every application the tests build stores documents in a temporary directory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_STORAGE_DIR", str(tmp_path_factory.mktemp("documents")))
        yield


@pytest.fixture
def storage_dir(app: Flask, tmp_path: Path) -> Iterator[Path]:
    """A directory of the test's own for the documents it stores."""
    directory = tmp_path / "storage"
    previous = app.config["STORAGE_DIR"]
    app.config["STORAGE_DIR"] = str(directory)
    try:
        yield directory
    finally:
        app.config["STORAGE_DIR"] = previous


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """A real S3 API server (moto's), started for the first test that asks for it."""
    server = start_s3_server()
    with pytest.MonkeyPatch.context() as patch:
        # The portal's S3 client finds its credentials where boto3 looks: the environment.
        for name, value in S3_CREDENTIALS.items():
            patch.setenv(name, value)
        yield server
    server.stop()


@pytest.fixture
def s3_storage(app: Flask, s3_server: S3Server) -> Iterator[str]:
    """The application stores documents in a bucket of the test's own; its name is yielded."""
    bucket = s3_server.new_bucket()
    settings = {"STORAGE_URL": f"s3://{bucket}/silta", "S3_ENDPOINT_URL": s3_server.endpoint}
    previous = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    try:
        yield bucket
    finally:
        app.config.update(previous)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Any, Mailbox]]:
    controller, mailbox = start_smtp_server()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Any, Mailbox]) -> Mailbox:
    box = smtp_server[1]
    box.clear()
    return box


# Clients, signed in or signing in.


@pytest.fixture
def client(app: Flask, db: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: Any) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def login(app: Flask, db: Any) -> Callable[[User], FlaskClient]:
    """A client signed in as the given user, through a real server-side session."""

    def _login(user: User) -> FlaskClient:
        start_session(user)
        db.session.commit()
        return app.test_client(user=user)  # type: ignore[call-arg]

    return _login


@pytest.fixture
def as_user(login: Callable[[User], FlaskClient]) -> Callable[[User], FlaskClient]:
    """A client signed in as the given user: ``login``, by the name the features' tests use."""
    return login


@pytest.fixture
def admin_client(login: Callable[[User], FlaskClient], admin: User) -> FlaskClient:
    return login(admin)


@pytest.fixture
def coordinator_client(login: Callable[[User], FlaskClient], coordinator: User) -> FlaskClient:
    return login(coordinator)


@pytest.fixture
def staff_client(login: Callable[[User], FlaskClient], staff: User) -> FlaskClient:
    return login(staff)


class AuthActions:
    """Sign in and out through the real forms, as a person would."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD, next_url: str | None = None) -> Any:
        url = "/auth/login" + (f"?next={next_url}" if next_url else "")
        return self._client.post(url, data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def csrf_enabled(app: Flask) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


# The people, once for every test: see tests/people.py for who they are.


@pytest.fixture
def workshop(db: Any) -> Party:
    return factories.PartyFactory(name="Parik-säätiö", kind=PartyKind.WORKSHOP, is_founding=True)


@pytest.fixture
def provider(db: Any) -> Party:
    return factories.PartyFactory(
        name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER, is_founding=True
    )


@pytest.fixture
def social(db: Any) -> Party:
    return factories.PartyFactory(name="Kymsote", kind=PartyKind.SOCIAL_SERVICES, is_founding=True)


@pytest.fixture
def supporting(db: Any) -> Party:
    return factories.PartyFactory(name="Työpajayhdistys", kind=PartyKind.SUPPORTING)


@pytest.fixture
def other_workshop(db: Any) -> Party:
    return factories.PartyFactory(name="Kotkan paja", kind=PartyKind.WORKSHOP)


@pytest.fixture
def admin(db: Any) -> User:
    return factories.UserFactory(admin=True, email="admin@silta.example", name="Aino Ylläpitäjä")


@pytest.fixture
def coordinator(workshop: Party) -> User:
    return factories.coordinator_of(
        workshop, email="coordinator@parik.example", name="Maria Virtanen"
    )


@pytest.fixture
def staff(workshop: Party) -> User:
    return factories.UserFactory(party=workshop, email="staff@parik.example", name="Sanna Nieminen")


@pytest.fixture
def workshop_coordinator(coordinator: User) -> User:
    return coordinator


@pytest.fixture
def workshop_staff(staff: User) -> User:
    return staff


@pytest.fixture
def provider_coordinator(provider: Party) -> User:
    return factories.coordinator_of(
        provider, email="coordinator@luovi.example", name="Päivi Korhonen", title="Koordinaattori"
    )


@pytest.fixture
def provider_staff(provider: Party) -> User:
    return factories.UserFactory(party=provider, email="staff@luovi.example", name="Mikko Laine")


@pytest.fixture
def social_coordinator(social: Party) -> User:
    return factories.coordinator_of(
        social, email="coordinator@kymsote.example", name="Leena Heikkinen"
    )


@pytest.fixture
def supporting_coordinator(supporting: Party) -> User:
    return factories.coordinator_of(supporting, email="coordinator@tpy.example", name="Anna Mäkelä")


@pytest.fixture
def outsider(other_workshop: Party) -> User:
    """The coordinator of another workshop: a party, but not one of Parik's and Luovi's."""
    return factories.coordinator_of(
        other_workshop, email="coordinator@kotka.example", name="Olli Ulkona"
    )


@pytest.fixture
def people(
    workshop: Party,
    provider: Party,
    social: Party,
    supporting: Party,
    other_workshop: Party,
    workshop_coordinator: User,
    workshop_staff: User,
    provider_coordinator: User,
    provider_staff: User,
    social_coordinator: User,
    supporting_coordinator: User,
    outsider: User,
    admin: User,
) -> People:
    """Everyone at once, for tests that meet many of them."""
    return People(
        workshop=workshop,
        provider=provider,
        social=social,
        supporting=supporting,
        other_workshop=other_workshop,
        workshop_coordinator=workshop_coordinator,
        workshop_staff=workshop_staff,
        provider_coordinator=provider_coordinator,
        provider_staff=provider_staff,
        social_coordinator=social_coordinator,
        supporting_coordinator=supporting_coordinator,
        outsider=outsider,
        admin=admin,
    )


def staff_of(*parties: Party) -> list[User]:
    """The active staff (not coordinators) of the parties, as they are now."""
    return list(
        _db.session.scalars(
            sa.select(User)
            .where(
                User.party_id.in_([p.id for p in parties]),
                User.role == Role.STAFF,
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


@pytest.fixture
def make_placement(
    db: Any,
    workshop: Party,
    provider: Party,
    workshop_coordinator: User,
    provider_coordinator: User,
) -> factories.PlacementBuilder:
    """A placement between Luovi and Parik in any state, signed by their coordinators.

    The two parties' staff who exist when it is made are on its team, unless ``team`` says
    who is (``team=()``: nobody, for the need-to-know tests).
    """

    def build(
        status: PlacementStatus = PlacementStatus.DRAFT,
        direction: Direction = Direction.TO_WORKSHOP,
        **overrides: Any,
    ) -> Placement:
        to_workshop = direction == Direction.TO_WORKSHOP
        overrides.setdefault("reference", "LUOVI-2026-001")
        overrides.setdefault("signatories", (workshop_coordinator, provider_coordinator))
        if "team" not in overrides:
            overrides["team"] = staff_of(workshop, provider)
        return factories.PlacementFactory(
            status=status,
            direction=direction,
            sender=provider if to_workshop else workshop,
            receiver=workshop if to_workshop else provider,
            **overrides,
        )

    return build


# The run: its header, and the privacy scan around it.


def pytest_report_header(config: pytest.Config) -> str:
    return "database: " + (
        "PostgreSQL (TEST_DATABASE_URL)" if databases.is_postgresql() else "SQLite"
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    privacy_scan.SCANNER.install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a young person's name reached mail, a notification, a feed or the log."""
    privacy_scan.SCANNER.uninstall()
    leaks = privacy_scan.SCANNER.leaks()
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"A young person's name was given out {len(leaks)} time(s):"]
    lines += [f"  {leak}" for leak in leaks[:20]]
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_sep("=", "privacy scan", red=True)
        reporter.write_line("\n".join(lines))
    else:
        print("\n".join(lines))  # noqa: T201 (pytest's reporter is gone: the log says it)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
