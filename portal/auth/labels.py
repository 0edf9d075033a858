"""The words the interface uses for the roles of accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.auth.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Portal administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.STAFF: _l("Staff"),
}
