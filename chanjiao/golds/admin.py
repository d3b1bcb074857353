"""Staff fallback for the five golds (read-only: writes belong to the services, which keep the
review's state machine and the change log)."""

from django.contrib import admin

from .models import GoldsCategory, GoldsNomination, GoldsProgramme


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GoldsProgramme)
class GoldsProgrammeAdmin(_ReadOnly):
    list_display = ["name", "body", "started_on"]
    list_select_related = ["body"]


@admin.register(GoldsCategory)
class GoldsCategoryAdmin(_ReadOnly):
    list_display = ["programme", "kind", "committee"]
    list_select_related = ["programme", "committee"]


@admin.register(GoldsNomination)
class GoldsNominationAdmin(_ReadOnly):
    list_display = ["name", "category", "organization", "year", "status", "level"]
    list_filter = ["status", "level", "category__kind"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["category__programme", "organization"]
