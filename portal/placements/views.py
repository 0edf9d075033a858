"""The party's placements: the list, a new request, a draft's edit and a placement's page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from portal.core import dates
from portal.core.authz import EDIT, VIEW, authorize, get_along_or_404, get_or_404
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.extensions import db
from portal.notifications.service import known_unread, unread_count_query
from portal.parties.models import Party
from portal.placements import (
    access_log,
    agreements,
    labels,
    queries,
    results,
    service,
    steps,
    team,
    terms_advice,
    terms_text,
    training,
)
from portal.placements.blueprint import bp
from portal.placements.extension_points import unit_choices
from portal.placements.forms import REQUEST_FORMS, fill_from
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementStatus,
    StepKind,
    SupportLevel,
)
from portal.placements.policy import actions_for, knows_identity, may_record_result
from portal.placements.step_forms import CommentForm
from portal.placements.team_models import TeamMember
from portal.placements.terms import Terms
from portal.placements.terms_advice import period_warning, price_warning
from portal.placements.terms_forms import ToWorkshopTermsForm
from portal.placements.workflow import FINAL, Action, allows

# Directions as they are written in addresses.
URL_DIRECTIONS = {"to-studies": Direction.TO_STUDIES, "to-workshop": Direction.TO_WORKSHOP}


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "direction_labels": labels.DIRECTION_LABELS,
        "direction_descriptions": labels.DIRECTION_DESCRIPTIONS,
        "status_labels": labels.STATUS_LABELS,
        "level_labels": labels.SUPPORT_LEVEL_LABELS,
        "next_step_labels": labels.NEXT_STEP_LABELS,
        "step_labels": labels.STEP_LABELS,
        "demonstration_result_labels": labels.DEMONSTRATION_RESULT_LABELS,
        "action_labels": labels.ACTION_LABELS,
        "Action": Action,
        "Direction": Direction,
        "Status": PlacementStatus,
        "StepKind": StepKind,
        "url_directions": {d: slug for slug, d in URL_DIRECTIONS.items()},
        "price_warning": price_warning,
        "period_warning": period_warning,
        "provider_duties": training.PROVIDER_DUTIES,
        "workshop_duties": training.WORKSHOP_DUTIES,
        "team_role_labels": labels.TEAM_ROLE_LABELS,
        "consent_manner_labels": labels.CONSENT_MANNER_LABELS,
        "knows_identity": lambda placement: knows_identity(current_user, placement),
    }


def to_detail(placement: Placement, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("placements.detail", placement_id=placement.id, _anchor=anchor), 303)


def _detail_options() -> list[Any]:
    """What the placement's page shows of it, loaded with it (built when asked: building them
    configures the mappers, which needs every feature's models)."""
    return [
        # Its pages log who opened them, continuing the access log from its head.
        *access_log.load_head(),
        joinedload(Placement.sender),
        joinedload(Placement.receiver),
        joinedload(Placement.workshop_unit),
        selectinload(Placement.units),
        # A version has at most two signatures: joined to the versions, one statement for
        # both, which leaves room in the page's budget for the panels added to it.
        selectinload(Placement.agreements).joinedload(PlacementAgreement.signatures),
        # The team's table names each member and their party.
        selectinload(Placement.team).options(
            joinedload(TeamMember.user), joinedload(TeamMember.party)
        ),
    ]


def load(placement_id: int) -> Placement:
    """The placement through the user's scope (404 for anyone but the two parties)."""
    placement = get_or_404(Placement, placement_id, options=_detail_options())
    authorize(VIEW, placement)
    return placement


@bp.get("/")
def index() -> ResponseReturnValue:
    filters = queries.Filters.from_args(request.args)
    counts = queries.status_counts(current_user, filters)
    page = paginate(
        queries.listing(current_user, filters).options(
            selectinload(Placement.sender), selectinload(Placement.receiver)
        ),
        # The counts by status hold the list's length: the list is not counted twice.
        total=counts[filters.status] if filters.status else sum(counts.values()),
    )
    return render(
        "placements/index.html",
        block="results",
        page=page,
        filters=filters,
        counts=counts,
        parties=queries.other_parties(current_user),
        years=queries.years(current_user),
        directions=service.directions_for(current_user),
        # The other filters as they are, for the "all states" link of the counts.
    )


def _receiver_choices(form: Any, direction: Direction) -> list[Party]:
    parties = queries.receivers(direction, current_user.party)
    form.receiver.choices = [(p.id, p.name) for p in parties]
    return parties


def _receiver(form: Any) -> Party:
    party = db.session.get(Party, form.receiver.data)
    if party is None:
        abort(400)
    return party


def offer_people(
    form: Any, workshop_id: int | None, provider_id: int | None, current: Terms | None
) -> None:
    """Offer the people the user may name in the training agreement of a workshop period."""
    if isinstance(form, ToWorkshopTermsForm):
        form.people_parties = {"instructor": workshop_id, "teacher": provider_id}
        form.offer_people(
            training.people(current_user, workshop_id),
            training.people(current_user, provider_id),
            current,
        )


def _chosen_receiver_id(form: Any, receivers: list[Party]) -> int | None:
    if form.receiver.data in {r.id for r in receivers}:
        return int(form.receiver.data)
    return receivers[0].id if receivers else None


