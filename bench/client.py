"""A small HTTP client that keeps the portal's cookies: signs in through the real form,
times sequential requests, and streams large bodies both ways."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from http.client import HTTPConnection, HTTPResponse
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHUNK = 1024 * 1024


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = HTTPConnection("127.0.0.1", port, timeout=600)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _send(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> HTTPResponse:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header
        try:
            self.connection.request(method, path, body=body, headers=headers)  # type: ignore[arg-type]
            response = self.connection.getresponse()
        except (ConnectionError, OSError):
            # The server closed the kept-alive connection; one more try on a new one.
            self.connection.close()
            self.connection = HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.connection.request(method, path, body=body, headers=headers)  # type: ignore[arg-type]
            response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        response = self._send("GET", path)
        return response.status, dict(response.headers), response.read()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        response = self._send(
            "POST",
            path,
            urlencode(fields),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return response.status, dict(response.headers), response.read()

    def csrf(self, path: str) -> str:
        _, _, body = self.get(path)
        match = CSRF.search(body.decode())
        if match is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def sign_in(self, email: str, password: str) -> None:
        token = self.csrf("/auth/login")
        status, headers, _ = self.post(
            "/auth/login", {"email": email, "password": password, "csrf_token": token}
        )
        if status != 303 or "/auth/login" in headers.get("Location", ""):
            raise RuntimeError(f"{email} could not sign in ({status})")

    def timed_gets(self, path: str, times: int) -> tuple[list[float], int, dict[str, str], int]:
        """Milliseconds of each sequential request; the last status, headers and size."""
        elapsed, status, headers, size = [], 0, {}, 0
        for _ in range(times):
            started = time.perf_counter()
            status, headers, body = self.get(path)
            elapsed.append((time.perf_counter() - started) * 1000)
            size = len(body)
        return elapsed, status, headers, size

    def download(self, path: str) -> tuple[int, int, float]:
        """Status, bytes and seconds of a streamed download."""
        started = time.perf_counter()
        response = self._send("GET", path)
        received = 0
        while chunk := response.read(CHUNK):
            received += len(chunk)
        return response.status, received, time.perf_counter() - started

    def upload_raw(self, path: str, file: Path) -> tuple[int, float]:
        size = file.stat().st_size
        started = time.perf_counter()
        response = self._send(
            "POST",
            path,
            _file_chunks(file),
            {"Content-Type": "application/octet-stream", "Content-Length": str(size)},
        )
        response.read()
        return response.status, time.perf_counter() - started

    def upload_form(
        self, path: str, fields: dict[str, str], file: Path, content_type: str
    ) -> tuple[int, dict[str, str], float]:
        """Post a multipart form whose last field is the file, streamed from disk."""
        boundary = uuid.uuid4().hex
        disposition = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
        head = b"".join(
            disposition.format(boundary, name, value).encode() for name, value in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file.name}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + file.stat().st_size + len(tail)

        def body() -> Iterator[bytes]:
            yield head
            yield from _file_chunks(file)
            yield tail

        started = time.perf_counter()
        response = self._send(
            "POST",
            path,
            body(),
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
            },
        )
        response.read()
        return response.status, dict(response.headers), time.perf_counter() - started


def _file_chunks(file: Path) -> Iterator[bytes]:
    with file.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
