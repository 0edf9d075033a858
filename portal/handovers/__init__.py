"""The hand-over of a young person to the next service, where placements and the annual
calendar meet: the receiving person, the hand-over meeting, and the receiver's confirmation
that keeps the placement open until it is given (DESIGN §2.7)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.core.extension_points import panels
    from portal.handovers import policy, service, templating, views  # noqa: F401
    from portal.handovers.blueprint import bp
    from portal.placements import extension_points as placements

    app.register_blueprint(bp)
    placements.holds_open.connect(service.holds_open)
    placements.waiting_for.connect(service.waiting_for)
    panels.add("placements.detail.next", "handovers/_placement.html")
    panels.add("annual_calendar.detail.about", "handovers/_event.html")
