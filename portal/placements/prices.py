"""Prices as agreed for a workshop period (DESIGN §2.8): by day or as a service package paid
in instalments, how the extra of special support (150 % funding) is shared, and the result
bonus per qualification unit completed.

Money is ``Decimal`` throughout and rounded once, to cents, half up as Finnish invoicing does,
when it enters the terms; sums of rounded amounts are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from portal.core.errors import DomainError
from portal.core.i18n import money
from portal.placements.enums import Pricing

if TYPE_CHECKING:
    from portal.placements.terms import Terms

CENT = Decimal("0.01")
_LINE = re.compile(r"^(?P<day>\S+)\s+(?P<amount>.+)$")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str | None) -> Decimal | None:
    """A sum as people write it: 1500, 1 500,00 or 1 500,00 €; None if it is not one."""
    cleaned = (text or "").replace("€", "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except (ArithmeticError, InvalidOperation):
        return None
    return cents(value) if value.is_finite() else None


def parse_day(text: str) -> date | None:
    """A date written the Finnish way (31.3.2027) or as ISO (2027-03-31)."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Instalment:
    """One instalment of a service package: when it falls due and how much."""

    due_on: date
    amount: Decimal


class BadInstalmentLine(ValueError):
    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def parse_instalments(text: str) -> list[Instalment]:
    """Instalments from text, one a line: the due date, then the sum. Raises
    :class:`BadInstalmentLine` with the number of the first line that is not one."""
    found = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _LINE.match(line)
        day = parse_day(match["day"]) if match else None
        amount = parse_amount(match["amount"]) if match else None
        if day is None or amount is None:
            raise BadInstalmentLine(number)
        found.append(Instalment(day, amount))
    return sorted(found, key=lambda i: i.due_on)


def format_instalments(instalments: list[Any]) -> str:
    """Instalments as the form's text, one a line (Finnish date, sum with a decimal comma)."""
    return "\n".join(
        f"{i.due_on.day}.{i.due_on.month}.{i.due_on.year} {str(i.amount).replace('.', ',')}"
        for i in instalments
    )


def instalments_to_json(instalments: list[Instalment]) -> list[dict[str, str]]:
    return [{"due_on": i.due_on.isoformat(), "amount": str(i.amount)} for i in instalments]


def instalments_from_json(data: Any) -> list[Instalment]:
    """Read leniently: a version made before packages has none."""
    found = []
    for item in data or []:
        try:
            found.append(Instalment(date.fromisoformat(item["due_on"]), Decimal(item["amount"])))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            continue
    return found


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except ArithmeticError:
        return None


def check_prices(terms: Terms, *, complete: bool) -> None:
    """Refuse a workshop period's prices that break a rule (beside the daily price's own);
    ``complete`` adds what a submitted request or an amendment needs."""
    if terms.pricing == Pricing.PACKAGE:
        _check_package(terms)
    if (
        complete
        and terms.special_support
        and (terms.extra_share_percent is None and not terms.extra_share_note.strip())
    ):
        raise DomainError(
            _l(
                "Say how the extra of special support is shared: the workshop's share as a "
                "percentage, or in words."
            ),
            field="extra_share_percent",
        )
    if terms.extra_share_percent is not None and not (0 <= terms.extra_share_percent <= 100):
        raise DomainError(_l("Enter a percentage from 0 to 100."), field="extra_share_percent")
    _check_bonus(terms)


def _check_package(terms: Terms) -> None:
    if terms.package_sum is None or terms.package_sum <= 0:
        raise DomainError(_l("Enter the package's sum in euros."), field="package_sum")
    if not terms.package_description.strip():
        raise DomainError(_l("Describe what the package covers."), field="package_description")
    if not terms.instalments:
        raise DomainError(
            _l("Enter at least one instalment: its due date and sum."), field="instalments"
        )
    if any(i.amount <= 0 for i in terms.instalments):
        raise DomainError(_l("Each instalment must be more than zero."), field="instalments")
    total = sum((i.amount for i in terms.instalments), Decimal("0.00"))
    if total != terms.package_sum:
        raise DomainError(
            _l(
                "The instalments add up to %(total)s, but the package's sum is %(sum)s. "
                "Make them equal.",
                total=money(total),
                sum=money(terms.package_sum),
            ),
            field="instalments",
        )


def _check_bonus(terms: Terms) -> None:
    if terms.bonus_amount is None:
        if terms.bonus_last_day is not None:
            raise DomainError(
                _l("Enter the bonus per qualification unit, or leave the last day empty."),
                field="bonus_amount",
            )
        return
    if terms.bonus_amount <= 0:
        raise DomainError(_l("Enter a bonus of more than zero."), field="bonus_amount")
    if terms.bonus_last_day is None:
        raise DomainError(
            _l("Enter the last day on which a completed unit earns the bonus."),
            field="bonus_last_day",
        )
    if terms.bonus_last_day < terms.start_on:
        raise DomainError(
            _l("The bonus's last day cannot be before the period starts."),
            field="bonus_last_day",
        )
