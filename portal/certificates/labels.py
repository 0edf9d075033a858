"""The words of certificates, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.certificates.models import Recognition

RECOGNITION_LABELS = {
    Recognition.RECOGNISED: _l("Recognised"),
    Recognition.PARTLY: _l("Partly recognised"),
    Recognition.NOT_RECOGNISED: _l("Not recognised"),
}
