"""Documents that belong to something: a placement's documents, an event's agenda and
minutes, a learning-environment report's signed copy and a party's notice of withdrawal."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.annual_calendar import extension_points as calendar
    from portal.core.extension_points import panels
    from portal.document_links import (  # noqa: F401
        consent_scans,
        for_documents,
        notice_upload,
        policy,
        templating,
        views,
    )
    from portal.document_links.blueprint import bp
    from portal.documents.extension_points import links
    from portal.parties.extension_points import notice_filing
    from portal.placements.extension_points import consent_documents

    app.register_blueprint(bp)
    # What the link packages add to the pages of the features below them.
    notice_filing.plug(notice_upload)
    links.plug(for_documents)
    consent_documents.plug(consent_scans)
    calendar.minutes_document_url.connect(templating.minutes_document_url)
    calendar.has_documents.connect(templating.has_event_documents)
    panels.add("parties.detail.withdrawal", "document_links/_withdrawal_notice.html")
    panels.add("placements.detail.documents", "document_links/_placement.html")
    panels.add("catalogue.detail.documents", "document_links/_report.html")
    panels.add("documents.form.belongs_to", "document_links/_upload_fields.html")
    panels.add("documents.index.filters", "document_links/_filter_field.html")
    panels.add("documents.detail.belongs_to", "document_links/_belongs_to.html")
    panels.add("annual_calendar.detail.agenda", "document_links/_event_agenda.html")
    panels.add("annual_calendar.detail.minutes", "document_links/_event_minutes.html")
    panels.add("annual_calendar.detail.documents", "document_links/_event_other.html")
    panels.add("annual_calendar.minutes.documents", "document_links/_minutes_page.html")
    panels.add("parties.withdrawal_form.file", "document_links/_withdrawal_file.html")