@bp.get("/people")
def people() -> ResponseReturnValue:
    """The people of a party the user may name, narrowed by a search (an htmx fragment).

    Only those the user may see anyway are offered: its own party's people and other
    parties' coordinators, as in the directory.
    """
    party_id = request.args.get("receiver", type=int) or request.args.get("party", type=int)
    role = request.args.get("role", "")
    if role not in ("instructor", "teacher"):
        abort(404)
    # The search box is named after its role, so both can sit in one form.
    search = request.args.get(f"{role}_search") or request.args.get("q", "")
    found = training.people(current_user, party_id, search[:100])
    chosen = request.args.get(role, type=int)
    return render("placements/_people_options.html", people=found, chosen=chosen)


def _warn_about_terms(placement: Placement) -> None:
    for warning in (
        period_warning(placement.start_on, placement.end_on),
        price_warning(placement.support_level, placement.daily_price),
    ):
        if warning and placement.direction == Direction.TO_WORKSHOP:
            flash(warning, "warning")


@bp.get("/price-advice")
def price_advice() -> ResponseReturnValue:
    """The support level's range and any warning for the price, while the form is filled in."""
    level = request.args.get("support_level", "")
    known = level in {item.value for item in SupportLevel}
    advice = terms_advice.price_advice(
        SupportLevel(level) if known else None,
        terms_text.parse_price(request.args.get("daily_price")),
    )
    return render("placements/_price_advice.html", advice=advice)


@bp.route("/new/<any('to-studies', 'to-workshop'):slug>", methods=["GET", "POST"])
def create(slug: str) -> ResponseReturnValue:
    direction = URL_DIRECTIONS[slug]
    if direction not in service.directions_for(current_user):
        abort(403)
    return _draft_form(direction, None)


@bp.route("/<int:placement_id>/edit", methods=["GET", "POST"])
def edit(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(EDIT, placement)
    if not allows(Action.EDIT, placement.status):
        raise steps.refuse(Action.EDIT, placement.status)
    return _draft_form(placement.direction, placement)


def _draft_form(direction: Direction, placement: Placement | None) -> ResponseReturnValue:
    """The request's form: a new draft, or the draft ``placement`` changed."""
    form = REQUEST_FORMS[direction]()
    receivers = _receiver_choices(form, direction)
    if placement is not None and request.method == "GET":
        fill_from(form, placement)
    choices = unit_choices()
    offer = choices.prepare(form, receivers, placement)
    if placement is None:
        offer_people(form, _chosen_receiver_id(form, receivers), current_user.party_id, None)
    else:
        offer_people(
            form,
            _chosen_receiver_id(form, receivers),
            placement.sender_party_id,
            Terms.of(placement),
        )
    if offer.refreshing:
        if is_partial():
            return choices.render_choices(form, offer)
    elif form.validate_on_submit():
        with changes(form) as change:
            receiver = _receiver(form)
            choice = choices.check(current_user, receiver, form)
            if placement is None:
                saved = service.create(
                    current_user, direction, receiver, form.individual(), form.terms()
                )
            else:
                saved = placement
                service.update_draft(current_user, saved, receiver, form.individual(), form.terms())
            choices.record(saved, choice)
        if change.ok:
            if placement is None:
                flash(_("The draft has been saved. Submit it when it is ready."), "success")
            else:
                flash(_("The draft has been saved."), "success")
            _warn_about_terms(saved)
            return to_detail(saved)
    page = render(
        "placements/form.html",
        form=form,
        direction=direction,
        placement=placement,
        receivers=receivers,
        offer=offer,
        status_code=form.status,
    )
    if placement is not None:
        # The draft's form is filled with the name for whoever may edit it.
        access_log.log_view(
            current_user, placement, access_log.EDIT, shown=bool(placement.full_name)
        )
    return page


def detail_context(placement: Placement) -> dict[str, Any]:
    """What the placement's page shows; also used when a comment is re-rendered."""
    return {
        "placement": placement,
        "terms": Terms.of(placement),
        "actions": actions_for(current_user, placement),
        "can_sign": agreements.can_sign(current_user, placement),
        "is_final": placement.status in FINAL,
        "own_party_id": current_user.party_id,
        "valid_consents": team.valid_consents(placement),
        "records_results": may_record_result(current_user, placement),
        "today": dates.today(),
        **_results_context(placement),
    }


def _results_context(placement: Placement) -> dict[str, Any]:
    """The units' completions and the result bonuses due, from what the page loaded."""
    bonuses = results.bonuses_of(placement)
    return {
        "bonuses": bonuses,
        "bonus_units": {b.unit_id for b in bonuses},
        "bonus_total": results.total(b.amount for b in bonuses),
        "bonus_window": results.bonus_window(placement),
        "may_record_unit": Action.RECORD_UNIT in actions_for(current_user, placement),
    }


@bp.get("/<int:placement_id>")
def detail(placement_id: int) -> ResponseReturnValue:
    # The menu's unread count is asked along: the page's many panels need the statement.
    placement, unread = get_along_or_404(
        Placement,
        placement_id,
        unread_count_query(current_user).scalar_subquery(),
        options=_detail_options(),
    )
    authorize(VIEW, placement)
    known_unread(unread or 0)
    # The page is written before the view is logged: the commit expires every loaded row.
    page = render(
        "placements/detail.html",
        comment_form=CommentForm(),
        **detail_context(placement),
    )
    access_log.log_view(current_user, placement, access_log.PAGE)
    return page
