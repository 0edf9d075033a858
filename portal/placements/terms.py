"""The terms of a placement: what both parties agree on, its checks and its snapshot.

The same :class:`Terms` fill a new request, a draft's edit and an amendment, and are kept
as a JSON snapshot in every version of the per-trainee agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.core.dates import add_months
from portal.core.errors import DomainError
from portal.core.validators import contains_identity_code
from portal.placements.enums import PaidAbsence, Pricing
from portal.placements.models import (
    Direction,
    Placement,
    PlacementInstalment,
    PlacementQualificationUnit,
    SupportLevel,
)
from portal.placements.prices import (
    Instalment,
    check_prices,
    decimal_or_none,
    instalments_from_json,
    instalments_to_json,
)

# Recommended daily prices per support level (the guidelines' appendix), in euros.
RECOMMENDED_PRICES: dict[SupportLevel, tuple[Decimal, Decimal | None]] = {
    SupportLevel.BASIC: (Decimal(30), Decimal(45)),
    SupportLevel.INTERMEDIATE: (Decimal(40), Decimal(80)),
    SupportLevel.DEMANDING: (Decimal(70), None),
}
# A workshop period is refused outside MIN–MAX months and warned about outside TYPICAL.
PERIOD_MONTHS = (1, 12)
TYPICAL_MONTHS = (3, 6)

# The training agreement's contents, kept on the placement and in every version alike.
TRAINING_FIELDS = (
    "workplace_name",
    "workplace_address",
    "instructor_id",
    "instructor_name",
    "instructor_contact",
    "teacher_id",
    "teacher_name",
    "teacher_contact",
    "working_hours",
    "assessment",
    "provider_duties",
    "workshop_duties",
)
# Of those, the texts people write (checked for identity codes like the other texts).
TRAINING_TEXTS = tuple(name for name in TRAINING_FIELDS if not name.endswith("_id"))

_UNIT_LINE = re.compile(r"^(?P<code>\d{3,10})\s*[-–:]?\s+(?P<name>\S.*)$")


@dataclass(frozen=True)
class UnitLine:
    name: str
    code: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


def parse_units(text: str) -> list[UnitLine]:
    """Qualification units from text, one a line, an optional numeric code first."""
    units: list[UnitLine] = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        match = _UNIT_LINE.match(line)
        unit = UnitLine(match["name"], match["code"]) if match else UnitLine(line)
        if unit not in units:
            units.append(unit)
    return units


def format_units(units: list[UnitLine] | list[PlacementQualificationUnit]) -> str:
    return "\n".join(f"{u.code} {u.name}" if u.code else u.name for u in units)


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


def parse_price(text: str | None) -> Decimal | None:
    """A daily price as people write it: 45.50, 45,50 or 45,50 €; None if it is not one."""
    cleaned = (text or "").replace("€", "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


@dataclass
class Terms:
    """What the two parties agree on for one individual."""

    start_on: date
    end_on: date | None = None
    livelihood_checked: bool = False
    livelihood_note: str = ""
    # To studies.
    field_name: str = ""
    qualification_name: str = ""
    support_role: str = ""
    demonstrations_at_workshop: bool = False
    # To a workshop period.
    hoks_goals: str = ""
    units: list[UnitLine] = field(default_factory=list)
    support_level: SupportLevel | None = None
    daily_price: Decimal | None = None
    price_reason: str = ""
    special_support: bool = False
    # Absences paid like a day present. A version signed before these were asked for has
    # neither, and reads as none paid.
    ill_days_paid: bool = False
    agreed_leave_paid: bool = False
    # Prices as agreed (portal.placements.prices). A version signed before these were asked
    # for has none of them, and reads as priced by day, with no bonus.
    pricing: Pricing = Pricing.BY_DAY
    package_sum: Decimal | None = None
    package_description: str = ""
    instalments: list[Instalment] = field(default_factory=list)
    extra_share_percent: Decimal | None = None
    extra_share_note: str = ""
    bonus_amount: Decimal | None = None
    bonus_last_day: date | None = None
    duties_confirmed: bool = False
    # The training agreement's contents (portal.placements.training).
    workplace_name: str = ""
    workplace_address: str = ""
    instructor_id: int | None = None
    instructor_name: str = ""
    instructor_contact: str = ""
    teacher_id: int | None = None
    teacher_name: str = ""
    teacher_contact: str = ""
    working_hours: str = ""
    assessment: str = ""
    provider_duties: str = ""
    workshop_duties: str = ""

    @classmethod
    def of(cls, placement: Placement) -> Terms:
        return cls(
            start_on=placement.start_on,
            end_on=placement.end_on,
            livelihood_checked=placement.livelihood_checked,
            livelihood_note=placement.livelihood_note,
            field_name=placement.field_name,
            qualification_name=placement.qualification_name,
            support_role=placement.support_role,
            demonstrations_at_workshop=placement.demonstrations_at_workshop,
            hoks_goals=placement.hoks_goals,
            units=[UnitLine(u.name, u.code) for u in placement.units],
            support_level=placement.support_level,
            daily_price=placement.daily_price,
            price_reason=placement.price_reason,
            special_support=placement.special_support,
            ill_days_paid=placement.ill_days_paid,
            agreed_leave_paid=placement.agreed_leave_paid,
            pricing=placement.pricing or Pricing.BY_DAY,
            package_sum=placement.package_sum,
            package_description=placement.package_description,
            # Read only for a package: a period priced by day has none, and its page does
            # not ask the database for them.
            instalments=[Instalment(i.due_on, i.amount) for i in placement.instalments]
            if placement.pricing == Pricing.PACKAGE
            else [],
            extra_share_percent=placement.extra_share_percent,
            extra_share_note=placement.extra_share_note,
            bonus_amount=placement.bonus_amount,
            bonus_last_day=placement.bonus_last_day,
            duties_confirmed=placement.duties_confirmed,
            **{name: getattr(placement, name) for name in TRAINING_FIELDS},
        )

    @property
    def paid_absences(self) -> frozenset[PaidAbsence]:
        """The kinds of absence these terms pay for like a day present."""
        flags = {
            PaidAbsence.ILL: self.ill_days_paid,
            PaidAbsence.AGREED_LEAVE: self.agreed_leave_paid,
        }
        return frozenset(kind for kind, paid in flags.items() if paid)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start_on"] = self.start_on.isoformat()
        data["end_on"] = self.end_on.isoformat() if self.end_on else None
        data["support_level"] = self.support_level.value if self.support_level else None
        data["daily_price"] = str(self.daily_price) if self.daily_price is not None else None
        data["units"] = [{"name": u.name, "code": u.code} for u in self.units]
        data["pricing"] = self.pricing.value
        data["instalments"] = instalments_to_json(self.instalments)
        for name in ("package_sum", "extra_share_percent", "bonus_amount"):
            value = getattr(self, name)
            data[name] = str(value) if value is not None else None
        data["bonus_last_day"] = self.bonus_last_day.isoformat() if self.bonus_last_day else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Terms:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["start_on"] = date.fromisoformat(data["start_on"])
        values["end_on"] = date.fromisoformat(data["end_on"]) if data.get("end_on") else None
        level = data.get("support_level")
        values["support_level"] = SupportLevel(level) if level else None
        try:
            price = data.get("daily_price")
            values["daily_price"] = Decimal(price) if price is not None else None
        except InvalidOperation:
            values["daily_price"] = None
        values["units"] = [UnitLine(u["name"], u.get("code", "")) for u in data.get("units", [])]
        values["pricing"] = Pricing(data.get("pricing") or Pricing.BY_DAY)
        values["instalments"] = instalments_from_json(data.get("instalments"))
        for name in ("package_sum", "extra_share_percent", "bonus_amount"):
            values[name] = decimal_or_none(data.get(name))
        last_day = data.get("bonus_last_day")
        values["bonus_last_day"] = date.fromisoformat(last_day) if last_day else None
        return cls(**values)

    def apply_to(self, placement: Placement) -> None:
        """Make these the placement's terms; units keep their completion by name and code."""
        check_dates(placement, self, apply=True)
        for name in (
            "start_on",
            "end_on",
            "livelihood_checked",
            "livelihood_note",
            "field_name",
            "qualification_name",
            "support_role",
            "demonstrations_at_workshop",
            "hoks_goals",
            "support_level",
            "daily_price",
            "price_reason",
            "special_support",
            "ill_days_paid",
            "agreed_leave_paid",
            "pricing",
            "package_sum",
            "package_description",
            "extra_share_percent",
            "extra_share_note",
            "bonus_amount",
            "bonus_last_day",
            "duties_confirmed",
            *TRAINING_FIELDS,
        ):
            setattr(placement, name, getattr(self, name))
        if [(i.due_on, i.amount) for i in placement.instalments] != [
            (i.due_on, i.amount) for i in self.instalments
        ]:
            placement.instalments = [
                PlacementInstalment(position=position, due_on=i.due_on, amount=i.amount)
                for position, i in enumerate(self.instalments)
            ]
        existing = {(u.name, u.code): u for u in placement.units}
        kept = []
        for position, line in enumerate(self.units):
            unit = existing.get((line.name, line.code)) or PlacementQualificationUnit(
                name=line.name, code=line.code
            )
            unit.position = position
            kept.append(unit)
        placement.units = kept


