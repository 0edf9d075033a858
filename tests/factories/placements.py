"""Placements in every state of the workflow, with their agreements, timeline and units.

``PlacementFactory`` is the one placement builder: a trait per status gives the placement as
the workflow would have left it (submitted, version 1 of the agreement drawn up on
acceptance, signed by both parties from *agreed* on, started a month ago once under way).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory

from portal.auth.models import Role, User
from portal.core import dates
from portal.core.models import utcnow
from portal.core.part_chain import head_of, link
from portal.extensions import db
from portal.parties.models import Party, PartyKind
from portal.placements import access_log
from portal.placements.access_models import PlacementAccess
from portal.placements.agreements import snapshot
from portal.placements.models import (
    Demonstration,
    Direction,
    NextStep,
    Placement,
    PlacementAgreement,
    PlacementComment,
    PlacementQualificationUnit,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
    StepKind,
    SupportLevel,
)
from portal.placements.price_models import PlacementInstalment
from portal.placements.team_models import Consent, ConsentManner, TeamMember, TeamRole
from portal.placements.terms import Terms, UnitLine
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory, days_from_today
from tests.factories.parties import PartyFactory

S = PlacementStatus
# The receiver has accepted: version 1 of the per-trainee agreement exists.
WITH_AGREEMENT = frozenset({S.ACCEPTED, S.AGREED, S.ONGOING, S.COMPLETED, S.INTERRUPTED})
STARTED = frozenset({S.ONGOING, S.COMPLETED, S.INTERRUPTED})

PERIOD_UNIT = UnitLine("Puutuotteiden valmistus", "106927")


def workshop_period_terms(**overrides: Any) -> Terms:
    """Complete terms of a workshop period starting in two weeks, for four months."""
    start = days_from_today(14)
    values: dict[str, Any] = {
        "start_on": start,
        "end_on": start + timedelta(days=120),
        "hoks_goals": "Työelämätaidot ja puutyön perusteet",
        "units": [PERIOD_UNIT],
        "support_level": SupportLevel.INTERMEDIATE,
        "daily_price": Decimal("55.00"),
        "livelihood_checked": True,
        "livelihood_note": "Opintotuki ei muutu.",
        "duties_confirmed": True,
    }
    values.update(overrides)
    if not values["units"]:
        values["units"] = [PERIOD_UNIT]
    return Terms(**values)


def to_studies_terms(**overrides: Any) -> Terms:
    """Complete terms of a move to studies in two months."""
    values: dict[str, Any] = {
        "start_on": days_from_today(60),
        "field_name": "Rakennus- ja puuala",
        "qualification_name": "Rakennusalan perustutkinto",
        "support_role": "Työvalmentaja tapaa opiskelijaa viikoittain ensimmäisen jakson ajan.",
        "demonstrations_at_workshop": True,
        "livelihood_checked": True,
        "livelihood_note": "Työmarkkinatuen vaikutus selvitetty TE-toimiston kanssa.",
    }
    values.update(overrides)
    return Terms(**values)


# The ``make_placement`` fixture: a placement between Luovi and Parik in the given status.
PlacementBuilder = Callable[..., Placement]


def _signature(signer: User | Party) -> PlacementSignature:
    """A signature given by a person, or in a party's name by its signatory."""
    if isinstance(signer, User):
        assert signer.party_id is not None
        return PlacementSignature(
            party_id=signer.party_id,
            user_id=signer.id,
            signer_name=signer.name,
            signer_role=signer.role,
        )
    return PlacementSignature(
        party_id=signer.id, signer_name=signer.signatory_name, signer_role=Role.COORDINATOR
    )


def _period(yes: Any, no: Any) -> factory.Maybe:
    return factory.Maybe("is_period", yes_declaration=yes, no_declaration=no)


