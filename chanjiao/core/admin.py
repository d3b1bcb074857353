"""Staff fallback: the change log, read-only."""

from django.contrib import admin

from .models import ObjectChange


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ["time", "actor_name", "action", "content_type", "object_repr", "source"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "actor_name"]
    date_hierarchy = "time"
    readonly_fields = [f.name for f in ObjectChange._meta.fields]

    # The change log is written by services only; nobody edits history.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
