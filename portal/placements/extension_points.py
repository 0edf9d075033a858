"""Where the packages above placements add to its pages and forms (see
portal.core.extension_points)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from flask import abort

from portal.core.extension_points import Hook, Slot

if TYPE_CHECKING:
    from flask import Response
    from flask_babel import LazyString

    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


class Offer(Protocol):
    """What the request form shows of the workshop's units; ``active`` when it shows them,
    ``refreshing`` when the form only asked for them again (nothing is saved)."""

    active: bool
    refreshing: bool


class UnitChoices(Protocol):
    """The workshop's units and the qualification units of their learning-environment
    reports on the workshop-period request form (:class:`forms.WorkshopUnitFields`)."""

    def prepare(
        self, form: Any, receivers: list[Party], placement: Placement | None = None
    ) -> Offer:
        """Fill the form's choices for the workshop chosen in it."""
        ...

    def render_choices(self, form: Any, offer: Any) -> Response:
        """The fragment with the choices, for htmx."""
        ...

    def check(self, actor: User, receiver: Party, form: Any) -> Any:
        """Refuse (DomainError) choices that are not the receiver's, before anything is saved."""
        ...

    def record(self, placement: Placement, choice: Any) -> None:
        """Keep what :meth:`check` accepted with the saved placement."""
        ...


class _NoOffer:
    active = False
    refreshing = False


class _NoUnitChoices:
    """Without the catalogue: the form offers no units, and nothing is kept of them."""

    def prepare(
        self, form: Any, receivers: list[Party], placement: Placement | None = None
    ) -> Offer:
        return _NoOffer()

    def render_choices(self, form: Any, offer: Any) -> Response:
        abort(404)

    def check(self, actor: User, receiver: Party, form: Any) -> Any:
        return None

    def record(self, placement: Placement, choice: Any) -> None:
        return None


# Plugged by portal.catalogue_links.
unit_choices: Slot[UnitChoices] = Slot("placements.unit_choices", _NoUnitChoices())


class ConsentDocuments(Protocol):
    """The placement's documents that the user sees, offered as the scan of a paper consent."""

    def documents(self, user: User, placement: Placement) -> list[tuple[int, str]]:
        """(id, title) of each; only these may be named by a consent."""
        ...


class _NoConsentDocuments:
    """Without documents linked to placements: a paper consent cannot name its scan."""

    def documents(self, user: User, placement: Placement) -> list[tuple[int, str]]:
        return []


# Plugged by portal.document_links.
consent_documents: Slot[ConsentDocuments] = Slot(
    "placements.consent_documents", _NoConsentDocuments()
)


# What keeps a placement open: each receiver returns why it may not be completed or
# interrupted yet, or None. A hand-over to the next service waits for its receiver's
# confirmation (portal.handovers); service.complete() and interrupt() refuse while any says so.
holds_open: Hook[[Placement], LazyString | None] = Hook("placements.holds_open")

# What the placements of one page of *My trainees / My students* wait for from the user,
# besides the workflow's steps: {placement id: [what to do]}, asked once for the whole page
# (portal.handovers: "Confirm that you have the young person").
waiting_for: Hook[[User, list[Placement]], dict[int, list[LazyString]]] = Hook(
    "placements.waiting_for"
)

# Told when a placement ends (completed or interrupted), after its outcome is recorded, in the
# same transaction: a follow-up of where the young person went starts here. Plugged by
# portal.follow_up.
ended: Hook[[User, Placement], object] = Hook("placements.ended")
