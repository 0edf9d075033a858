"""What a workshop period's terms are advised and held to while they are chosen: the
recommended daily price of each support level and the length of a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core.dates import add_months
from portal.core.errors import DomainError
from portal.placements.models import SupportLevel

# Recommended daily prices per support level (the guidelines' appendix), in euros.
RECOMMENDED_PRICES: dict[SupportLevel, tuple[Decimal, Decimal | None]] = {
    SupportLevel.BASIC: (Decimal(30), Decimal(45)),
    SupportLevel.INTERMEDIATE: (Decimal(40), Decimal(80)),
    SupportLevel.DEMANDING: (Decimal(70), None),
}
# A workshop period is refused outside MIN–MAX months and warned about outside TYPICAL.
PERIOD_MONTHS = (1, 12)
TYPICAL_MONTHS = (3, 6)


def _months_fit(start: date, end: date, low: int, high: int) -> bool:
    # The end day is part of the period: 1.2.–30.4. is three whole months.
    after_end = end + timedelta(days=1)
    return add_months(start, low) <= after_end <= add_months(start, high)


def check_period(start: date, end: date | None) -> None:
    """Refuse a workshop period that ends before it starts or lasts outside 1–12 months."""
    if end is None:
        raise DomainError(_l("Enter the end date of the period."), field="end_on")
    if end <= start:
        raise DomainError(_l("The period must end after it starts."), field="end_on")
    if not _months_fit(start, end, *PERIOD_MONTHS):
        raise DomainError(
            _l("A workshop period lasts from one to twelve months. Check the dates."),
            field="end_on",
        )


def period_warning(start: date | None, end: date | None) -> str | None:
    """A warning for a period outside the typical 3–6 months, which is allowed."""
    if start is None or end is None or end <= start:
        return None
    if _months_fit(start, end, *TYPICAL_MONTHS):
        return None
    return str(
        _l(
            "The period is %(days)d days long. Workshop periods typically last three to six "
            "months.",
            days=(end - start).days + 1,
        )
    )


def price_range_text(level: SupportLevel) -> str:
    low, high = RECOMMENDED_PRICES[level]
    if high is None:
        return str(_l("from %(low)s € a day", low=low))
    return str(_l("%(low)s–%(high)s € a day", low=low, high=high))


def price_is_recommended(level: SupportLevel | None, price: Decimal | None) -> bool:
    if level is None or price is None:
        return True
    low, high = RECOMMENDED_PRICES[level]
    return price >= low and (high is None or price <= high)


def price_warning(level: SupportLevel | None, price: Decimal | None) -> str | None:
    """A warning for a daily price outside the recommended range of its support level."""
    if level is None or price_is_recommended(level, price):
        return None
    return str(
        _l(
            "The daily price is outside the recommended range for this support level (%(range)s).",
            range=price_range_text(level),
        )
    )


@dataclass(frozen=True)
class PriceAdvice:
    """What the form says beside the daily price while it is being chosen."""

    range: str | None = None
    warning: str | None = None


def price_advice(level: SupportLevel | None, price: Decimal | None) -> PriceAdvice:
    """The level's recommended range, and a warning when the price is outside it."""
    if level is None:
        return PriceAdvice()
    return PriceAdvice(range=price_range_text(level), warning=price_warning(level, price))
