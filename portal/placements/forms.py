"""Forms of placements: the request in each direction and amendments of its terms."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput

from portal.core.forms import BaseForm, options
from portal.core.validators import NoIdentityCode
from portal.placements.labels import SUPPORT_LEVEL_HINTS, SUPPORT_LEVEL_LABELS
from portal.placements.models import Direction, Placement, SupportLevel
from portal.placements.price_forms import EuroField, PriceFields, cents_or_none
from portal.placements.prices import format_instalments
from portal.placements.service import Individual
from portal.placements.terms import (
    PriceAdvice,
    Terms,
    UnitLine,
    format_units,
    parse_price,
    parse_units,
    price_advice,
    price_range_text,
)

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.catalogue.models import QualificationUnit


def text_field(label: Any, required: str | None = None, max_length: int = 4000, **kw: Any) -> Any:
    validators: list[Any] = [InputRequired(required)] if required else [Optional()]
    validators += [Length(max=max_length), NoIdentityCode()]
    return TextAreaField(label, validators=validators, **kw)


def line_field(label: Any, required: str | None = None, max_length: int = 200, **kw: Any) -> Any:
    validators: list[Any] = [InputRequired(required)] if required else [Optional()]
    validators += [Length(max=max_length), NoIdentityCode()]
    return StringField(label, validators=validators, **kw)


def person_id(value: Any) -> int | None:
    """The chosen person's id, or None for "not a portal user"."""
    if value is None or value == "" or value == "None":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def person_choices(people: list[User], current: tuple[int | None, str] = (None, "")) -> list[Any]:
    """The people offered for a role: "not chosen" first, the person already named kept."""
    choices: list[Any] = [("", _l("Not chosen – type the name below"))]
    choices += [(str(p.id), f"{p.name}, {p.title}" if p.title else p.name) for p in people]
    chosen, name = current
    if chosen is not None and str(chosen) not in {c[0] for c in choices}:
        choices.append((str(chosen), name))
    return choices


LIVELIHOOD_HINT = _l(
    "Required before the request is submitted: how the change of status affects the "
    "individual's livelihood, e.g. labour-market subsidy or study benefits."
)


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


class ToStudiesTermsForm(BaseForm):
    field_name = line_field(
        _l("Wished field"),
        _l("Enter the field the trainee wishes to study."),
        description=_l("e.g. Building and wood"),
    )
    qualification_name = line_field(
        _l("Wished qualification"),
        _l("Enter the qualification."),
        description=_l("e.g. Vocational qualification in construction"),
    )
    start_on = DateField(_l("Proposed start"), validators=[InputRequired(_l("Enter a date."))])
    support_role = text_field(
        _l("The workshop's role in support services after the move"),
        _l("Describe the workshop's role after the move."),
        description=_l(
            "e.g. the job coach keeps meeting the student weekly during the first term."
        ),
    )
    demonstrations_at_workshop = BooleanField(
        _l("Skills demonstrations can be held at the workshop"),
        description=_l("In the environment the trainee already knows."),
    )
    livelihood_checked = BooleanField(
        _l("The effect on livelihood (labour-market subsidy) has been looked into"),
        description=LIVELIHOOD_HINT,
    )
    livelihood_note = text_field(_l("What the livelihood check found"))

    def terms(self) -> Terms:
        return Terms(
            start_on=self.start_on.data,
            field_name=self.field_name.data,
            qualification_name=self.qualification_name.data,
            support_role=self.support_role.data,
            demonstrations_at_workshop=self.demonstrations_at_workshop.data,
            livelihood_checked=self.livelihood_checked.data,
            livelihood_note=self.livelihood_note.data or "",
        )


def _level_choices() -> list[Any]:
    return options(
        (level.value, f"{SUPPORT_LEVEL_LABELS[level]} – {price_range_text(level)}")
        for level in SupportLevel
    )


