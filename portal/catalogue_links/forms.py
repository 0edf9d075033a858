"""The fields a workshop-period request adds: the receiving workshop's unit and the
qualification units ticked from that unit's learning-environment report."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput

from portal.catalogue.models import QualificationUnit
from portal.core.forms import BaseForm
from portal.placements.terms import Terms, UnitLine


def optional_id(value: Any) -> int | None:
    """The chosen row's id, or None for "not chosen"."""
    if value is None or value == "":
        return None
    return int(value)


class CatalogueChoiceFields(BaseForm):
    """Mixed into the workshop-period request form; :func:`offers.prepare` sets the choices."""

    workshop_unit = SelectField(
        _l("The workshop's unit"),
        coerce=optional_id,
        # The rule (a unit of the receiving workshop) is the service's, with its own message.
        validate_choice=False,
        description=_l(
            "The field or site where the period is done. Units with a learning-environment "
            "report come first."
        ),
    )
    catalogue_units = SelectMultipleField(
        _l("Qualification units from the report"),
        coerce=int,
        validate_choice=False,
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The qualification units ticked, as found through the user's scope.
        self.chosen_units: list[QualificationUnit] = []
        others = self["qualification_units"]
        others.label.text = _("Other qualification units")
        others.description = _(
            "Those the workshop's report does not list, one per line. A code may come first, "
            "e.g. 106927 Puutuotteiden valmistus."
        )

    def with_chosen_units(self, terms: Terms) -> Terms:
        """The terms with the ticked units first, then those typed that are not among them."""
        chosen = [UnitLine(q.name, q.code) for q in self.chosen_units]
        terms.units = chosen + [line for line in terms.units if line not in chosen]
        return terms
