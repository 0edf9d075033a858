"""The rules of a placement's terms: what a draft may hold and what a submitted request needs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.errors import DomainError
from portal.core.validators import contains_identity_code
from portal.placements.enums import Pricing
from portal.placements.models import Direction
from portal.placements.prices import check_prices
from portal.placements.terms import TRAINING_TEXTS, Terms
from portal.placements.terms_advice import check_period, price_is_recommended, price_range_text


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