class PlacementFactory(BaseFactory):
    """A workshop period from a provider to a workshop, with complete terms, as a draft.

    ``status`` (or a trait of the same name) sets the state and what the workflow leaves
    with it. ``versions`` is the number of agreement versions; all but the latest are signed
    by both ``signatories`` (people or parties; the parties themselves unless told), the latest
    by ``signers`` (none while accepted). ``units`` replaces the qualification units.
    """

    class Meta:
        model = Placement

    class Params:
        is_period = factory.LazyAttribute(lambda o: o.direction == Direction.TO_WORKSHOP)
        to_studies = factory.Trait(direction=Direction.TO_STUDIES)
        draft = factory.Trait(status=S.DRAFT)
        submitted = factory.Trait(status=S.SUBMITTED)
        accepted = factory.Trait(status=S.ACCEPTED)
        declined = factory.Trait(status=S.DECLINED, decline_reason="Ei vapaita paikkoja.")
        agreed = factory.Trait(status=S.AGREED)
        ongoing = factory.Trait(status=S.ONGOING)
        completed = factory.Trait(
            status=S.COMPLETED,
            ended_on=factory.LazyFunction(dates.today),
            next_step=NextStep.STUDIES,
        )
        interrupted = factory.Trait(
            status=S.INTERRUPTED,
            ended_on=factory.LazyFunction(dates.today),
            interruption_reason="Muutti toiselle paikkakunnalle.",
            next_step=NextStep.OTHER,
        )
        cancelled = factory.Trait(status=S.CANCELLED)
        # Cancelled by the sender before it was ever submitted.
        cancelled_draft = factory.Trait(status=S.CANCELLED, submitted_at=None)

    direction = Direction.TO_WORKSHOP
    status = S.DRAFT
    # The provider sends a workshop period to a workshop; a workshop sends a trainee to studies.
    sender = _period(
        factory.SubFactory(PartyFactory, provider=True), factory.SubFactory(PartyFactory)
    )
    receiver = _period(
        factory.SubFactory(PartyFactory), factory.SubFactory(PartyFactory, provider=True)
    )
    reference = factory.Sequence(lambda n: f"LUOVI-2026-{n:03d}")
    initials = "A.K."

    start_on = _period(
        factory.LazyFunction(lambda: workshop_period_terms().start_on),
        factory.LazyFunction(lambda: to_studies_terms().start_on),
    )
    end_on = _period(factory.LazyAttribute(lambda o: o.start_on + timedelta(days=120)), None)
    livelihood_checked = True
    livelihood_note = _period(
        workshop_period_terms().livelihood_note, to_studies_terms().livelihood_note
    )
    field_name = _period("", to_studies_terms().field_name)
    qualification_name = _period("", to_studies_terms().qualification_name)
    support_role = _period("", to_studies_terms().support_role)
    demonstrations_at_workshop = _period(False, True)
    hoks_goals = _period(workshop_period_terms().hoks_goals, "")
    support_level = _period(SupportLevel.INTERMEDIATE, None)
    daily_price = _period(Decimal("55.00"), None)
    price_reason = ""
    special_support = False
    duties_confirmed = _period(True, False)
    units = _period(
        factory.LazyFunction(
            lambda: [PlacementQualificationUnit(name=PERIOD_UNIT.name, code=PERIOD_UNIT.code)]
        ),
        factory.LazyFunction(list),
    )

    submitted_at = factory.LazyAttribute(lambda o: None if o.status == S.DRAFT else utcnow())
    started_on = factory.LazyAttribute(
        lambda o: dates.today() - timedelta(days=30) if o.status in STARTED else None
    )
    versions = factory.LazyAttribute(lambda o: 1 if o.status in WITH_AGREEMENT else 0)
    # Who signs for the two parties: people, or the parties by their signatories.
    signatories = factory.LazyAttribute(lambda o: (o.sender, o.receiver))
    # Version 1 waits for signatures while accepted; from agreed on both parties have signed.
    signers = factory.LazyAttribute(lambda o: () if o.status == S.ACCEPTED else o.signatories)
    # The people on the placement's team (need to know): the workshop's as job coaches, the
    # others' as teachers; a third party's only with ``consents``.
    team: Any = ()
    consents: Any = ()

    @classmethod
    def _build(cls, model_class: type[Placement], *args: Any, **kwargs: Any) -> Placement:
        versions, signers = kwargs.pop("versions"), kwargs.pop("signers")
        signatories = kwargs.pop("signatories")
        team, consents = kwargs.pop("team"), kwargs.pop("consents")
        placement = model_class(*args, **kwargs)
        placement.consents = list(consents)
        for person in team:
            placement.team.append(team_member_of(placement, person))
        # The snapshot reads the terms before the insert fills in the columns' defaults.
        for column in Placement.__table__.columns:
            default = column.default
            if default is not None and default.is_scalar and getattr(placement, column.key) is None:
                setattr(placement, column.key, default.arg)
        for position, unit in enumerate(placement.units):
            unit.position = position
        for number in range(1, versions + 1):
            version = PlacementAgreement(
                number=number, terms=snapshot(placement, Terms.of(placement))
            )
            latest = number == versions
            version.signatures = [_signature(s) for s in (signers if latest else signatories)]
            placement.agreements.append(version)
        return placement

    @classmethod
    def _create(cls, model_class: type[Placement], *args: Any, **kwargs: Any) -> Placement:
        placement = cls._build(model_class, *args, **kwargs)
        session = cls._meta.sqlalchemy_session_factory()
        session.add(placement)
        session.commit()
        return placement


