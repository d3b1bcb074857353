"""Staff fallback for events."""

from django.contrib import admin

from .models import (
    AgendaItem,
    Ceremony,
    Event,
    EventOrganization,
    Registration,
    RegistrationSettings,
)


class EventOrganizationInline(admin.TabularInline):
    model = EventOrganization
    extra = 0
    autocomplete_fields = ["organization"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["speaker", "speaker_organization"]


class CeremonyInline(admin.StackedInline):
    model = Ceremony
    extra = 0
    autocomplete_fields = ["recipients"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "city", "attendance", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "theme", "venue", "city"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["bodies"]
    inlines = [EventOrganizationInline, AgendaItemInline, CeremonyInline]


@admin.register(Ceremony)
class CeremonyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "event"]
    list_filter = ["kind"]
    search_fields = ["name", "event__name"]
    autocomplete_fields = ["event", "recipients"]


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "capacity", "unit_quota", "opens_at", "closes_at", "needs_approval"]
    autocomplete_fields = ["event"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "organization", "status", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["name", "event__name", "organization__name", "ticket_code"]
    autocomplete_fields = ["event", "organization"]
    readonly_fields = ["ticket_code", "checked_in_by", "registered_by"]
