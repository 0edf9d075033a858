"""Every filter and sort of the lists that grow has an index that leads with its columns.

The lists' filters are read from the filter classes themselves: a filter added to one of
them without an entry here fails the test, so a new filter is noticed and given its index
(in the models and one migration) or a reason why none serves it.

On the database the suite runs on, a few key queries are also shown to use their index. The
test data is tiny, so the planner is told to prefer an index when one can serve the query
(PostgreSQL: ``enable_seqscan`` off; SQLite picks an index that saves a sort by itself):
what is checked is that the index can serve the query, not the plan of national data.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.annual_calendar.queries import Filters as CalendarFilters
from portal.core import dates
from portal.core.models import utcnow
from portal.dashboard.documents import shared_since
from portal.dashboard.sections import Window
from portal.documents.queries import ListFilters as DocumentFilters
from portal.placements.queries import Filters as PlacementFilters
from tests.people import People

Need = tuple[str, tuple[str, ...]]

# A search for text anywhere in a title or reference cannot use a B-tree index: the party's
# scope (indexed) narrows the rows it reads, and on PostgreSQL a trigram index on the
# searched expression finds the matches (TRIGRAM_SEARCHES below).
CONTAINS_SEARCH: list[Need] = []

# The searches for text anywhere in a column of a list that grows, as their queries write
# them (LIKE '%text%'), and the PostgreSQL trigram index that serves each.
TRIGRAM_SEARCHES: dict[str, tuple[str, str]] = {
    "placements list, documents belonging to a placement": (
        "SELECT id FROM placement WHERE lower(reference) LIKE '%luovi-2026%'",
        "ix_placement_search_reference",
    ),
    "documents list": (
        "SELECT id FROM document WHERE lower(title) LIKE '%hoks%'",
        "ix_document_search_title",
    ),
    "documents belonging to an event": (
        "SELECT id FROM calendar_event WHERE lower(title) LIKE '%palaveri%'",
        "ix_calendar_event_search_title",
    ),
    "audit log by e-mail": (
        "SELECT id FROM audit_event WHERE actor_email LIKE '%parik%'",
        "ix_audit_event_search_actor_email",
    ),
}

# Per list: each filter of its filter class, and its sort, with the (table, leading columns)
# an index must have. Placements are scoped to the party as sender or receiver, quotas as
# workshop or provider, documents to the owner or a recipient: each side has its index.
PLACEMENTS: dict[str, list[Need]] = {
    "sort": [
        ("placement", ("sender_party_id", "start_on")),
        ("placement", ("receiver_party_id", "start_on")),
    ],
    "direction": [("placement", ("sender_party_id",)), ("placement", ("receiver_party_id",))],
    "status": [
        ("placement", ("sender_party_id", "status")),
        ("placement", ("receiver_party_id", "status")),
    ],
    "other_party_id": [("placement", ("sender_party_id",)), ("placement", ("receiver_party_id",))],
    "year": [
        ("placement", ("sender_party_id", "start_on")),
        ("placement", ("receiver_party_id", "start_on")),
    ],
    "query": CONTAINS_SEARCH,
}
DOCUMENTS: dict[str, list[Need]] = {
    "sort": [("document", ("created_at",)), ("document", ("owner_party_id", "created_at"))],
    "listing": [("document", ("owner_party_id",)), ("document_recipient", ("party_id",))],
    "classification": [("document", ("classification", "created_at"))],
    "party_id": [("document", ("owner_party_id",)), ("document_recipient", ("party_id",))],
    "query": CONTAINS_SEARCH,
    "linked": [
        ("document_link", ("document_id",)),
        ("document_link", ("placement_id",)),
        ("document_link", ("event_id",)),
        ("document_link", ("environment_id",)),
        ("document_link", ("withdrawal_party_id",)),
    ],
    # The typed name is searched among the objects' names (contains), then by the links above.
    "belongs": CONTAINS_SEARCH,
}
CALENDAR: dict[str, list[Need]] = {
    "sort": [("calendar_event", ("starts_at",)), ("calendar_event", ("ends_at",))],
    "kind": [("calendar_event", ("kind",))],
    "party_id": [
        ("calendar_event", ("organiser_party_id",)),
        ("calendar_event_party", ("party_id",)),
    ],
}
# Lists without a filter class: their scope and sort.
OTHER_LISTS: dict[str, list[Need]] = {
    "notifications": [("notification", ("user_id", "created_at"))],
    "quotas": [("quota", ("workshop_id", "start_on")), ("quota", ("provider_id", "start_on"))],
    "document access log": [("document_access_log", ("document_id", "at"))],
    "audit log": [
        ("audit_event", ("seq",)),
        ("audit_event", ("at",)),
        ("audit_event", ("actor_party_id", "at")),
        ("audit_event", ("event", "seq")),
    ],
    # The front page's sections.
    "requests and agreements waiting": [
        ("placement", ("receiver_party_id", "status")),
        ("placement_agreement", ("placement_id", "number")),
        ("placement_signature", ("agreement_id",)),
    ],
    "placements changed": [("placement_step", ("at",)), ("placement_step", ("placement_id", "at"))],
    "support days": [
        ("placement", ("started_on",)),
        # The daily records of the report's periods, and their closed months.
        ("daily_record", ("placement_id", "day")),
        ("daily_record_month", ("placement_id", "month")),
    ],
    # Found by the document's newest version's time; its number by the version's key.
    "documents shared": [
        ("document", ("latest_version_at",)),
        ("document_version", ("document_id", "number")),
    ],
    "disclosure requests": [("disclosure_request", ("document_id",))],
    "action items due": [("calendar_action_item", ("owner_id", "due_on"))],
    "places to fill": [("quota", ("provider_id",)), ("quota", ("reply_by",))],
    "quota places": [("quota_allocation", ("quota_id",))],
}


def _filter_fields(cls: type[Any]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize(
    ("cls", "needs"),
    [(PlacementFilters, PLACEMENTS), (DocumentFilters, DOCUMENTS), (CalendarFilters, CALENDAR)],
    ids=["placements", "documents", "calendar"],
)
def test_every_filter_of_a_list_is_accounted_for(cls: type[Any], needs: dict[str, Any]) -> None:
    assert _filter_fields(cls) == set(needs) - {"sort"}


def _indexed_columns(inspector: Any, table: str) -> list[tuple[str, ...]]:
    """The column lists of the table's indexes, unique constraints and primary key."""
    found = [tuple(i["column_names"]) for i in inspector.get_indexes(table)]
    found += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)]
    found.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
    return found