def team_member_of(
    placement: Placement, person: User, consent: Consent | None = None
) -> TeamMember:
    """``person`` on the placement's team, in the role their party usually has."""
    assert person.party_id is not None
    workshop = person.party is not None and person.party.kind == PartyKind.WORKSHOP
    if consent is None and not placement.involves(person.party_id) and placement.consents:
        consent = placement.consents[-1]
    return TeamMember(
        user_id=person.id,
        party_id=person.party_id,
        role=TeamRole.JOB_COACH if workshop else TeamRole.TEACHER,
        consent=consent,
    )


class ConsentFactory(BaseFactory):
    """The young person's consent, given on paper today for a year, to share the placement's
    information with ``parties`` (none unless told)."""

    class Meta:
        model = Consent

    placement = factory.SubFactory(PlacementFactory, status=S.SUBMITTED)
    information = "Jakson tavoitteet, läsnäolo ja tuen tarve"
    purpose = "Nuoren tuen jatkuvuus jakson aikana"
    given_on = factory.LazyFunction(dates.today)
    valid_until = factory.LazyFunction(lambda: days_from_today(365))
    manner = ConsentManner.ORAL
    noted_by = "Sanna Nieminen"
    parties = factory.LazyFunction(list)


class TeamMemberFactory(BaseFactory):
    """A person of the placement's sender on its team."""

    class Meta:
        model = TeamMember
        exclude = ("person",)

    placement = factory.SubFactory(PlacementFactory, status=S.SUBMITTED)
    person = factory.SubFactory(UserFactory, party=factory.SelfAttribute("..placement.sender"))
    user_id = factory.SelfAttribute("person.id")
    party_id = factory.SelfAttribute("person.party_id")
    role = TeamRole.JOB_COACH


class PlacementQualificationUnitFactory(BaseFactory):
    class Meta:
        model = PlacementQualificationUnit

    class Params:
        done = factory.Trait(completed=True)

    placement = factory.SubFactory(PlacementFactory, units=[])
    position = factory.LazyAttribute(lambda o: len(o.placement.units))
    name = factory.Sequence(lambda n: f"Tutkinnon osa {n}")
    code = factory.Sequence(lambda n: f"10{n:04d}")
    completed = False


class PlacementAgreementFactory(BaseFactory):
    """The next version of an accepted placement's agreement: an amendment, not yet signed."""

    class Meta:
        model = PlacementAgreement

    placement = factory.SubFactory(PlacementFactory, status=S.ACCEPTED)
    number = factory.LazyAttribute(lambda o: len(o.placement.agreements) + 1)
    terms = factory.LazyAttribute(lambda o: snapshot(o.placement, Terms.of(o.placement)))
    reason = factory.LazyAttribute(lambda o: "" if o.number == 1 else "Jakso pitenee kuukaudella.")


class PlacementSignatureFactory(BaseFactory):
    """The sender's signature of a version."""

    class Meta:
        model = PlacementSignature

    agreement = factory.SubFactory(PlacementAgreementFactory)
    party = factory.LazyAttribute(lambda o: o.agreement.placement.sender)
    signer_name = factory.LazyAttribute(lambda o: o.party.signatory_name)
    signer_role = Role.COORDINATOR


