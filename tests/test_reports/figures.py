"""Reading a report back: its tables from the page, and its CSV files as Excel would."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

from flask.testing import FlaskClient

BOM = b"\xef\xbb\xbf"


def csv_rows(client: FlaskClient, url: str) -> list[list[str]]:
    """The CSV file's rows, heading first, after checking it is what Excel expects."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(BOM)
    text = response.data[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def page_table(html: str, key: str) -> list[list[str]]:
    """The cells of the report table in the section ``table-<key>``, heading row first."""
    start = html.index(f'id="table-{key}"')
    table = html[html.index("<table", start) : html.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
