"""The e-mail preferences form: one choice per registered kind of notification."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from portal.core.forms import BaseForm, options
from portal.notifications.kinds import NotificationKind
from portal.notifications.labels import DELIVERY_LABELS
from portal.notifications.models import Delivery


def field_name(kind: NotificationKind) -> str:
    return "kind__" + kind.name.replace(".", "__")


class PreferencesForm(BaseForm):
    submit = SubmitField(_l("Save the choices"))

    kinds: list[NotificationKind]

    def choices(self) -> dict[str, Delivery]:
        return {kind.name: Delivery(self[field_name(kind)].data) for kind in self.kinds}

    def kind_fields(self) -> list[Any]:
        return [self[field_name(kind)] for kind in self.kinds]


def preferences_form(
    kinds: list[NotificationKind], current: dict[str, Delivery]
) -> PreferencesForm:
    """A form with a radio group per kind, labelled in the reader's language."""

    class Form(PreferencesForm):
        pass

    for kind in kinds:
        setattr(
            Form,
            field_name(kind),
            RadioField(
                kind.display_label(),
                choices=options((d.value, label) for d, label in DELIVERY_LABELS.items()),
                default=current.get(kind.name, Delivery.IMMEDIATELY).value,
                validators=[InputRequired(_l("Choose how you want to hear about this."))],
            ),
        )
    form = Form()
    form.kinds = kinds
    return form
