"""No input makes the portal answer 500: every route's address parts, query parameters and
form fields, fuzzed with adversarial values, as the administrator, a coordinator and staff.

The demo data is loaded so that small ids name real placements, events, documents and
reports, and the fuzzed requests reach the views' deeper paths, not only their 404s.
Hypothesis runs derandomised, so every run (and CI) tries the same examples.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from portal.auth.models import User

# Numbers at and past every edge: the database's integer, 64 bits, Python's digit limit,
# signs, spaces and digits that str.isdigit() accepts but int() does not.
NASTY_NUMBERS = [
    "0",
    "-1",
    "1",
    "3",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "9" * 20,
    "9" * 30,
    "9" * 5000,
    "1e3",
    " 7",
    "+1",
    "1_0",
    "²",
    "٣",
    "0x10",
]
NASTY_TEXT = [
    "",
    "\x00",
    "a\x00b",
    "%",
    "_",
    "\\",
    "'",
    '"; DROP TABLE party; --',
    "<script>alert(1)</script>",
    "x" * 3000,
    "ä" * 500,
    "\u202e\ufeff",
    "2026-13",
    "2026-02-30",
    "9999-12",
    "9999-12-31",
    "0001-01",
    "0001-01-01",
    "99999-01",
    "13",
    "99999",
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "placement:1",
    "event:99999999999999999999",
    "report:²",
    "to-studies",
    "to-workshop",
    "ongoing",
    "confidential",
    "own",
    "coordinator",
    "workshop",
    "meeting",
    "y",
    "true",
    "sv",
]
VALUES = st.one_of(
    st.sampled_from(NASTY_NUMBERS + NASTY_TEXT),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=30),
)

# Every name a view reads from the query string (grep request.args), and the names that
# url_for itself reads, which a link built from the query must not pick up.
PARAMETER_NAMES = [
    "page",
    "year",
    "month",
    "q",
    "party",
    "status",
    "kind",
    "from",
    "to",
    "direction",
    "classification",
    "list",
    "linked",
    "link",
    "role",
    "next",
    "event",
    "person",
    "field",
    "locality",
    "workshop_unit",
    "catalogue_units",
    "sort",
    "locale",
    "_external",
    "_scheme",
    "_anchor",
    "endpoint",
    "placement_id",
    "key",
]
QUERIES = st.dictionaries(st.sampled_from(PARAMETER_NAMES), VALUES, max_size=6)

# Demo ids are small: these reach real objects, the others the views' 404s.
IDS = st.one_of(st.integers(min_value=1, max_value=40).map(str), st.sampled_from(NASTY_NUMBERS))
SEGMENT = st.one_of(st.sampled_from(NASTY_TEXT[:30]), st.text(min_size=1, max_size=40))

# Routes whose POST would end the fuzzing client's session rather than test its input.
NOT_POSTED = {"auth.logout", "auth.change_password"}

EXAMPLES_PER_RULE = 4
FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=EXAMPLES_PER_RULE,
    suppress_health_check=list(HealthCheck),
)

POST_FUZZ = settings(FUZZ, max_examples=6)

CONVERTER = re.compile(r"<(?:(?P<kind>[a-z]+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def _segment_strategy(kind: str | None, args: str | None) -> st.SearchStrategy[str]:
    if kind == "int":
        return IDS
    if kind == "any":
        choices = [c.strip().strip("'\"") for c in (args or "").split(",")]
        return st.one_of(st.sampled_from(choices), SEGMENT)
    return SEGMENT


def _path_strategy(rule: Rule) -> st.SearchStrategy[str]:
    """Addresses of ``rule`` with each variable part drawn from its adversarial values."""
    parts: list[st.SearchStrategy[str]] = []
    position = 0
    for match in CONVERTER.finditer(rule.rule):
        parts.append(st.just(rule.rule[position : match.start()]))
        segment = _segment_strategy(match["kind"], match["args"])
        parts.append(segment.map(lambda value: quote(value, safe="")))
        position = match.end()
    parts.append(st.just(rule.rule[position:]))
    return st.tuples(*parts).map("".join)


def _rules(app: Flask, method: str) -> list[Rule]:
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if method in (r.methods or ()) and r.endpoint != "static"
        ),
        key=lambda r: r.rule,
    )


@pytest.fixture
def people(runner: Any, db: Any) -> dict[str, User]:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    emails = {
        "admin": "admin@silta.example",
        "coordinator": "maria.virtanen@parik.example",
        "provider": "paivi.korhonen@luovi.example",
        "staff": "sanna.nieminen@parik.example",
    }
    return {
        who: db.session.scalar(sa.select(User).where(User.email == email))
        for who, email in emails.items()
    }


@dataclass
class Form:
    """A form found on a page: where it posts, and the values a person would send unchanged."""

    action: str
    values: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    # The fields that take a date or a number, which the rules compute with.
    dates: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)


class _PageReader(HTMLParser):
    """The links and the forms (with their filled-in values) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name, form = a.get("name"), self._form
        if tag == "option" and form is not None and self._select:
            if "selected" in a or self._select not in form.values:
                form.values[self._select] = a.get("value", "")
        elif tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(a.get("action", ""))
                self.forms.append(self._form)
            else:
                self._form = None
        elif form is None or not name or name == "csrf_token":
            return
        elif tag == "input" and a.get("type") in ("checkbox", "radio"):
            form.names.add(name)
            if "checked" in a:
                form.values[name] = a.get("value", "y")
        elif tag == "input" and a.get("type") != "file":
            form.names.add(name)
            form.values.setdefault(name, a.get("value", ""))
            if a.get("type") == "date":
                form.dates.add(name)
            elif a.get("type") == "number" or a.get("inputmode") in ("numeric", "decimal"):
                form.numbers.add(name)
        elif tag == "button":
            form.names.add(name)
            form.values.setdefault(name, a.get("value", ""))
        elif tag == "select":
            form.names.add(name)
            self._select = name
        elif tag == "textarea":
            form.names.add(name)
            self._textarea = name
            form.values[name] = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.values[self._textarea] += data


