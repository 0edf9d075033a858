"""Forms of the invoice basis: disputing a line, answering a dispute."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField

from portal.core.forms import BaseForm
from portal.invoicing.service import COMMENT_LENGTH
from portal.placements.form_fields import text_field


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DisputeForm(BaseForm):
    # The lines are filled in by the view: the basis's placements, by reference.
    line = SelectField(_l("Line disputed"), coerce=_int_or_none, validate_choice=False)
    comment = text_field(
        _l("Comment"),
        _l("Write a comment."),
        max_length=COMMENT_LENGTH,
        description=_l("What is wrong in the line. Name the placement by its reference only."),
    )
    submit = SubmitField(_l("Dispute the line"))


class AnswerForm(BaseForm):
    comment = text_field(
        _l("Answer"),
        _l("Write a comment."),
        max_length=COMMENT_LENGTH,
        description=_l("E.g. what was corrected in the daily records."),
    )
    submit = SubmitField(_l("Answer and open the basis again"))
