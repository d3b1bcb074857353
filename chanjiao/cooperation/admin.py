"""Staff fallback for agreements and carriers."""

from django.contrib import admin

from .models import Agreement, Carrier


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "body", "signed_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "parties__name"]
    autocomplete_fields = ["parties", "body", "event", "ceremony"]
    list_select_related = ["body"]


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "body", "founded_on", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "owners__name"]
    autocomplete_fields = ["owners", "body", "agreement", "ceremony"]
    list_select_related = ["body"]
