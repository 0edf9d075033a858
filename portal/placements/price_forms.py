"""The fields of prices as agreed in a workshop period's terms form: by day or as a service
package in instalments, how special support's extra is shared, and the result bonus (the
rules are :mod:`portal.placements.prices`')."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, RadioField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.placements.enums import Pricing
from portal.placements.form_fields import text_field
from portal.placements.prices import BadInstalmentLine, cents, parse_instalments


def cents_or_none(value: Decimal | None) -> Decimal | None:
    return cents(value) if value is not None else None


class EuroField(DecimalField):
    """A sum in euros, written either way: 45.50 or 45,50 (with or without €)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            valuelist = [
                str(v).replace("€", "").replace(" ", "").replace(",", ".") for v in valuelist
            ]
        super().process_formdata(valuelist)


class InstalmentLines:
    """Each line of the instalments must be a due date and a sum."""

    def __call__(self, form: Any, field: Any) -> None:
        try:
            parse_instalments(field.data or "")
        except BadInstalmentLine as bad:
            raise ValidationError(
                _(
                    "Line %(number)d is not an instalment. Write the due date and the sum, "
                    "e.g. 31.3.2027 1 500,00.",
                    number=bad.number,
                )
            ) from None


def optional_sum(label: Any, low: Decimal, high: Decimal, message: Any, **kw: Any) -> Any:
    """An optional sum (or share) in euros' two decimals, refused outside ``low``–``high``."""
    return EuroField(
        label,
        places=2,
        validators=[Optional(), NumberRange(min=low, max=high, message=message)],
        **kw,
    )


class PriceFields(BaseForm):
    """The prices as agreed; the workshop period's terms form adds them to its own."""

    pricing = RadioField(
        _l("Priced"),
        choices=[
            (Pricing.BY_DAY.value, _l("By day: support days × the daily price")),
            (
                Pricing.PACKAGE.value,
                _l("As a service package: a fixed sum for a described whole, in instalments"),
            ),
        ],
        default=Pricing.BY_DAY.value,
        # A form without the choice (one made before packages) is priced by day.
        validate_choice=False,
    )

    package_sum = optional_sum(
        _l("The package's sum (€)"),
        Decimal("0.01"),
        Decimal("9999999.99"),
        _l("Enter a sum from 0.01 to 9 999 999.99."),
        description=_l("Required for a service package."),
    )
    package_description = text_field(
        _l("What the package covers"),
        max_length=2000,
        description=_l("The whole the sum pays for, e.g. the support services of the period."),
    )
    instalments = TextAreaField(
        _l("Instalments"),
        validators=[Optional(), InstalmentLines()],
        description=_l(
            "One per line: the due date and the sum, e.g. 31.3.2027 1 500,00. They must add up "
            "to the package's sum."
        ),
    )

    extra_share_percent = optional_sum(
        _l("The workshop's share of the extra (%)"),
        Decimal(0),
        Decimal(100),
        _l("Enter a percentage from 0 to 100."),
        description=_l(
            "With special support: how much of the extra funding goes to the workshop. Give "
            "this, or describe the sharing below."
        ),
    )
    extra_share_note = text_field(
        _l("How the extra is shared"),
        max_length=1000,
        description=_l("e.g. the extra pays for a job coach's additional hours."),
    )
    # The result bonus (portal.placements.results).
    bonus_amount = optional_sum(
        _l("Result bonus per qualification unit (€)"),
        Decimal("0.01"),
        Decimal("999999.99"),
        _l("Enter a sum from 0.01 to 999 999.99."),
        description=_l(
            "Optional. Due to the workshop for each qualification unit the education provider "
            "records completed during or after the period, up to the last day below."
        ),
    )
    bonus_last_day = DateField(
        _l("Last day a completion earns the bonus"),
        validators=[Optional()],
    )

    def is_package(self) -> bool:
        return self.pricing.data == Pricing.PACKAGE.value

    def prices_as_agreed(self, *, special_support: bool) -> dict[str, Any]:
        """The terms' values of these fields: only the chosen way of pricing is kept, and the
        sharing of the extra only with special support."""
        package = self.is_package()
        return {
            "pricing": Pricing.PACKAGE if package else Pricing.BY_DAY,
            "package_sum": cents_or_none(self.package_sum.data) if package else None,
            "package_description": (self.package_description.data or "").strip() if package else "",
            "instalments": parse_instalments(self.instalments.data or "") if package else [],
            "extra_share_percent": cents_or_none(self.extra_share_percent.data)
            if special_support
            else None,
            "extra_share_note": (self.extra_share_note.data or "").strip()
            if special_support
            else "",
            "bonus_amount": cents_or_none(self.bonus_amount.data),
            "bonus_last_day": self.bonus_last_day.data,
        }
