"""The catalogue's search, a report's page, and the workshop coordinators' forms."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.catalogue import extension_points, queries, service
from portal.catalogue.blueprint import bp
from portal.catalogue.forms import QualificationUnitForm, ReportForm
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.catalogue.policy import may_report_on
from portal.core.authz import EDIT, authorize, get_or_404
from portal.core.dates import today
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.params import id_arg
from portal.parties.labels import UNIT_KIND_LABELS
from portal.parties.models import Unit


def _to_report(environment: LearningEnvironment) -> ResponseReturnValue:
    return redirect(url_for("catalogue.detail", report_id=environment.id), 303)


def _criteria() -> queries.Criteria:
    return queries.Criteria(
        query=request.args.get("q", "").strip()[:100],
        field=request.args.get("field", "").strip()[:100],
        locality=request.args.get("locality", "").strip()[:100],
        party_id=id_arg("party"),
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    criteria = _criteria()
    localities, parties = queries.filter_choices(current_user)
    found = queries.search_catalogue(current_user, criteria)
    return render(
        "catalogue/index.html",
        block="results",
        criteria=criteria,
        page=found.page,
        results=found.results,
        localities=localities,
        parties=parties,
        own_units=queries.own_units(current_user),
        review_months=service.review_months(),
    )


def _get_report(report_id: int) -> LearningEnvironment:
    return get_or_404(
        LearningEnvironment,
        report_id,
        options=[
            selectinload(LearningEnvironment.unit).selectinload(Unit.party),
            selectinload(LearningEnvironment.qualification_units),
        ],
    )


@bp.get("/reports/<int:report_id>")
def detail(report_id: int) -> ResponseReturnValue:
    environment = _get_report(report_id)
    return render(
        "catalogue/detail.html",
        environment=environment,
        contacts=queries.contacts_for(environment),
        review_months=service.review_months(),
        unit_labels=UNIT_KIND_LABELS,
    )


def _report_details(form: ReportForm) -> service.ReportDetails:
    return service.ReportDetails(
        work_description=form.work_description.data,
        capacity=form.capacity.data,
        reported_on=form.reported_on.data,
        author=form.author.data,
    )


@bp.route("/units/<int:unit_id>/report", methods=["GET", "POST"])
def create(unit_id: int) -> ResponseReturnValue:
    unit = get_or_404(Unit, unit_id, options=[selectinload(Unit.party)])
    if not may_report_on(current_user, unit):
        abort(403)
    form = ReportForm()
    if request.method == "GET":
        form.author.data = current_user.name
        form.reported_on.data = today()
    return _report_form(form, unit, None)


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
def edit(report_id: int) -> ResponseReturnValue:
    environment = _get_report(report_id)
    authorize(EDIT, environment)
    form = ReportForm(obj=environment) if request.method == "GET" else ReportForm()
    return _report_form(form, environment.unit, environment)


def _report_form(
    form: ReportForm, unit: Unit, environment: LearningEnvironment | None
) -> ResponseReturnValue:
    """The report's form: a new draft on ``unit``, or ``environment``'s report changed."""
    if form.validate_on_submit():
        with changes(form) as change:
            if environment is None:
                saved = service.create_report(current_user, unit, _report_details(form))
            else:
                saved = environment
                service.update_report(current_user, environment, _report_details(form))
        if change.ok:
            if environment is None:
                flash(
                    _("The report has been saved as a draft. Add the qualification units."),
                    "success",
                )
                return redirect(url_for("catalogue.add_unit", report_id=saved.id), 303)
            flash(_("The report has been saved."), "success")
            return _to_report(saved)
    return render(
        "catalogue/report_form.html",
        form=form,
        unit=unit,
        environment=environment,
        status_code=form.status,
    )


@bp.post("/reports/<int:report_id>/<any(publish, unpublish):action>")
def change_state(report_id: int, action: str) -> ResponseReturnValue:
    environment = _get_report(report_id)
    authorize(EDIT, environment)
    with changes():
        state = service.change_state(current_user, environment, action)
    if state == service.ReportState.PUBLISHED:
        flash(_("The report has been published in the catalogue."), "success")
    else:
        flash(_("The report is a draft again: only your workshop sees it."), "success")
    return _to_report(environment)


def _unit_details(form: QualificationUnitForm) -> service.UnitDetails:
    return service.UnitDetails(
        qualification=form.qualification.data,
        name=form.name.data,
        code=form.code.data or "",
        can_host_demonstration=form.can_host_demonstration.data,
        can_issue_certificate=form.can_issue_certificate.data,
    )


@bp.route("/reports/<int:report_id>/units/new", methods=["GET", "POST"])
@bp.route("/reports/<int:report_id>/units/<int:unit_id>/edit", methods=["GET", "POST"])
def add_unit(report_id: int, unit_id: int | None = None) -> ResponseReturnValue:
    environment = _get_report(report_id)
    qualification_unit = None
    if unit_id is not None:
        qualification_unit = get_or_404(QualificationUnit, unit_id)
        if qualification_unit.environment_id != environment.id:
            abort(404)
    authorize(EDIT, environment)
    if request.method == "GET" and qualification_unit is not None:
        form = QualificationUnitForm(obj=qualification_unit)
    else:
        form = QualificationUnitForm()
        if request.method == "GET" and environment.qualification_units:
            # The next unit is most often of the same qualification.
            form.qualification.data = environment.qualification_units[-1].qualification
    if form.validate_on_submit():
        with changes(form) as change:
            service.save_qualification_unit(
                current_user, environment, qualification_unit, _unit_details(form)
            )
        if change.ok:
            flash(_("%(name)s has been saved.", name=form.name.data), "success")
            if form.submit_another.data:
                return redirect(url_for("catalogue.add_unit", report_id=environment.id), 303)
            return _to_report(environment)
    return render(
        "catalogue/unit_form.html",
        form=form,
        environment=environment,
        qualification_unit=qualification_unit,
        qualifications=queries.qualification_names(),
        status_code=form.status,
    )


@bp.post("/reports/<int:report_id>/units/<int:unit_id>/delete")
def delete_unit(report_id: int, unit_id: int) -> ResponseReturnValue:
    environment = _get_report(report_id)
    qualification_unit = get_or_404(QualificationUnit, unit_id)
    if qualification_unit.environment_id != environment.id:
        abort(404)
    authorize(EDIT, qualification_unit)
    with changes():
        service.delete_qualification_unit(current_user, qualification_unit)
    flash(_("%(name)s has been removed from the report.", name=qualification_unit.name), "success")
    return _to_report(environment)


@bp.app_template_global()
def period_request_url(
    environment: LearningEnvironment, qualification_unit: QualificationUnit | None = None
) -> str | None:
    """Where the reader starts a workshop-period request from the report, if they may."""
    return extension_points.period_request_url()(environment, qualification_unit)
