"""Forms of placements: the request in each direction and amendments of its terms.

The terms' own fields are :mod:`portal.placements.terms_forms`; a request adds the individual
(and for a workshop period the workshop's unit), an amendment its reason.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput

from portal.core.forms import BaseForm
from portal.placements.form_fields import line_field, optional_id, text_field
from portal.placements.models import Direction, Placement
from portal.placements.prices import format_instalments
from portal.placements.service import Individual
from portal.placements.terms import Terms, UnitLine
from portal.placements.terms_forms import ToStudiesTermsForm, ToWorkshopTermsForm
from portal.placements.terms_text import format_units

if TYPE_CHECKING:
    from portal.catalogue.models import QualificationUnit


class _IndividualFields(BaseForm):
    reference = line_field(
        _l("Reference"),
        _l("Enter a reference for the individual."),
        max_length=40,
        description=_l(
            "A pseudonymous reference your organisation uses, e.g. PARIK-2026-014. "
            "Never a personal identity code."
        ),
    )
    initials = line_field(_l("Initials"), _l("Enter the initials."), max_length=10)
    full_name = line_field(
        _l("Full name (optional)"),
        description=_l("Seen only by the two organisations involved. Leave empty if not needed."),
    )
    receiver = SelectField(_l("Receiving party"), coerce=int, validate_choice=True)

    def individual(self) -> Individual:
        return Individual(
            reference=self.reference.data,
            initials=self.initials.data,
            full_name=self.full_name.data or "",
        )


class WorkshopUnitFields(BaseForm):
    """The receiving workshop's unit and the qualification units ticked from that unit's
    learning-environment report. The choices are set by the package that reads the catalogue
    (``portal.catalogue_links``, through :data:`extension_points.unit_choices`)."""

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


class ToStudiesRequestForm(_IndividualFields, ToStudiesTermsForm):
    submit = SubmitField(_l("Save the draft"))


class ToWorkshopRequestForm(_IndividualFields, WorkshopUnitFields, ToWorkshopTermsForm):
    submit = SubmitField(_l("Save the draft"))

    def terms(self) -> Terms:
        return self.with_chosen_units(super().terms())


_REASON = text_field(
    _l("What is changed and why"),
    _l("Say what is changed and why."),
    description=_l("Both parties sign the amended terms again; the earlier versions are kept."),
)


class AmendToStudiesForm(ToStudiesTermsForm):
    reason = _REASON
    submit = SubmitField(_l("Propose the amendment"))


class AmendToWorkshopForm(ToWorkshopTermsForm):
    # The place of work: the request names the workshop's unit; the agreement says it in words.
    workplace_name = line_field(
        _l("Place of work"),
        description=_l("The workshop and its unit where the period is done."),
    )
    workplace_address = line_field(_l("Address of the place of work"), max_length=300)
    reason = _REASON
    submit = SubmitField(_l("Propose the amendment"))

    def terms(self) -> Terms:
        terms = super().terms()
        terms.workplace_name = (self.workplace_name.data or "").strip()
        terms.workplace_address = (self.workplace_address.data or "").strip()
        return terms


REQUEST_FORMS: dict[Direction, type[BaseForm]] = {
    Direction.TO_STUDIES: ToStudiesRequestForm,
    Direction.TO_WORKSHOP: ToWorkshopRequestForm,
}
AMEND_FORMS: dict[Direction, type[BaseForm]] = {
    Direction.TO_STUDIES: AmendToStudiesForm,
    Direction.TO_WORKSHOP: AmendToWorkshopForm,
}


def fill_from(form: Any, placement: Placement, terms: Terms | None = None) -> None:
    """Show the placement's individual and terms (or the given ones) in a form for editing."""
    terms = terms or Terms.of(placement)
    for name in ("reference", "initials", "full_name"):
        if name in form:
            form[name].data = getattr(placement, name)
    if "receiver" in form:
        form.receiver.data = placement.receiver_party_id
    for item in dataclasses.fields(Terms):
        if item.name in form and item.name != "support_level":
            form[item.name].data = getattr(terms, item.name)
    if "qualification_units" in form:
        form.qualification_units.data = format_units(terms.units)
    if "instalments" in form:
        form.instalments.data = format_instalments(terms.instalments)
    if "pricing" in form:
        form.pricing.data = terms.pricing.value
    if "support_level" in form:
        form.support_level.data = terms.support_level.value if terms.support_level else None
    for role in ("instructor", "teacher"):
        if role in form:
            form[role].data = getattr(terms, f"{role}_id")
            if form[role].data is not None:
                # Named through the portal: the name is the account's, not typed.
                form[f"{role}_name"].data = ""
