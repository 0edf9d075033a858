"""Who may read the operator's pages: /metrics and the details of the health checks."""

from __future__ import annotations

import ipaddress

from flask import current_app

from portal.core.net import client_address


def operator_address() -> bool:
    """Is the client (as the portal sees it behind its trusted proxies) in an allowed network?"""
    try:
        address = ipaddress.ip_address(client_address())
    except ValueError:
        return False
    for network in current_app.config["METRICS_ALLOWED"]:
        if address in ipaddress.ip_network(network, strict=False):
            return True
    return False
