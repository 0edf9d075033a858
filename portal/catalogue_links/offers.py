"""What the receiving workshop offers a workshop-period request: its units, those with a
published learning-environment report first, and the qualification units of the chosen one.

The request form asks for it again ("refresh") when the workshop or the unit changes: with
htmx only the fragment comes back, without JavaScript the whole form, keeping what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.authz import visible
from portal.core.htmx import render
from portal.core.params import id_arg, parse_int
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit
from portal.placements.forms import WorkshopUnitFields
from portal.placements.models import Placement
from portal.placements.terms_text import format_units

# The value the "Show the units" button (and htmx) sends as `refresh`.
REFRESH = "units"


@dataclass
class UnitOption:
    unit: Unit
    # Its published report, which the reader may see; None when it has none.
    environment: LearningEnvironment | None


@dataclass
class Offer:
    # False for a form without these fields (a request to studies).
    active: bool = False
    receiver: Party | None = None
    options: list[UnitOption] = field(default_factory=list)
    # The chosen unit when it is one of the receiver's, and its published report.
    unit: Unit | None = None
    environment: LearningEnvironment | None = None
    # The form asked only for the choices again: nothing is saved.
    refreshing: bool = False


def reports_of(units: list[Unit]) -> dict[int, LearningEnvironment]:
    """The published reports of the units that the user may read, by unit id."""
    if not units:
        return {}
    stmt = (
        visible(LearningEnvironment)
        .where(
            LearningEnvironment.unit_id.in_([u.id for u in units]),
            LearningEnvironment.published_at.is_not(None),
        )
        .options(selectinload(LearningEnvironment.qualification_units))
    )
    return {e.unit_id: e for e in db.session.scalars(stmt)}


def unit_options(receiver: Party | None) -> list[UnitOption]:
    """The units of an active workshop, those with a published report first."""
    if receiver is None or receiver.kind != PartyKind.WORKSHOP or not receiver.is_active:
        return []
    reports = reports_of(receiver.units)
    options = [UnitOption(u, reports.get(u.id)) for u in receiver.units]
    # sorted() is stable: by name within each group, as party.units are.
    return sorted(options, key=lambda option: option.environment is None)


def visible_units(ids: list[int]) -> list[QualificationUnit]:
    """The catalogue's qualification units of these ids that the user may see, in that order."""
    if not ids:
        return []
    stmt = (
        visible(QualificationUnit)
        .where(QualificationUnit.id.in_(ids))
        .options(selectinload(QualificationUnit.environment))
    )
    found = {q.id: q for q in db.session.scalars(stmt)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _unit_choices(options: list[UnitOption]) -> list[SelectChoice]:
    grouped = any(o.environment for o in options)
    with_report, others = _("With a learning-environment report"), _("Other units")
    return [SelectChoice("", _("Not chosen"))] + [
        SelectChoice(
            str(o.unit.id),
            o.unit.name,
            optgroup=(with_report if o.environment else others) if grouped else None,
        )
        for o in options
    ]


def _prefill(form: Any, receivers: list[Party]) -> None:
    """Choose the workshop, unit and qualification unit a catalogue link names."""
    unit_id = id_arg("workshop_unit")
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or unit.party_id not in {r.id for r in receivers}:
        return
    form.receiver.data = unit.party_id
    form.workshop_unit.data = unit.id
    chosen = (parse_int(v, minimum=1) for v in request.args.getlist("catalogue_units"))
    form.catalogue_units.data = [unit_id for unit_id in chosen if unit_id is not None]


def _receiver(form: Any, receivers: list[Party]) -> Party | None:
    if form.receiver.data is None:
        # Before anything is chosen the select shows its first party as chosen.
        return receivers[0] if receivers else None
    return next((r for r in receivers if r.id == form.receiver.data), None)


def prepare(form: Any, receivers: list[Party], placement: Placement | None = None) -> Offer:
    """Fill the form's unit choices for the workshop chosen in it (or named by the link)."""
    if not isinstance(form, WorkshopUnitFields):
        return Offer()
    refreshing = request.method == "POST" and request.form.get("refresh") == REFRESH
    editing = request.method == "GET" and placement is not None
    if request.method == "GET" and placement is None:
        _prefill(form, receivers)
    elif editing and placement is not None:
        form.workshop_unit.data = placement.workshop_unit_id
        form.catalogue_units.data = [u.catalogue_unit_id for u in placement.units]

    receiver = _receiver(form, receivers)
    options = unit_options(receiver)
    option = next((o for o in options if o.unit.id == form.workshop_unit.data), None)
    environment = option.environment if option else None
    offered = [q.id for q in environment.qualification_units] if environment else []

    if request.method == "GET" or refreshing:
        # Show only what fits the workshop and unit now chosen. A real save keeps what was
        # sent, so that the service can refuse a unit of another workshop or report.
        if option is None:
            form.workshop_unit.data = None
        form.catalogue_units.data = [i for i in form.catalogue_units.data or [] if i in offered]
    if editing and placement is not None:
        # The ticked units show as ticked; those the report no longer offers, as typed text.
        form.qualification_units.data = format_units(
            [u for u in placement.units if u.catalogue_unit_id not in form.catalogue_units.data]
        )

    form.workshop_unit.choices = _unit_choices(options)
    form.catalogue_units.choices = [(i, str(i)) for i in offered]
    form.chosen_units = visible_units(form.catalogue_units.data or [])
    return Offer(
        active=True,
        receiver=receiver,
        options=options,
        unit=option.unit if option else None,
        environment=environment,
        refreshing=refreshing,
    )


def render_choices(form: Any, offer: Offer) -> Response:
    """The fragment with the unit and its qualification units, for htmx."""
    return render("catalogue_links/_choices.html", form=form, offer=offer)


def requested(form: Any) -> tuple[int | None, list[int]]:
    """The unit and the catalogue's qualification units as sent, for the service to check."""
    if not isinstance(form, WorkshopUnitFields):
        return None, []
    return form.workshop_unit.data, list(form.catalogue_units.data or [])
