"""Staff fallback for the registry. Day-to-day edits go through the web pages (and the log)."""

from django.contrib import admin

from . import models


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region", "credit_code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "english_name", "aliases", "credit_code"]


class PositionInline(admin.TabularInline):
    model = models.Position
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "english_name"]
    search_fields = ["name", "english_name", "positions__title"]
    inlines = [PositionInline]


@admin.register(models.Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "title", "since", "until"]
    search_fields = ["person__name", "organization__name", "title"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]


class DeclaredCountInline(admin.TabularInline):
    model = models.DeclaredCount
    extra = 0


class TermInline(admin.TabularInline):
    model = models.Term
    extra = 0


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "region", "founded_on", "status", "is_published"]
    list_filter = ["kind", "level", "status", "is_published"]
    search_fields = ["name", "short_name", "english_name", "aliases"]
    autocomplete_fields = ["approved_by", "parent"]
    inlines = [DeclaredCountInline, TermInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "body", "role", "term", "since", "until"]
    list_filter = ["role", "body"]
    search_fields = ["organization__name", "body__name"]
    autocomplete_fields = ["organization", "body"]
    list_select_related = ["organization", "body", "term"]


class CommitteeSeatInline(admin.TabularInline):
    model = models.CommitteeSeat
    extra = 0
    autocomplete_fields = ["person", "organization"]


@admin.register(models.Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "kind", "term", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]
    inlines = [CommitteeSeatInline]


@admin.register(models.Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "version", "adopted_on"]
    search_fields = ["title", "body__name", "version"]
    autocomplete_fields = ["body"]


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "number", "starts_on", "ends_on"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]
