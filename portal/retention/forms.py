"""The retention forms: a party's years per category, the administrator's limits."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from portal.core.forms import BaseForm
from portal.retention.labels import BOUND_LABELS, CATEGORY_LABELS
from portal.retention.models import Category
from portal.retention.periods import Limits

YEARS_REQUIRED = _l("Enter a whole number of years.")
BOUNDS = ("min", "default", "max")


class PeriodsForm(BaseForm):
    submit = SubmitField(_l("Save the periods"))

    def values(self) -> dict[Category, int]:
        return {category: int(self[category.value].data) for category in Category}

    def category_fields(self) -> list[Any]:
        return [self[category.value] for category in Category]


def periods_form(limits: dict[Category, Limits], current: dict[Category, int]) -> PeriodsForm:
    """One number per category, within the administrator's limits, which the hint names."""

    class Form(PeriodsForm):
        pass

    for category in Category:
        limit = limits[category]
        message = _l(
            "Choose between %(low)s and %(high)s years.", low=limit.min_years, high=limit.max_years
        )
        setattr(
            Form,
            category.value,
            IntegerField(
                CATEGORY_LABELS[category],
                default=current[category],
                description=_l(
                    "Years after the placement ends: %(low)s–%(high)s, %(default)s unless "
                    "you choose.",
                    low=limit.min_years,
                    high=limit.max_years,
                    default=limit.default_years,
                ),
                validators=[
                    InputRequired(YEARS_REQUIRED),
                    NumberRange(limit.min_years, limit.max_years, message=message),
                ],
            ),
        )
    return Form()


def limit_field(category: Category, bound: str) -> str:
    return f"{category.value}__{bound}"


class LimitsForm(BaseForm):
    submit = SubmitField(_l("Save the limits"))

    def values(self) -> dict[Category, Limits]:
        return {
            category: Limits(
                min_years=int(self[limit_field(category, "min")].data),
                max_years=int(self[limit_field(category, "max")].data),
                default_years=int(self[limit_field(category, "default")].data),
            )
            for category in Category
        }

    def rows(self) -> list[tuple[Any, list[Any]]]:
        return [
            (CATEGORY_LABELS[c], [self[limit_field(c, bound)] for bound in BOUNDS])
            for c in Category
        ]


def limits_form(current: dict[Category, Limits]) -> LimitsForm:
    class Form(LimitsForm):
        pass

    for category in Category:
        limit = current[category]
        defaults = {"min": limit.min_years, "default": limit.default_years, "max": limit.max_years}
        for bound in BOUNDS:
            setattr(
                Form,
                limit_field(category, bound),
                IntegerField(
                    BOUND_LABELS[bound],
                    default=defaults[bound],
                    validators=[
                        InputRequired(YEARS_REQUIRED),
                        NumberRange(0, 100, message=_l("Choose between 0 and 100 years.")),
                    ],
                ),
            )
    return Form()
