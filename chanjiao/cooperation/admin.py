"""Staff fallback for agreements and carriers."""

from django.contrib import admin

from .models import Agreement, AgreementDocument, Carrier, CarrierFigure, CarrierMilestone


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "body", "signed_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "parties__name"]
    autocomplete_fields = ["parties", "body", "event", "ceremony"]
    list_select_related = ["body"]


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "body", "founded_on", "state", "level", "city"]
    list_filter = ["kind", "state", "level"]
    search_fields = ["name", "owners__name"]
    autocomplete_fields = ["owners", "body", "agreement", "ceremony"]
    list_select_related = ["body"]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(admin.ModelAdmin):
    list_display = ["agreement", "version", "original_name", "uploaded_at"]
    raw_id_fields = ["agreement", "uploaded_by"]


@admin.register(CarrierMilestone)
class CarrierMilestoneAdmin(admin.ModelAdmin):
    list_display = ["carrier", "kind", "due_on", "done_on", "level"]
    list_filter = ["kind"]
    raw_id_fields = ["carrier", "recorded_by"]


@admin.register(CarrierFigure)
class CarrierFigureAdmin(admin.ModelAdmin):
    list_display = ["carrier", "year", "students", "courses", "teachers", "equipment_value"]
    raw_id_fields = ["carrier"]
