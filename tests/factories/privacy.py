"""The administrator's own parts of the privacy notice."""

from __future__ import annotations

from portal.privacy.models import NoticePart, NoticeText
from tests.factories.base import BaseFactory


class NoticeTextFactory(BaseFactory):
    """How long the data are kept, as the administrator wrote it in Finnish."""

    class Meta:
        model = NoticeText

    part = NoticePart.RETENTION
    language = "fi"
    body = "Tiedot säilytetään osapuolen arkistonmuodostussuunnitelman mukaan."
