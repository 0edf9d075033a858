"""Starting the portal's own processes for tests that run it as in production: free ports,
waiting for a server, starting and stopping processes, and their workers' memory."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int, host: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_for(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def start(
    command: list[str], environment: dict[str, str], log: Path, **options: object
) -> subprocess.Popen[bytes]:
    """Start a process in the checkout, its output into ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
            command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT, **options
        )


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each, as a service manager stops them; SIGKILL after 30 seconds."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    """A process's children: a gunicorn master's workers."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def memory_kb(pid: int, field: str = "VmHWM") -> int:
    """A field of /proc/<pid>/status in kB: VmHWM, the peak resident memory, or VmRSS."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def reset_peak_memory(pid: int) -> int:
    """Make the process's peak resident memory (VmHWM) its present one, which is returned.

    A worker's peak otherwise keeps what an earlier request took (argon2 takes 64 MiB for
    each sign-in), which would hide a later request's growth below it.
    """
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    return memory_kb(pid, "VmRSS")


def print_logs(directory: Path) -> None:
    """What each process said, shown by pytest when the test fails."""
    for log in sorted(directory.glob("*.log")):
        print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
