"""Downloads of the registry's stored files: charters and uploaded member lists.

Files are never served from MEDIA_URL; each download finds its record through what the reader
may see and answers 404 otherwise (chanjiao.core.uploads).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path

from chanjiao.accounts.permissions import can_edit_body
from chanjiao.core.uploads import private_file_response

from .models import Charter, ImportJob
from .selectors import visible_bodies


def charter_file(request, pk: int):
    """A charter's file: whoever may see the body."""
    charter = get_object_or_404(
        Charter.objects.select_related("body"), pk=pk, body__in=visible_bodies(request.user)
    )
    return private_file_response(
        charter.file, download_name=f"{charter.body.name}-章程-{charter.version}"
    )


def import_file(request, pk: int):
    """An uploaded member list (it holds contacts): the body's secretariat, its uploader and
    admins only; 404 for anyone else, so its existence is not revealed either."""
    job = get_object_or_404(ImportJob.objects.select_related("body"), pk=pk)
    if not (
        can_edit_body(request.user, job.body)
        or (request.user.is_authenticated and job.created_by_id == request.user.pk)
    ):
        raise Http404
    return private_file_response(job.file, download_name=job.original_name or f"import-{job.pk}")


urlpatterns = [
    path("charters/<int:pk>/file/", charter_file, name="charter_file"),
    path("imports/<int:pk>/file/", import_file, name="member_import_file"),
]
