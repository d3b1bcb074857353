"""Staff fallback for roles, contacts and API tokens."""

from django.contrib import admin

from .models import ApiToken, BodyRole, OrganizationContact


@admin.register(BodyRole)
class BodyRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "body__name"]
    autocomplete_fields = ["body"]
    list_select_related = ["user", "body"]


@admin.register(OrganizationContact)
class OrganizationContactAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["user", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    list_select_related = ["user"]

    # Tokens are issued from the API token page, which shows the raw value once.
    def has_add_permission(self, request):
        return False
