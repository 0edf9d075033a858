"""The invoice basis's states as the reader's language names them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.invoicing.models import BasisState

STATE_LABELS = {
    BasisState.OPEN: _l("Open"),
    BasisState.CONFIRMED: _l("Confirmed"),
    BasisState.DISPUTED: _l("Disputed"),
}