class DemonstrationFactory(BaseFactory):
    class Meta:
        model = Demonstration

    placement = factory.SubFactory(PlacementFactory, status=S.ONGOING)
    qualification_unit = PERIOD_UNIT.label
    held_on = factory.LazyFunction(lambda: days_from_today(30))
    place = "Parik-säätiön puupaja"
    teacher_assessor = "Opettaja Olli"
    working_life_assessor = "Työvalmentaja Ville"


class PlacementInstalmentFactory(BaseFactory):
    """An instalment of a package-priced workshop period, due in a month.

    The row as the terms in force leave it: a test of a package's rules builds the terms
    with their instalments (``workshop_period_terms``) rather than rows alone.
    """

    class Meta:
        model = PlacementInstalment

    placement = factory.SubFactory(PlacementFactory, status=S.ONGOING)
    position = 0
    due_on = factory.LazyFunction(lambda: days_from_today(30))
    amount = Decimal("1500.00")


# The change of status that each kind of step records.
STEP_TRANSITIONS = {
    StepKind.SUBMITTED: (S.DRAFT, S.SUBMITTED),
    StepKind.CANCELLED: (S.SUBMITTED, S.CANCELLED),
    StepKind.ACCEPTED: (S.SUBMITTED, S.ACCEPTED),
    StepKind.DECLINED: (S.SUBMITTED, S.DECLINED),
    StepKind.AGREED: (S.ACCEPTED, S.AGREED),
    StepKind.STARTED: (S.AGREED, S.ONGOING),
    StepKind.COMPLETED: (S.ONGOING, S.COMPLETED),
    StepKind.INTERRUPTED: (S.ONGOING, S.INTERRUPTED),
}


class PlacementStepFactory(BaseFactory):
    """An entry of the timeline by ``actor``: by default the sender's submission."""

    class Meta:
        model = PlacementStep
        # The step keeps the actor's id and name, not the account.
        exclude = ("actor",)

    placement = factory.SubFactory(PlacementFactory, status=S.SUBMITTED)
    kind = StepKind.SUBMITTED
    from_status = factory.LazyAttribute(lambda o: STEP_TRANSITIONS.get(o.kind, (None, None))[0])
    to_status = factory.LazyAttribute(lambda o: STEP_TRANSITIONS.get(o.kind, (None, None))[1])
    actor = factory.SubFactory(
        UserFactory, coordinator=True, party=factory.SelfAttribute("..placement.sender")
    )
    actor_id = factory.SelfAttribute("actor.id")
    actor_name = factory.SelfAttribute("actor.name")
    party_id = factory.SelfAttribute("actor.party_id")


class PlacementCommentFactory(BaseFactory):
    class Meta:
        model = PlacementComment
        exclude = ("author",)

    placement = factory.SubFactory(PlacementFactory, status=S.SUBMITTED)
    author = factory.SubFactory(UserFactory, party=factory.SelfAttribute("..placement.receiver"))
    author_id = factory.SelfAttribute("author.id")
    author_name = factory.SelfAttribute("author.name")
    party_id = factory.SelfAttribute("author.party_id")
    body = "Aloituspalaveri sovittu maanantaille."


class PlacementAccessFactory(BaseFactory):
    """The workshop's coordinator opened the placement's page, which shows the full name;
    numbered and hashed as the next of its placement's chain, as the page would."""

    class Meta:
        model = PlacementAccess
        exclude = ("placement", "user")

    placement = factory.SubFactory(PlacementFactory, status=S.ONGOING, full_name="Aino Koivisto")
    user = factory.SubFactory(
        UserFactory, role=Role.COORDINATOR, party=factory.SelfAttribute("..placement.receiver")
    )
    placement_id = factory.SelfAttribute("placement.id")
    user_id = factory.SelfAttribute("user.id")
    party_id = factory.SelfAttribute("user.party_id")
    view = access_log.PAGE

    @classmethod
    def _create(cls, model_class: type[PlacementAccess], *args: Any, **kwargs: Any) -> Any:
        entry = model_class(*args, **kwargs)
        session = db.session()
        link(session, entry, head_of(session, PlacementAccess, entry.placement_id))
        session.add(entry)
        session.commit()
        return entry
