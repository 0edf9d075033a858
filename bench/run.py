"""``make bench``: the portal against its floors, on SQLite and PostgreSQL, in one run.

For each database: a fresh database, migrated and filled by ``bench-seed`` (``BENCH_SCALE``,
default ``tenth``); the portal under gunicorn with two workers in bench mode, and beside it
the floors (bench/floor.py) served the same way. Every main page is first timed alone, then
driven by wrk with 16 connections signed in as the demo coordinator (the audit log as the
administrator); then a 200 MB document is streamed up and down. The figures go to
``bench/results.json`` and the generated part of ``docs/benchmarks.md``.

Settings: BENCH_SCALE, BENCH_SECONDS (per wrk run, default 5), BENCH_DATABASES
(default "sqlite,postgresql"), BENCH_POSTGRESQL_URL (a database this may drop and create,
default postgresql://postgres@127.0.0.1:5432/silta_bench_run), BENCH_STREAM_MB (200).
Nothing here asserts a time: it measures and reports.
"""

from __future__ import annotations

import base64
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess  # nosec B404 - the bench runs the portal's own commands
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Client  # noqa: E402
from load import drive  # noqa: E402
from report import write_markdown  # noqa: E402
from servers import BIN, ROOT, Gunicorn  # noqa: E402

WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results.json"
PASSWORD = "silta-demo-2026"  # nosec B105 - the published demo password
COORDINATOR = "maria.virtanen@parik.example"
ADMIN = "admin@silta.example"
PARIK = "0914726-0"
# Requests timed one at a time per page, for the median alone (BENCH_SINGLE).
SINGLE_REQUESTS = int(os.environ.get("BENCH_SINGLE", "15"))


