"""Forms of a skills demonstration: planning or changing it, and recording its result."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from portal.auth.models import User
from portal.core.forms import BaseForm, options
from portal.placements.demonstration_assessors import Assessor
from portal.placements.demonstrations import DemonstrationDetails
from portal.placements.form_fields import line_field, person_choices, person_field, person_id
from portal.placements.labels import DEMONSTRATION_RESULT_LABELS
from portal.placements.models import Demonstration, Placement


class DemonstrationForm(BaseForm):
    # One of the placement's units; the typed unit only where the placement names none
    # (the view keeps the one of the two that applies).
    unit = SelectField(
        _l("Qualification unit"),
        coerce=person_id,
        # Whether the unit is the placement's is the service's rule, with its own message.
        validate_choice=False,
        validators=[InputRequired(_l("Choose the qualification unit."))],
    )
    qualification_unit = line_field(_l("Qualification unit"), _l("Enter the qualification unit."))
    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter a date."))])
    place = line_field(_l("Place"), _l("Enter the place."))
    teacher_assessor = person_field(
        _l("Assessor: the education provider's teacher"),
        # The rule (a person of the provider) is the service's, with its own message.
        description=_l("The education provider arranges the demonstration and its assessors."),
    )
    teacher_assessor_name = line_field(_l("Teacher's name, if external or not a portal user"))
    working_life_assessor = person_field(
        _l("Assessor: the workshop's working-life representative"),
        description=_l(
            "A member of the workshop's staff may assess as working-life representative."
        ),
    )
    working_life_assessor_name = line_field(
        _l("Working-life representative's name, if external or not a portal user")
    )
    submit = SubmitField(_l("Add the demonstration"))

    def __init__(self, placement: Placement, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if placement.units:
            del self.qualification_unit
            self.unit.choices = options(
                [("", _l("Choose…")), *((str(u.id), u.label) for u in placement.units)]
            )
        else:
            del self.unit
        self.teacher_assessor.choices = person_choices([])
        self.working_life_assessor.choices = person_choices([])

    def offer(self, role: str, people: list[User], current: Demonstration | None) -> None:
        """Offer the people the actor may name; the one already named stays chosen."""
        kept = (getattr(current, f"{role}_id"), getattr(current, role)) if current else (None, "")
        self[role].choices = person_choices(people, kept)

    def fill_from(self, demonstration: Demonstration) -> None:
        if "unit" in self:
            self.unit.data = demonstration.unit_id
        else:
            self.qualification_unit.data = demonstration.qualification_unit
        self.held_on.data = demonstration.held_on
        self.place.data = demonstration.place
        for role in ("teacher_assessor", "working_life_assessor"):
            chosen = getattr(demonstration, f"{role}_id")
            self[role].data = chosen
            # Named through the portal: the name is the account's, not typed.
            self[f"{role}_name"].data = "" if chosen is not None else getattr(demonstration, role)

    def details(self) -> DemonstrationDetails:
        return DemonstrationDetails(
            qualification_unit=self.qualification_unit.data or ""
            if "qualification_unit" in self
            else "",
            held_on=self.held_on.data,
            place=self.place.data or "",
            teacher_assessor=Assessor(
                self.teacher_assessor.data, self.teacher_assessor_name.data or ""
            ),
            working_life_assessor=Assessor(
                self.working_life_assessor.data, self.working_life_assessor_name.data or ""
            ),
            unit_id=self.unit.data if "unit" in self else None,
        )


def _grade(value: Any) -> int | None:
    return person_id(value)


class ResultForm(BaseForm):
    result = RadioField(
        _l("Result"),
        choices=options((item.value, label) for item, label in DEMONSTRATION_RESULT_LABELS.items()),
        validators=[InputRequired(_l("Choose the result."))],
    )
    grade = SelectField(
        _l("Grade (optional)"),
        coerce=_grade,
        choices=options([("", _l("Not graded")), *((str(n), str(n)) for n in range(1, 6))]),
        description=_l("On the scale 1–5, where the qualification uses grades."),
    )
    submit = SubmitField(_l("Record the result"))
