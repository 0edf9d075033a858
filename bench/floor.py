"""The floors the portal's pages are measured against, served the same way (gunicorn, two
workers): what a bare Flask page of the same size costs, the same page after as many
primary-key queries through SQLAlchemy as the portal's page ran, and streaming a file
down (``send_file``, with the server's sendfile turned off) and up.

``FLOOR_DATABASE_URL`` is the bench database; ``FLOOR_FILE`` the file to stream.
"""

from __future__ import annotations

import os
import random
import tempfile
from functools import cache

import sqlalchemy as sa
from flask import Flask, Response, request, send_file

app = Flask(__name__)
engine = sa.create_engine(os.environ["FLOOR_DATABASE_URL"], pool_size=5)
party = sa.table("party", sa.column("id"), sa.column("name"), sa.column("kind"))
# Not secret: which row each query fetches.
pick = random.Random(14)  # nosec B311


@cache
def body(size: int) -> bytes:
    filler = b"<p>Silta " + b"x" * 80 + b"</p>\n"
    return (b"<!doctype html><html><body>\n" + filler * (size // len(filler) + 1))[:size]


@cache
def party_ids() -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(sa.select(party.c.id)))


@app.get("/page")
def page() -> Response:
    return Response(body(request.args.get("bytes", 1000, type=int)), mimetype="text/html")


@app.get("/queries")
def queries() -> Response:
    ids = party_ids()
    with engine.connect() as connection:
        for _ in range(request.args.get("n", 1, type=int)):
            stmt = sa.select(party).where(party.c.id == pick.choice(ids))
            connection.execute(stmt).one()
    return Response(body(request.args.get("bytes", 1000, type=int)), mimetype="text/html")


@app.get("/file")
def file() -> Response:
    return send_file(os.environ["FLOOR_FILE"], mimetype="application/octet-stream")


@app.post("/upload")
def upload() -> Response:
    # Read the body as it arrives and write it to disk, as the portal's upload does.
    received = 0
    with tempfile.TemporaryFile() as target:
        while chunk := request.stream.read(256 * 1024):
            target.write(chunk)
            received += len(chunk)
    return Response(str(received), mimetype="text/plain")
