"""make bench rewrites only the generated part of docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_report() -> Any:
    spec = importlib.util.spec_from_file_location("bench_report", BENCH / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_report"] = module
    spec.loader.exec_module(module)
    return module


RESULTS = {
    "scale": "test",
    "seconds_per_run": 1,
    "connections": 16,
    "conditions": {
        "commit": "0123456789abcdef",
        "commit_subject": "A change",
        "uncommitted_changes": False,
        "started_at": "2026-12-06T12:00:00+00:00",
        "cpus": 2,
        "load_average_at_start": [1.0],
        "load_average_at_end": [2.0],
        "python": "3.11",
        "sqlite": "3.40",
    },
    "databases": {
        "sqlite": {
            "seed_seconds": 3.0,
            "pages": [
                {
                    "page": "Front page",
                    "bytes": 1000,
                    "statements": 9,
                    "single_median_ms": 12.0,
                    "status": 200,
                    "portal": {
                        "rps": 50.0,
                        "p50_ms": 10,
                        "p95_ms": 20,
                        "p99_ms": 30,
                        "bad_status": 0,
                        "socket_errors": 0,
                    },
                    "bare_floor": {"rps": 1000.0},
                    "query_floor": {"rps": 100.0},
                    "ratio_bare": 0.05,
                    "ratio_query": 0.5,
                }
            ],
            "stream": {
                "megabytes": 200.0,
                "down_mb_s": 100.0,
                "up_mb_s": 50.0,
                "floor_down_mb_s": 400.0,
                "floor_up_mb_s": 200.0,
                "ratio_down": 0.25,
                "ratio_up": 0.25,
                "worker_peak_rss_mb": 80.0,
                "floor_worker_peak_rss_mb": 40.0,
            },
        }
    },
}


def test_the_table_is_replaced_and_the_written_part_kept(tmp_path: Path) -> None:
    report = load_report()
    start, end = report.markers("test")
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nWhat limits each figure.\n\n{start}\nold\n{end}\n\nMore.\n")

    report.write_markdown(RESULTS, doc)

    text = doc.read_text()
    assert "What limits each figure." in text and text.endswith("More.\n")
    assert "old" not in text
    assert (
        "| Front page | 1000 | 9 | 12.0 | 50.0 | 10 | 20 | 30 | 0 | 1000.0 | 0.05 | 100.0 | 0.5 |"
        in text
    )
    assert "`0123456789ab`" in text and "down 100.0 MB/s" in text


def test_another_scale_gets_a_part_of_its_own(tmp_path: Path) -> None:
    report = load_report()
    doc = tmp_path / "benchmarks.md"
    report.write_markdown(RESULTS, doc)
    report.write_markdown({**RESULTS, "scale": "national"}, doc)

    text = doc.read_text()
    assert "## Scale test" in text and "## Scale national" in text
    assert text.count("| Front page |") == 2
