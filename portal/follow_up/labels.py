"""The follow-up's words as the user reads them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.follow_up.enums import Checkpoint, Source
from portal.placements.enums import NextStep

CHECKPOINT_LABELS = {
    Checkpoint.END: _l("At the end"),
    Checkpoint.MONTHS_3: _l("3 months later"),
    Checkpoint.MONTHS_6: _l("6 months later"),
}

SITUATION_LABELS = {
    NextStep.STUDIES: _l("In studies"),
    NextStep.WORK: _l("In work"),
    NextStep.WORKSHOP: _l("In a workshop"),
    NextStep.OTHER: _l("In other services"),
    NextStep.UNKNOWN: _l("Not known"),
}

SOURCE_LABELS = {
    Source.TEAM: _l("The team"),
    Source.YOUNG_PERSON: _l("The young person"),
    Source.SCHOOL: _l("The school"),
    Source.EMPLOYER: _l("The employer"),
    Source.REGISTER: _l("A register"),
    Source.OTHER: _l("Other"),
}
