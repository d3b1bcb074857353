"""Staff fallback for talent data. Day-to-day edits go through the pages (and the log)."""

from django.contrib import admin

from . import models


@admin.register(models.MajorCategory)
class MajorCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(models.MajorClass)
class MajorClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category"]
    search_fields = ["code", "name"]
    list_select_related = ["category"]


@admin.register(models.Major)
class MajorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "category", "industry", "is_synthetic"]
    list_filter = ["level", "is_synthetic"]
    search_fields = ["code", "name", "industry"]
    list_select_related = ["category"]


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["school", "major", "name", "graduation_year", "headcount", "is_synthetic"]
    list_filter = ["graduation_year", "is_synthetic"]
    search_fields = ["name", "school__name", "major__name"]
    autocomplete_fields = ["school", "major", "body"]
    list_select_related = ["school", "major"]


@admin.register(models.Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "kind", "headcount", "status", "is_synthetic"]
    list_filter = ["kind", "status", "is_synthetic"]
    search_fields = ["title", "enterprise__name"]
    autocomplete_fields = ["enterprise", "major", "majors", "body"]
    list_select_related = ["enterprise"]


@admin.register(models.Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["display_name", "cohort", "region", "is_synthetic"]
    list_filter = ["is_synthetic"]
    search_fields = ["display_name"]
    raw_id_fields = ["cohort"]


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["student", "posting", "student_rank", "enterprise_rank", "enterprise_score"]
    raw_id_fields = ["student", "posting"]


@admin.register(models.MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "body", "mode", "status", "created_by", "created_at"]
    list_filter = ["mode", "status"]
    raw_id_fields = ["body", "created_by"]


@admin.register(models.MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin):
    list_display = ["run", "student", "posting", "score", "decision"]
    list_filter = ["decision"]
    raw_id_fields = ["run", "student", "posting"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "posting", "status", "body", "accepted_on"]
    list_filter = ["status"]
    raw_id_fields = ["student", "posting", "body", "run", "proposal"]


@admin.register(models.MatchAcceptance)
class MatchAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["pk", "run", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["run", "created_by"]