# Features that keep a placement's dates elsewhere (a quota place) check a change of them:
# a hook raises DomainError to refuse it, and follows the new dates when ``apply`` is true.
DateHook = Callable[[Placement, date, date | None, bool], None]
_date_hooks: list[DateHook] = []


def on_dates_change(hook: DateHook) -> DateHook:
    if hook not in _date_hooks:
        _date_hooks.append(hook)
    return hook


def check_dates(placement: Placement, terms: Terms, *, apply: bool = False) -> None:
    """Let the features holding the placement's dates refuse new ones (or follow them)."""
    if placement.id is None or (terms.start_on, terms.end_on) == (
        placement.start_on,
        placement.end_on,
    ):
        return
    for hook in _date_hooks:
        hook(placement, terms.start_on, terms.end_on, apply)


def check_terms(direction: Direction, terms: Terms, *, complete: bool) -> None:
    """Refuse terms that break a rule; ``complete`` adds what a submitted request needs."""
    texts = [
        terms.livelihood_note,
        terms.field_name,
        terms.qualification_name,
        terms.support_role,
        terms.hoks_goals,
        terms.price_reason,
        terms.package_description,
        terms.extra_share_note,
        *(u.name for u in terms.units),
        *(getattr(terms, name) for name in TRAINING_TEXTS),
    ]
    if any(contains_identity_code(text) for text in texts):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead.")
        )
    if direction == Direction.TO_WORKSHOP:
        check_period(terms.start_on, terms.end_on)
        if terms.support_level is None:
            raise DomainError(_l("Choose the support level."), field="support_level")
        by_day = terms.pricing == Pricing.BY_DAY
        if by_day and (terms.daily_price is None or terms.daily_price < 0):
            raise DomainError(_l("Enter the daily price in euros."), field="daily_price")
        if not terms.units:
            raise DomainError(
                _l("Name at least one qualification unit to work on."),
                field="qualification_units",
            )
        check_prices(terms, complete=complete)
        if (
            by_day
            and not price_is_recommended(terms.support_level, terms.daily_price)
            and not terms.price_reason.strip()
        ):
            raise DomainError(
                _l(
                    "The daily price is outside the recommended range (%(range)s). "
                    "Give the reason for it.",
                    range=price_range_text(terms.support_level),
                ),
                field="price_reason",
            )
    if not complete:
        return
    if not terms.livelihood_checked:
        raise DomainError(
            _l(
                "The effect on the individual's livelihood (e.g. labour-market subsidy) must be "
                "looked into before the request is submitted."
            ),
            field="livelihood_checked",
        )
    if not terms.livelihood_note.strip():
        raise DomainError(
            _l("Write down what the livelihood check found."), field="livelihood_note"
        )
    if direction == Direction.TO_WORKSHOP and not terms.duties_confirmed:
        raise DomainError(
            _l("Confirm the split of duties between the education provider and the workshop."),
            field="duties_confirmed",
        )
