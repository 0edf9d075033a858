"""The terms of a placement: what both parties agree on, and its snapshot.

The same :class:`Terms` fill a new request, a draft's edit and an amendment, and are kept
as a JSON snapshot in every version of the per-trainee agreement. Their rules are
:mod:`portal.placements.terms_checks`; the advice shown while they are chosen (recommended
prices, typical periods) :mod:`portal.placements.terms_advice`; how people write units and
prices :mod:`portal.placements.terms_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.placements.enums import PaidAbsence, Pricing
from portal.placements.models import (
    Placement,
    PlacementInstalment,
    PlacementQualificationUnit,
    SupportLevel,
)
from portal.placements.prices import (
    Instalment,
    decimal_or_none,
    instalments_from_json,
    instalments_to_json,
)

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


@dataclass(frozen=True)
class UnitLine:
    name: str
    code: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


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
