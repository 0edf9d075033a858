"""The terms' fields in each direction: a move to studies, and a workshop period with its
prices and training agreement. A request and an amendment add their own fields to these
(:mod:`portal.placements.forms`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField
from wtforms.validators import InputRequired

from portal.core.forms import BaseForm, options
from portal.placements.form_fields import line_field, person_choices, person_field, text_field
from portal.placements.labels import SUPPORT_LEVEL_HINTS, SUPPORT_LEVEL_LABELS
from portal.placements.models import SupportLevel
from portal.placements.price_forms import PriceFields, cents_or_none, optional_sum
from portal.placements.terms import Terms
from portal.placements.terms_advice import PriceAdvice, price_advice, price_range_text
from portal.placements.terms_text import parse_price, parse_units

if TYPE_CHECKING:
    from portal.auth.models import User


LIVELIHOOD_HINT = _l(
    "Required before the request is submitted: how the change of status affects the "
    "individual's livelihood, e.g. labour-market subsidy or study benefits."
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
    # At least one is required by the rules (terms_checks.check_terms), ticked or typed.
    qualification_units = text_field(
        _l("Qualification units"),
        max_length=3000,
        description=_l("One per line. A code may come first, e.g. 106927 Puutuotteiden valmistus."),
    )
    support_level = RadioField(
        _l("Support level"), validators=[InputRequired(_l("Choose the support level."))]
    )
    # Required when priced by day (terms_checks.check_terms), so that a package needs none.
    daily_price = optional_sum(
        _l("Daily price (€)"),
        Decimal(0),
        Decimal("9999.99"),
        _l("Enter a sum from 0 to 9 999.99."),
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
    instructor = person_field(
        _l("Workplace instructor"),
        # The rule (a person of the workshop) is the service's, with its own message.
        description=_l("A person of the workshop who guides the student at work."),
    )
    instructor_name = line_field(_l("Workplace instructor's name, if not a portal user"))
    instructor_contact = line_field(
        _l("Workplace instructor's phone or e-mail"),
        description=_l("Filled in from the portal when a portal user is chosen."),
    )
    teacher = person_field(
        _l("Responsible teacher"),
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
