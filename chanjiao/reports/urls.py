"""URLs of the reports app: the landing page (its name ``home`` is the one every page and
setting uses), a body's events as .xlsx under the body's address, and the yearly collection
(年度填报) under ``collection/``."""

from django.urls import path, register_converter

from . import views, views_supervision
from . import views_annual as annual
from . import views_chains as chains
from . import views_collection as collection
from . import views_plan_parts as plan_parts
from . import views_plans as plans
from . import views_report_jobs as report_jobs


def _text(pattern: str) -> type:
    """A path converter for the text matching ``pattern``, passed on as it is."""

    class Converter:
        regex = pattern

        def to_python(self, value: str) -> str:
            return value

        def to_url(self, value: str) -> str:
            return value

    return Converter


#: A six-digit division code (行政区划代码); a kind of a plan's parts.
register_converter(_text("[0-9]{6}"), "region_code")
register_converter(_text("goal|task|target"), "plan_part")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "bodies/<int:pk>/events/export.xlsx",
        views.body_events_export,
        name="body_events_export",
    ),
    path("bodies/<int:pk>/report/<int:year>/", annual.annual_report, name="annual_report"),
    path(
        "bodies/<int:pk>/report/<int:year>/<str:fmt>/",
        annual.annual_report_download,
        name="annual_report_download",
    ),
    path(
        "bodies/<int:pk>/report/<int:year>/<str:fmt>/job/",
        report_jobs.report_job_create,
        name="report_job_create",
    ),
    path("report-jobs/<int:pk>/", report_jobs.report_job, name="report_job"),
    path(
        "report-jobs/<int:pk>/download/",
        report_jobs.report_job_download,
        name="report_job_download",
    ),
    path("supervision/", views_supervision.supervision, name="supervision"),
    path("chains/", chains.chain_alignment, name="chain_alignment"),
    path("bodies/<int:pk>/chains/new/", chains.chain_create, name="chain_create"),
    path(
        "regions/<region_code:code>/chains/new/",
        chains.region_chain_create,
        name="region_chain_create",
    ),
    path("chains/<int:pk>/edit/", chains.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/delete/", chains.chain_delete, name="chain_delete"),
    path("chains/<int:pk>/history/", chains.chain_history, name="chain_history"),
    path("bodies/<int:pk>/plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/export.xlsx", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/edit/", plan_parts.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", plan_parts.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/<plan_part:part>/add/", plan_parts.plan_part_add, name="plan_part_add"),
    path(
        "plans/<int:pk>/<plan_part:part>/<int:item>/edit/",
        plan_parts.plan_part_edit,
        name="plan_part_edit",
    ),
    path(
        "plans/<int:pk>/<plan_part:part>/<int:item>/delete/",
        plan_parts.plan_part_delete,
        name="plan_part_delete",
    ),
    path("plans/targets/<int:pk>/record/", plans.target_record, name="plan_target_record"),
    path("collection/", collection.collection_list, name="collection_list"),
    path("collection/<int:pk>/", collection.collection_round, name="collection_round"),
    path("collection/<int:pk>/lock/", collection.collection_round_lock, name="collection_lock"),
    path(
        "collection/<int:pk>/remind/", collection.collection_round_remind, name="collection_remind"
    ),
    path(
        "collection/<int:pk>/add-forms/",
        collection.collection_round_add_forms,
        name="collection_add_forms",
    ),
    path("collection/forms/<int:pk>/", collection.collection_form, name="collection_form"),
    path(
        "collection/forms/<int:pk>/return/",
        collection.collection_form_return,
        name="collection_form_return",
    ),
    path(
        "collection/forms/<int:pk>/template.xlsx",
        collection.collection_form_template,
        name="collection_form_template",
    ),
    path(
        "collection/forms/<int:pk>/upload/",
        collection.collection_form_upload,
        name="collection_form_upload",
    ),
]
