"""The words of following up as code: the moments asked about and the sources of an answer."""

from __future__ import annotations

import enum


class Checkpoint(enum.StrEnum):
    """When the young person's situation is recorded: at the end, then 3 and 6 months later."""

    END = "end"
    MONTHS_3 = "months_3"
    MONTHS_6 = "months_6"

    @property
    def months(self) -> int:
        return {Checkpoint.END: 0, Checkpoint.MONTHS_3: 3, Checkpoint.MONTHS_6: 6}[self]


# The follow-ups asked after the end, in order.
ASKED = (Checkpoint.MONTHS_3, Checkpoint.MONTHS_6)


class Source(enum.StrEnum):
    """Where the answer came from: the partners weigh a register above hearsay."""

    TEAM = "team"
    YOUNG_PERSON = "young_person"
    SCHOOL = "school"
    EMPLOYER = "employer"
    REGISTER = "register"
    OTHER = "other"
