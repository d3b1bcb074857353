"""Staff fallback for shared resources and bookings (read-mostly: writes belong to the
services, which keep the capacity rule and the change log)."""

from django.contrib import admin

from .models import Booking, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner", "body", "capacity_mode", "capacity", "is_active"]
    list_filter = ["kind", "capacity_mode", "audience", "is_active"]
    search_fields = ["name", "owner__name"]
    autocomplete_fields = ["owner", "body"]
    list_select_related = ["owner", "body"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["resource", "organization", "starts_at", "ends_at", "quantity", "status"]
    list_filter = ["status"]
    search_fields = ["resource__name", "organization__name", "purpose"]
    list_select_related = ["resource", "organization"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False  # requests go through booking_request (capacity, opening hours)

    def has_change_permission(self, request, obj=None):
        return False