@dataclass
class Site:
    """What a user reaches by following links: real addresses and forms per endpoint."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    forms: dict[str, list[Form]] = field(default_factory=dict)


CRAWL_PAGES = 120


def crawl(app: Flask, client: FlaskClient) -> Site:
    """Follow the links a user sees, from the front page and every list, as a person would."""
    adapter = app.url_map.bind("localhost")
    site = Site()
    start = [r.rule for r in _rules(app, "GET") if "<" not in r.rule]
    queue, seen = deque(start), set(start)
    fetched = 0
    while queue and fetched < CRAWL_PAGES:
        url = queue.popleft()
        response = client.get(url)
        fetched += 1
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        reader = _PageReader()
        reader.feed(response.get_data(as_text=True))
        for form in reader.forms:
            form.action = form.action or url
            try:
                endpoint, _ = adapter.match(urlsplit(form.action).path, method="POST")
            except Exception:  # noqa: BLE001 - a form posting elsewhere is not ours to fuzz
                continue
            known = site.forms.setdefault(str(endpoint), [])
            if len(known) < 3:
                known.append(form)
        for link in reader.links:
            path = urlsplit(link).path
            try:
                endpoint, _ = adapter.match(path, method="GET")
            except Exception:  # noqa: BLE001
                continue
            paths = site.pages.setdefault(str(endpoint), [])
            if path not in paths and len(paths) < 3:
                paths.append(path)
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return site


def _check(response: Any, method: str, url: str, data: Any = None) -> None:
    assert response.status_code < 500, (method, url, data, response.status_code)


def _fuzz_get(client: FlaskClient, rule: Rule, real: list[str]) -> None:
    paths = st.one_of(st.sampled_from(real), _path_strategy(rule)) if real else _path_strategy(rule)

    @FUZZ
    @given(path=paths, query=QUERIES, htmx=st.booleans())
    def fetch(path: str, query: dict[str, str], htmx: bool) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get(path, query_string=query, headers=headers)
        _check(response, "GET", path, query)

    fetch()


@pytest.mark.parametrize("who", ["admin", "coordinator", "staff"])
def test_no_address_or_query_parameter_makes_a_page_fail(
    app: Flask, people: dict[str, User], login: Callable[[User], FlaskClient], who: str
) -> None:
    client = login(people[who])
    site = crawl(app, client)
    assert len(site.pages) > 20, "the crawl should reach most pages"
    for rule in _rules(app, "GET"):
        _fuzz_get(client, rule, site.pages.get(rule.endpoint, []))


# Names for forms that the crawl did not find on any page.
POST_ONLY_NAMES = ["body", "comment", "state", "answer", "owner", "due_on", "title", "locale"]


def _fuzz_post(client: FlaskClient, rule: Rule, forms: list[Form]) -> None:
    if not forms:
        forms = [Form(CONVERTER.sub("1", rule.rule), names=set(POST_ONLY_NAMES))]
    names = sorted(set().union(*(f.names for f in forms)) | set(PARAMETER_NAMES[:8]))

    # Mostly a real form as its page fills it, with a few fields changed, so that the changed
    # values pass the other fields' checks and reach the rules behind them.
    @POST_FUZZ
    @given(
        form=st.sampled_from(forms),
        path=st.one_of(st.none(), _path_strategy(rule)),
        changed=st.dictionaries(st.sampled_from(names), VALUES, max_size=3),
        query=QUERIES,
    )
    def post(form: Form, path: str | None, changed: dict[str, str], query: dict[str, str]) -> None:
        target = path or form.action
        if query:
            target += ("&" if "?" in target else "?") + urlencode(query)
        response = client.post(target, data={**form.values, **changed})
        _check(response, "POST", target, changed)

    post()


DATE_EDGES = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2026-02-29"]
NUMBER_EDGES = ["9" * 20, "-1", "NaN", "sNaN", "-Infinity", "1e999999", "4,5e3", "²"]


def _post_edges(client: FlaskClient, site: Site) -> None:
    """Each date and number field of every form found, one at a time, at and past its edges,
    the rest of the form as its page fills it: the rules behind it must not fail on them."""
    typed = [f for forms in site.forms.values() for f in forms[:1] if f.dates or f.numbers]
    assert typed, "the crawl should find forms with dates and numbers"
    for form in typed:
        for name in sorted(form.dates | form.numbers):
            for value in DATE_EDGES if name in form.dates else NUMBER_EDGES:
                response = client.post(form.action, data={**form.values, name: value})
                _check(response, "POST", form.action, {name: value})


@pytest.mark.parametrize("who", ["admin", "coordinator", "provider"])
def test_no_form_input_makes_a_post_fail(
    app: Flask, people: dict[str, User], login: Callable[[User], FlaskClient], who: str
) -> None:
    client = login(people[who])
    site = crawl(app, client)
    assert len(site.forms) > 10, "the crawl should find most forms"
    _post_edges(client, site)
    for rule in _rules(app, "POST"):
        if rule.endpoint not in NOT_POSTED:
            _fuzz_post(client, rule, site.forms.get(rule.endpoint, []))