def say(text: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {text}", flush=True)


def fresh_database(kind: str) -> str:
    if kind == "sqlite":
        path = WORK / "bench.sqlite3"
        for leftover in WORK.glob("bench.sqlite3*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    url = os.environ.get(
        "BENCH_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/silta_bench_run"
    )
    target = sa.make_url(url)
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        name = target.database
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def portal_env(database_url: str, documents: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "PORTAL_ENV": "development",
        "PORTAL_BENCH": "1",
        "PORTAL_SECRET_KEY": "bench-secret-key-not-for-production",
        "PORTAL_STORAGE_KEY": base64.b64encode(b"b" * 32).decode(),
        "PORTAL_STORAGE_DIR": str(documents),
        "PORTAL_MAIL_BACKEND": "log",
        "PORTAL_MAX_UPLOAD_MB": "400",
    }


def flask(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # nosec B603 - fixed arguments
        [str(BIN / "flask"), "--app", "portal", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def vacuum(database_url: str) -> None:
    """What autovacuum would have done to a database in use: its statistics, and the
    visibility map that index-only scans need, made after the bulk load."""
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")
    engine.dispose()


def targets(database_url: str) -> dict[str, int]:
    """A placement, quota and document of the demo workshop for the detail pages."""
    engine = sa.create_engine(database_url)
    with engine.connect() as c:
        parik = c.execute(sa.text("SELECT id FROM party WHERE business_id = :b"), {"b": PARIK})
        party = parik.scalar_one()
        placement = c.execute(
            sa.text(
                "SELECT p.id FROM placement p WHERE :p IN (p.sender_party_id, p.receiver_party_id)"
                " AND p.status = 'ongoing' AND EXISTS (SELECT 1 FROM placement_agreement a"
                " WHERE a.placement_id = p.id) ORDER BY p.id DESC LIMIT 1"
            ),
            {"p": party},
        ).scalar_one()
        quota = c.execute(
            sa.text("SELECT id FROM quota WHERE workshop_id = :p ORDER BY id DESC LIMIT 1"),
            {"p": party},
        ).scalar_one()
        document = c.execute(
            sa.text(
                "SELECT d.id FROM document d JOIN document_version v ON v.document_id = d.id"
                " WHERE d.owner_party_id = :p AND v.storage_key IS NOT NULL"
                " AND d.deleted_at IS NULL ORDER BY d.id DESC LIMIT 1"
            ),
            {"p": party},
        ).scalar_one()
    engine.dispose()
    return {"placement": placement, "quota": quota, "document": document}


def pages(client: Client, ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(name, path, who) of every main page; the reports and their CSVs as the page links them."""
    placement, quota, document = ids["placement"], ids["quota"], ids["document"]
    listed = [
        ("Front page", "/"),
        ("Placements", "/placements/"),
        ("Placements, filtered", "/placements/?direction=to_workshop&status=ongoing"),
        ("Placement", f"/placements/{placement}"),
        ("Agreement", f"/placements/{placement}/agreement"),
        ("Quotas", "/quotas/"),
        ("Quota", f"/quotas/{quota}"),
        ("Documents", "/documents/"),
        ("Documents, filtered", "/documents/?list=own&classification=confidential"),
        ("Document", f"/documents/{document}"),
        ("Calendar wheel", "/calendar/"),
        ("Calendar month", "/calendar/month"),
        ("Directory", "/directory"),
        ("Catalogue search", "/catalogue/?q=puuty%C3%B6"),
        ("Reports", "/reports/"),
    ]
    _, _, index = client.get("/reports/")
    for report in dict.fromkeys(re.findall(r'href="(/reports/[a-z0-9_-]+)"', index.decode())):
        _, _, page = client.get(report)
        key = report.rsplit("/", 1)[1]
        listed.append((f"Report {key}", report))
        for csv in dict.fromkeys(re.findall(r'href="(/reports/[^"]+\.csv[^"]*)"', page.decode())):
            table = csv.rsplit("/", 1)[1].split("?")[0]
            listed.append((f"Report {key}, CSV {table}", html.unescape(csv)))
    listed.append(("Notifications", "/notifications/"))
    return [(name, path, COORDINATOR) for name, path in listed] + [
        ("Audit log (administrator)", "/admin/audit", ADMIN)
    ]


def measure_pages(
    portal: Gunicorn, floor: Gunicorn, seconds: int, ids: dict[str, int]
) -> list[Any]:
    clients = {}
    for email in (COORDINATOR, ADMIN):
        clients[email] = Client(portal.port)
        clients[email].sign_in(email, PASSWORD)
    results = []
    for name, path, who in pages(clients[COORDINATOR], ids):
        client = clients[who]
        elapsed, status, headers, size = client.timed_gets(path, SINGLE_REQUESTS)
        statements = int(headers.get("X-Statement-Count", "0"))
        row: dict[str, Any] = {
            "page": name,
            "path": path,
            "as": who,
            "status": status,
            "bytes": size,
            "statements": statements,
            "single_median_ms": round(statistics.median(elapsed), 1),
        }
        if status == 200:
            base = f"http://127.0.0.1:{portal.port}"
            row["portal"] = drive(base + path, seconds, cookie=client.cookie_header).as_dict()
            floor_base = f"http://127.0.0.1:{floor.port}"
            row["bare_floor"] = drive(f"{floor_base}/page?bytes={size}", seconds).as_dict()
            row["query_floor"] = drive(
                f"{floor_base}/queries?n={statements}&bytes={size}", seconds
            ).as_dict()
            row["ratio_bare"] = round(row["portal"]["rps"] / row["bare_floor"]["rps"], 3)
            row["ratio_query"] = round(row["portal"]["rps"] / row["query_floor"]["rps"], 3)
        say(
            f"  {name}: {status}, {size} B, {statements} statements, "
            f"{row['single_median_ms']} ms alone, "
            f"{row.get('portal', {}).get('rps', '-')} req/s"
        )
        results.append(row)
    return results


def stream_file(megabytes: int) -> Path:
    path = WORK / f"stream-{megabytes}mb.csv"
    if not path.exists() or path.stat().st_size != megabytes * 1024 * 1024:
        line = b"2026-12-06;Silta;tyopaja;12345;" + b"x" * 32 + b"\n"
        block = line * (1024 * 1024 // len(line)) + b"\n" * (1024 * 1024 % len(line))
        with path.open("wb") as target:
            for _ in range(megabytes):
                target.write(block)
    return path


def measure_stream(
    env: dict[str, str], floor_env: dict[str, str], megabytes: int
) -> dict[str, Any]:
    """A 200 MB document up and down through a freshly started portal, and the floor's."""
    file = stream_file(megabytes)
    size_mb = file.stat().st_size / 1e6
    portal = Gunicorn("portal:create_app()", env)
    try:
        client = Client(portal.port)
        client.sign_in(COORDINATOR, PASSWORD)
        # What a worker holds before any stream, to tell the stream's own share.
        booted = portal.peak_rss_mb()
        token = client.csrf("/documents/new")
        fields = {"csrf_token": token, "title": "Bench stream", "classification": "internal"}
        status, headers, up_seconds = client.upload_form("/documents/new", fields, file, "text/csv")
        location = headers.get("Location", "")
        if status != 303 or not location:
            raise RuntimeError(f"the upload was refused ({status})")
        _, _, page = client.get(location.replace(f"http://127.0.0.1:{portal.port}", ""))
        download = re.search(r'href="(/documents/\d+/versions/\d+/download)"', page.decode())
        if download is None:
            raise RuntimeError("no download link on the uploaded document's page")
        down_status, received, down_seconds = client.download(download.group(1))
        peak = portal.peak_rss_mb()
    finally:
        portal.stop()
    floor = Gunicorn("floor:app", floor_env, "--no-sendfile", chdir=ROOT / "bench")
    try:
        floor_client = Client(floor.port)
        _, floor_received, floor_down = floor_client.download("/file")
        _, floor_up = floor_client.upload_raw("/upload", file)
        floor_peak = floor.peak_rss_mb()
    finally:
        floor.stop()
    portal_down, portal_up = size_mb / down_seconds, size_mb / up_seconds
    floor_down_rate, floor_up_rate = size_mb / floor_down, size_mb / floor_up
    return {
        "megabytes": round(size_mb, 1),
        "download_status": down_status,
        "downloaded_bytes": received,
        "down_mb_s": round(portal_down, 1),
        "up_mb_s": round(portal_up, 1),
        "floor_down_mb_s": round(floor_down_rate, 1),
        "floor_up_mb_s": round(floor_up_rate, 1),
        "ratio_down": round(portal_down / floor_down_rate, 3),
        "ratio_up": round(portal_up / floor_up_rate, 3),
        "worker_peak_rss_mb": round(peak, 1),
        "worker_rss_before_mb": round(booted, 1),
        "floor_worker_peak_rss_mb": round(floor_peak, 1),
        "floor_bytes": floor_received,
    }


def run_database(kind: str, scale: str, seconds: int, megabytes: int) -> dict[str, Any]:
    say(f"{kind}: a fresh database, migrated and bench-seeded at {scale}")
    url = fresh_database(kind)
    documents = WORK / f"documents-{kind}"
    shutil.rmtree(documents, ignore_errors=True)
    env = portal_env(url, documents)
    flask(env, "db", "upgrade")
    started = time.monotonic()
    seed_output = flask(env, "bench-seed", "--scale", scale)
    seed_seconds = round(time.monotonic() - started, 1)
    say(f"{kind}: seeded in {seed_seconds} s")
    if kind == "postgresql":
        vacuum(url)
    ids = targets(url)
    floor_env = {"FLOOR_DATABASE_URL": url, "FLOOR_FILE": str(stream_file(megabytes))}
    portal = Gunicorn("portal:create_app()", env)
    floor = Gunicorn("floor:app", floor_env, chdir=ROOT / "bench")
    try:
        page_results = measure_pages(portal, floor, seconds, ids)
    finally:
        portal.stop()
        floor.stop()
    say(f"{kind}: streaming {megabytes} MB")
    stream = measure_stream(env, floor_env, megabytes)
    say(f"{kind}: {stream}")
    return {
        "seed_seconds": seed_seconds,
        "seed_output": seed_output.splitlines()[-1] if seed_output else "",
        "pages": page_results,
        "stream": stream,
    }


def conditions() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(  # nosec B603 B607 - fixed arguments
            ["git", *args], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "commit_subject": git("log", "-1", "--format=%s"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "machine": platform.machine(),
    }


def main() -> None:
    scale = os.environ.get("BENCH_SCALE", "tenth")
    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    megabytes = int(os.environ.get("BENCH_STREAM_MB", "200"))
    kinds = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "scale": scale,
        "seconds_per_run": seconds,
        "connections": 16,
        "conditions": conditions(),
        "databases": {},
    }
    for kind in kinds:
        results["databases"][kind] = run_database(kind.strip(), scale, seconds, megabytes)
    results["conditions"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    # Each scale has its own results file and its own part of docs/benchmarks.md.
    default = RESULTS if scale == "tenth" else RESULTS.with_name(f"results-{scale}.json")
    output = Path(os.environ.get("BENCH_RESULTS", default))
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if output.parent == RESULTS.parent:
        write_markdown(results, ROOT / "docs" / "benchmarks.md")
    say(f"wrote {output}")


if __name__ == "__main__":
    main()
