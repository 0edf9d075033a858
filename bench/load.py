"""Driving a URL with wrk: 16 connections, signed in by the session cookie."""

from __future__ import annotations

import shutil
import subprocess  # nosec B404 - wrk is the load generator
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# wrk prints only some percentiles by itself; its Lua hook gives any of them.
SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    # Answers other than 2xx/3xx, and requests that got no answer.
    bad_status: int
    socket_errors: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("make bench needs wrk: sudo apt-get install wrk")
    return path


def drive(url: str, seconds: int, connections: int = 16, cookie: str = "") -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT)
    command = [
        wrk_path(),
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "30s",
        "--script",
        script.name,
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(  # nosec B603 - fixed arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    Path(script.name).unlink()
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50, p95, p99, bad, errors = (int(v) for v in line.split()[1:])
    return Load(
        requests=requests,
        rps=round(requests / (duration_us / 1e6), 1),
        p50_ms=round(p50 / 1000, 1),
        p95_ms=round(p95 / 1000, 1),
        p99_ms=round(p99 / 1000, 1),
        bad_status=bad,
        socket_errors=errors,
    )