class ToWorkshopTermsForm(PriceFields):
    start_on = DateField(_l("Start"), validators=[InputRequired(_l("Enter the start date."))])
    end_on = DateField(
        _l("End"),
        validators=[InputRequired(_l("Enter the end date."))],
        description=_l("Typically three to six months after the start; at most twelve."),
    )
    hoks_goals = text_field(
        _l("HOKS goals for the period"),
        _l("Describe the goals of the period."),
        description=_l("What the student works on under the personal competence development plan."),
    )
    # At least one is required by the rules (terms.check_terms), ticked or typed.
    qualification_units = text_field(
        _l("Qualification units"),
        max_length=3000,
        description=_l("One per line. A code may come first, e.g. 106927 Puutuotteiden valmistus."),
    )
    support_level = RadioField(
        _l("Support level"), validators=[InputRequired(_l("Choose the support level."))]
    )
    # Required when priced by day (terms.check_terms), so that a package needs none.
    daily_price = EuroField(
        _l("Daily price (€)"),
        places=2,
        validators=[
            Optional(),
            NumberRange(
                min=Decimal(0),
                max=Decimal("9999.99"),
                message=_l("Enter a sum from 0 to 9 999.99."),
            ),
        ],
        description=_l("Per student day. Outside the recommended range, give the reason below."),
    )
    price_reason = text_field(
        _l("Reason for a price outside the recommended range"),
        description=_l("Required only when the price is outside the range of the support level."),
    )
    special_support = BooleanField(
        _l("Special support (%(share)s funding)", share="150 %"),
        description=_l("The student has been found to need special support."),
    )
    # Which absences are support days like a day present (the support-days report counts them).
    ill_days_paid = BooleanField(
        _l("Days of illness are paid"),
        description=_l("A day the student is ill counts as a support day, like a day present."),
    )
    agreed_leave_paid = BooleanField(
        _l("Agreed leave is paid"),
        description=_l(
            "A day of leave agreed beforehand counts as a support day. An absence not agreed "
            "beforehand is never paid."
        ),
    )
    livelihood_checked = BooleanField(
        _l("The effect on livelihood (study benefits, labour-market subsidy) has been looked into"),
        description=LIVELIHOOD_HINT,
    )
    livelihood_note = text_field(_l("What the livelihood check found"))
    duties_confirmed = BooleanField(
        _l("We confirm the split of duties"),
        description=_l(
            "The education provider sees to insurance, and travel and meals where needed; the "
            "student stays in its student welfare. The workshop sees to the practical "
            "arrangements and to occupational safety."
        ),
    )

    # The training agreement (portal.placements.training). People are chosen among the
    # portal users the actor may see (the view sets the choices) or typed by name.
    instructor = SelectField(
        _l("Workplace instructor"),
        coerce=person_id,
        # The rule (a person of the workshop) is the service's, with its own message.
        validate_choice=False,
        description=_l("A person of the workshop who guides the student at work."),
    )
    instructor_name = line_field(_l("Workplace instructor's name, if not a portal user"))
    instructor_contact = line_field(
        _l("Workplace instructor's phone or e-mail"),
        description=_l("Filled in from the portal when a portal user is chosen."),
    )
    teacher = SelectField(
        _l("Responsible teacher"),
        coerce=person_id,
        validate_choice=False,
        description=_l("The education provider's teacher responsible for the student's studies."),
    )
    teacher_name = line_field(_l("Responsible teacher's name, if not a portal user"))
    teacher_contact = line_field(
        _l("Responsible teacher's phone or e-mail"),
        description=_l("Filled in from the portal when a portal user is chosen."),
    )
    working_hours = text_field(
        _l("Working hours"),
        max_length=1000,
        description=_l("Daily or weekly, e.g. Mon–Fri 8.30–14.30, 30 hours a week."),
    )
    assessment = text_field(
        _l("How the competence is assessed"),
        max_length=2000,
        description=_l(
            "e.g. a skills demonstration at the workshop, assessed by the responsible teacher "
            "and the workplace instructor."
        ),
    )
    provider_duties = text_field(
        _l("Also agreed for the education provider"),
        max_length=2000,
        description=_l("Anything beyond the standard duties listed above; may be left empty."),
    )
    workshop_duties = text_field(
        _l("Also agreed for the workshop"),
        max_length=2000,
        description=_l("Anything beyond the standard duties listed above; may be left empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.support_level.choices = _level_choices()
        self.instructor.choices = person_choices([])
        self.teacher.choices = person_choices([])
        # The party whose people each role is chosen among (set with the choices).
        self.people_parties: dict[str, int | None] = {}
        # The recommended prices in the reader's language, so built per request.
        self.support_level.description = " ".join(
            f"{SUPPORT_LEVEL_LABELS[level]}: {SUPPORT_LEVEL_HINTS[level]}" for level in SupportLevel
        )

    def price_advice(self) -> PriceAdvice:
        """The level's range and a warning for the price as the form holds them now."""
        level = self.support_level.data
        known = level in {item.value for item in SupportLevel}
        price = self.daily_price.data
        if price is None and self.daily_price.raw_data:
            price = parse_price(self.daily_price.raw_data[0])
        return price_advice(SupportLevel(level) if known else None, price)

    def terms(self) -> Terms:
        level = self.support_level.data
        package = self.is_package()
        # Only the chosen way of pricing is kept, so that an agreement never says both.
        price = None if package else self.daily_price.data
        return Terms(
            start_on=self.start_on.data,
            end_on=self.end_on.data,
            hoks_goals=self.hoks_goals.data,
            units=parse_units(self.qualification_units.data or ""),
            support_level=SupportLevel(level) if level else None,
            daily_price=cents_or_none(price),
            price_reason="" if package else self.price_reason.data or "",
            special_support=self.special_support.data,
            **self.prices_as_agreed(special_support=self.special_support.data),
            ill_days_paid=self.ill_days_paid.data,
            agreed_leave_paid=self.agreed_leave_paid.data,
            livelihood_checked=self.livelihood_checked.data,
            livelihood_note=self.livelihood_note.data or "",
            duties_confirmed=self.duties_confirmed.data,
            instructor_id=self.instructor.data,
            instructor_name=(self.instructor_name.data or "").strip(),
            instructor_contact=(self.instructor_contact.data or "").strip(),
            teacher_id=self.teacher.data,
            teacher_name=(self.teacher_name.data or "").strip(),
            teacher_contact=(self.teacher_contact.data or "").strip(),
            working_hours=self.working_hours.data or "",
            assessment=self.assessment.data or "",
            provider_duties=self.provider_duties.data or "",
            workshop_duties=self.workshop_duties.data or "",
        )

    def offer_people(
        self, instructors: list[User], teachers: list[User], current: Terms | None = None
    ) -> None:
        """Offer the people the actor may choose; the ones already named stay chosen."""
        self.instructor.choices = person_choices(
            instructors, (current.instructor_id, current.instructor_name) if current else (None, "")
        )
        self.teacher.choices = person_choices(
            teachers, (current.teacher_id, current.teacher_name) if current else (None, "")
        )


def optional_id(value: Any) -> int | None:
    """The chosen row's id, or None for "not chosen"."""
    if value is None or value == "":
        return None
    return int(value)


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
