"""factory_boy factories for every model, split by feature; ``from tests import factories``.

Each factory makes a row as its feature would have left it, committed in the test's session
(the ``db`` fixture rolls it back). Traits name the states: a placement's status
(``PlacementFactory(agreed=True)``), a document's mark (``DocumentFactory(secret=True)``), an
event's kind (``EventFactory(staff_exchange=True)``), a quota's state
(``QuotaFactory(released=True)``). ``tests/test_factories.py`` checks that every mapped model
has one and that each builds a row the database accepts.
"""

# Accounts first: the application loads the auth–parties pair before the features that build
# on it, and some feature packages still reach each other only through that order.
from tests.factories.auth import (  # isort: skip
    ThrottleKeyFactory,
    UserFactory,
    UserSessionFactory,
    coordinator_of,
)
from tests.factories.annual_calendar import (
    ActionItemFactory,
    ActionItemReminderFactory,
    CalendarFeedFactory,
    EventFactory,
    InvitationFactory,
    StaffExchangeFactory,
)
from tests.factories.base import PASSWORD, BaseFactory, business_id, days_from_today
from tests.factories.catalogue import LearningEnvironmentFactory, QualificationUnitFactory
from tests.factories.certificates import CertificateFactory, CertificateUnitFactory
from tests.factories.core import AuditCheckpointFactory, AuditEventFactory, HeartbeatFactory
from tests.factories.daily_records import ClosedMonthFactory, DailyRecordFactory
from tests.factories.dashboard import DashboardSeenFactory
from tests.factories.document_links import DocumentLinkFactory
from tests.factories.documents import (
    AccessLogEntryFactory,
    DisclosureRequestFactory,
    DocumentFactory,
    DocumentVersionFactory,
)
from tests.factories.follow_up import FollowUpFactory
from tests.factories.handovers import HandoverFactory
from tests.factories.identity import ExternalIdentityFactory, IdentityProviderFactory
from tests.factories.invoicing import InvoiceBasisCommentFactory, InvoiceBasisFactory
from tests.factories.notifications import (
    DigestItemFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
)
from tests.factories.outbox import OutboxMessageFactory
from tests.factories.parties import AgreementFactory, PartyFactory, SignatureFactory, UnitFactory
from tests.factories.placements import (
    ConsentFactory,
    DemonstrationFactory,
    PlacementAccessFactory,
    PlacementAgreementFactory,
    PlacementBuilder,
    PlacementCommentFactory,
    PlacementFactory,
    PlacementInstalmentFactory,
    PlacementQualificationUnitFactory,
    PlacementSignatureFactory,
    PlacementStepFactory,
    TeamMemberFactory,
    team_member_of,
    to_studies_terms,
    workshop_period_terms,
)
from tests.factories.privacy import NoticeTextFactory
from tests.factories.quotas import QuotaAllocationFactory, QuotaFactory
from tests.factories.retention import (
    RetentionDoneFactory,
    RetentionLimitFactory,
    RetentionRunFactory,
    RetentionSettingFactory,
)
from tests.factories.second_step import (
    PasskeyFactory,
    PendingSignInFactory,
    RecoveryCodeFactory,
    TotpKeyFactory,
)

__all__ = [
    "PasskeyFactory",
    "PendingSignInFactory",
    "RecoveryCodeFactory",
    "TotpKeyFactory",
    "AuditCheckpointFactory",
    "InvoiceBasisCommentFactory",
    "InvoiceBasisFactory",
    "NoticeTextFactory",
    "PlacementAccessFactory",
    "RetentionDoneFactory",
    "RetentionLimitFactory",
    "RetentionRunFactory",
    "RetentionSettingFactory",
    "CertificateFactory",
    "CertificateUnitFactory",
    "ClosedMonthFactory",
    "DailyRecordFactory",
    "ConsentFactory",
    "TeamMemberFactory",
    "team_member_of",
    "PASSWORD",
    "AccessLogEntryFactory",
    "ActionItemFactory",
    "ActionItemReminderFactory",
    "AgreementFactory",
    "AuditEventFactory",
    "BaseFactory",
    "CalendarFeedFactory",
    "DashboardSeenFactory",
    "DemonstrationFactory",
    "DigestItemFactory",
    "DisclosureRequestFactory",
    "DocumentFactory",
    "DocumentLinkFactory",
    "DocumentVersionFactory",
    "EventFactory",
    "ExternalIdentityFactory",
    "FollowUpFactory",
    "HandoverFactory",
    "HeartbeatFactory",
    "IdentityProviderFactory",
    "InvitationFactory",
    "LearningEnvironmentFactory",
    "NotificationFactory",
    "NotificationPreferenceFactory",
    "OutboxMessageFactory",
    "PartyFactory",
    "PlacementAgreementFactory",
    "PlacementBuilder",
    "PlacementCommentFactory",
    "PlacementFactory",
    "PlacementInstalmentFactory",
    "PlacementQualificationUnitFactory",
    "PlacementSignatureFactory",
    "PlacementStepFactory",
    "QualificationUnitFactory",
    "QuotaAllocationFactory",
    "QuotaFactory",
    "SignatureFactory",
    "StaffExchangeFactory",
    "ThrottleKeyFactory",
    "UnitFactory",
    "UserFactory",
    "UserSessionFactory",
    "business_id",
    "coordinator_of",
    "days_from_today",
    "to_studies_terms",
    "workshop_period_terms",
]