def _all_needs() -> list[Need]:
    needs: list[Need] = []
    for lists in (PLACEMENTS, DOCUMENTS, CALENDAR, OTHER_LISTS):
        for per_filter in lists.values():
            needs += per_filter
    return sorted(set(needs))


@pytest.mark.parametrize(("table", "columns"), _all_needs(), ids=lambda v: str(v))
def test_an_index_leads_with_the_columns_of_each_filter_and_sort(
    app: Flask, db: Any, table: str, columns: tuple[str, ...]
) -> None:
    with app.app_context():
        indexed = _indexed_columns(sa.inspect(db.engine), table)
    assert any(found[: len(columns)] == columns for found in indexed), (
        f"no index of {table} leads with {columns}: {indexed}"
    )


def _plan(db: Any, sql: str, params: Any, raw: bool = False) -> str:
    """The plan of ``sql`` as text, the planner steered to indexes on PostgreSQL; ``raw``
    when ``sql`` is compiled for the driver (its parameters in the driver's style)."""
    connection = db.session.connection()

    def explain(prefix: str) -> Any:
        if raw:
            return connection.exec_driver_sql(f"{prefix} {sql}", params)
        return connection.execute(sa.text(f"{prefix} {sql}"), params)

    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SET LOCAL enable_seqscan = off"))
        return "\n".join(row[0] for row in explain("EXPLAIN"))
    return "\n".join(str(row[-1]) for row in explain("EXPLAIN QUERY PLAN"))


