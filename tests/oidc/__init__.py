"""OpenID Providers for the tests of organisation sign-in.

* :func:`start_provider`: a real provider, ``oidc-provider`` from npm (``provider.mjs`` beside
  this file; ``make test`` installs it with ``npm ci --prefix tests/oidc``), on 127.0.0.1.
  The test adds accounts and signs in as one by the ``login_hint`` the portal sends (the
  address typed on the sign-in page).
* :func:`start_forger`: a provider of the test's own that answers the token request with an ID
  token the test chose, signed with a key it serves at its JWKS address (or with another): for
  the tokens a real provider never issues (expired, wrongly signed, for another audience, with
  another nonce). The portal fetches and verifies them over HTTP as any other.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

HERE = Path(__file__).resolve().parent
CLIENT_SECRET = "a-client-secret-of-the-tests"


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[str]
    client_id: str

    def add_account(
        self,
        hint: str,
        sub: str,
        email: str | None = None,
        *,
        amr: list[str] | None = None,
        acr: str | None = None,
        email_verified: bool = True,
    ) -> None:
        """An account that signs in when the portal sends ``hint`` as the login_hint."""
        account = {
            "hint": hint,
            "sub": sub,
            "email": email if email is not None else hint,
            "email_verified": email_verified,
            "name": "Test Person",
            "amr": amr or ["pwd"],
            "acr": acr or "password",
        }
        requests.put(f"{self.issuer}/__test/accounts", json=account, timeout=5).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_provider(client_id: str, redirect_uris: list[str], logout_uris: list[str]) -> Provider:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").exists():
        raise RuntimeError("The test provider needs node and `npm ci --prefix tests/oidc`")
    settings = {
        "port": 0,
        "clients": [
            {
                "client_id": client_id,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": logout_uris,
            }
        ],
    }
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs"), json.dumps(settings)],
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise RuntimeError("The test provider did not start")
    return Provider(json.loads(line)["issuer"], process, client_id)


def walk_to_callback(location: str, callback: str, browser: requests.Session | None = None) -> str:
    """Follow the provider's redirects as a browser would, until it sends back to ``callback``.

    The portal's answer at the callback is the test's to read: the address is returned.
    """
    browser = browser or requests.Session()
    for _hop in range(10):
        if location.startswith(callback):
            return location
        response = browser.get(location, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), (response.status_code, response.text[:300])
        location = requests.compat.urljoin(location, response.headers["Location"])
    raise AssertionError("the provider never sent back to the portal")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


# --- A provider that signs what the test asks for -------------------------------------------


@dataclass
class Forger:
    """Discovery, JWKS and a token endpoint; the ID token is what :meth:`issue` was told."""

    issuer: str
    server: ThreadingHTTPServer
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "served"}))
    claims: dict[str, Any] = field(default_factory=dict)
    signing_key: RSAKey | None = None

    def issue(self, claims: dict[str, Any], *, signing_key: RSAKey | None = None) -> None:
        self.claims = claims
        self.signing_key = signing_key

    def id_token(self) -> str:
        key = self.signing_key or self.key
        header = {"alg": "RS256", "kid": key.kid}
        return jwt.encode(header, self.claims, key)

    def standard_claims(self, client_id: str, nonce: str, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "forged-subject",
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        }
        claims.update(changes)
        return claims

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_forger() -> Forger:
    forger: Forger | None = None

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def _json(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            assert forger is not None
            if self.path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": forger.issuer,
                        "authorization_endpoint": f"{forger.issuer}/authorize",
                        "token_endpoint": f"{forger.issuer}/token",
                        "jwks_uri": f"{forger.issuer}/jwks",
                        "response_types_supported": ["code"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            elif self.path == "/jwks":
                self._json({"keys": [forger.key.as_dict(private=False)]})
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            assert forger is not None
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            if self.path != "/token" or "code_verifier" not in form:
                self.send_error(400)
                return
            self._json(
                {"access_token": "forged", "token_type": "Bearer", "id_token": forger.id_token()}
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    forger = Forger(f"http://127.0.0.1:{server.server_port}", server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return forger


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
