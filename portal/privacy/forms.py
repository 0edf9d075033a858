"""The administrator's form of the privacy notice's own words in one language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from portal.core.forms import BaseForm
from portal.privacy.service import MAX_LENGTH

_EMPTY_MEANS_DEFAULT = _l("Empty shows the default text.")


def _too_long() -> Length:
    return Length(
        max=MAX_LENGTH,
        message=_l("Write at most %(max)d characters.", max=MAX_LENGTH),
    )


class NoticeTextsForm(BaseForm):
    introduction = TextAreaField(
        _l("Introduction"),
        validators=[Optional(), _too_long()],
        description=_EMPTY_MEANS_DEFAULT,
    )
    retention = TextAreaField(
        _l("How long the data are kept"),
        validators=[Optional(), _too_long()],
        description=_l(
            "For example each party's archive plan: how many years after a placement ends. "
            "Empty shows the default text."
        ),
    )
    requests = TextAreaField(
        _l("How to ask about one's data"),
        validators=[Optional(), _too_long()],
        description=_EMPTY_MEANS_DEFAULT,
    )
    submit = SubmitField(_l("Save"))
