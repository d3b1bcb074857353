"""Staff fallback for the review queue (read mostly: reviewing happens on the review page)."""

from django.contrib import admin

from .models import Article, IngestBatch, Proposal


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    fields = ["kind", "order", "data", "decision", "target_id", "confidence", "saved_id"]
    readonly_fields = ["confidence", "saved_id"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "input", "published", "created_by", "created_at"]
    list_filter = ["status", "input"]
    search_fields = ["title", "source_url", "original_name"]
    raw_id_fields = ["batch", "body", "event", "duplicate_of"]
    readonly_fields = ["raw_hash", "content_hash", "created_at", "updated_at"]
    inlines = [ProposalInline]


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status"]
