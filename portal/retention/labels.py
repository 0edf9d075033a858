"""The retention categories and the limits' bounds as the reader's language names them."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.retention.models import Category

CATEGORY_LABELS: dict[Category, LazyString] = {
    Category.IDENTITY: _l("Full name, contact details and notes about the young person"),
    Category.DAILY_RECORDS: _l("Daily records' notes"),
    Category.COMMENTS: _l("Comments"),
    Category.DOCUMENTS_PUBLIC: _l("Documents marked public"),
    Category.DOCUMENTS_INTERNAL: _l("Documents marked internal"),
    Category.DOCUMENTS_CONFIDENTIAL: _l("Documents marked confidential"),
    Category.DOCUMENTS_SECRET: _l("Documents marked secret"),
    Category.AUDIT: _l("Audit trail"),
}

BOUND_LABELS = {
    "min": _l("Shortest (years)"),
    "default": _l("Default (years)"),
    "max": _l("Longest (years)"),
}