# Each key list's query, and the indexes of which the plan must use one. Where two indexes
# lead with the scope's column, the planner chooses between them by the table's statistics —
# which other tests' rows move — so either is an index serving the list.
@pytest.mark.parametrize(
    ("sql", "indexes"),
    [
        (
            "SELECT id FROM notification WHERE user_id = :id ORDER BY created_at DESC, id DESC"
            " LIMIT 20",
            ("ix_notification_user_created", "ix_notification_user_unread"),
        ),
        ("SELECT id FROM audit_event ORDER BY at DESC LIMIT 20", ("ix_audit_event_at",)),
        (
            "SELECT id FROM document WHERE owner_party_id = :id AND deleted_at IS NULL"
            " ORDER BY created_at DESC LIMIT 20",
            ("ix_document_owner_created", "ix_document_owner_deleted"),
        ),
        (
            "SELECT id FROM placement WHERE sender_party_id = :id ORDER BY start_on DESC LIMIT 20",
            ("ix_placement_sender_start", "ix_placement_sender_status"),
        ),
        (
            "SELECT id FROM document WHERE latest_version_at > '2026-01-01'"
            " ORDER BY latest_version_at DESC LIMIT 8",
            ("ix_document_latest_version_at",),
        ),
    ],
    ids=["notifications", "audit log", "own documents", "placements", "documents shared"],
)
def test_the_key_lists_use_their_index(
    app: Flask, db: Any, sql: str, indexes: tuple[str, ...]
) -> None:
    with app.app_context():
        plan = _plan(db, sql, {"id": 1})
    assert any(index in plan for index in indexes), plan


@pytest.mark.parametrize(
    ("sql", "index"), list(TRIGRAM_SEARCHES.values()), ids=list(TRIGRAM_SEARCHES)
)
def test_a_search_for_text_anywhere_uses_a_trigram_index_on_postgresql(
    app: Flask, db: Any, sql: str, index: str
) -> None:
    with app.app_context():
        plan = _plan(db, sql, {})
        postgresql = db.engine.dialect.name == "postgresql"
        indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes(sql.split()[3])}
    if postgresql:
        assert index in plan, plan
    else:
        # SQLite has no trigram index: the migration makes them on PostgreSQL only.
        assert index not in indexes and index not in plan


def test_the_front_pages_documents_shared_start_from_the_recent_documents(
    app: Flask, db: Any, people: People
) -> None:
    """Not from the documents the user sees: the planner once read all of them (PostgreSQL
    misjudged the scope as one row; SQLite, without statistics, follows the scope's ORs)."""
    user = people.workshop_coordinator
    # Naive UTC, as the column type would bind it: the statement is sent to the driver as is.
    since = (utcnow() - timedelta(days=14)).replace(tzinfo=None)
    window = Window(now=utcnow(), today=dates.today(), since=since)
    with app.test_request_context():
        compiled = shared_since(user, window).compile(
            db.session.get_bind(), compile_kwargs={"render_postcompile": True}
        )
        params: Any = compiled.params
        if compiled.positiontup is not None:
            params = tuple(params[name] for name in compiled.positiontup)
        plan = _plan(db, str(compiled), params, raw=True)
    reads = re.findall(r"(?:\bon document\b(?!_)|SEARCH document\b(?!_)|recent_documents).*", plan)
    # The recent documents are read by their index before any other document.
    assert "ix_document_latest_version_at" in reads[0] or "recent_documents" in reads[0], plan
    # And no document is looked for by the scope's own conditions (its mark, its owner).
    for index in ("ix_document_classification_created", "ix_document_owner_deleted"):
        assert index not in plan, plan
