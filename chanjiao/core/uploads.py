"""Uploaded files (上传文件): stored under names nobody can guess, served only through views that
check the reader.

MEDIA_ROOT is never served as a directory. Each app that stores files has a view that finds
the owning record through a selector scoped to the reader (404 if the reader may not see it),
checks any further right, and answers with :func:`private_file_response`.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")


@deconstructible
class PrivateUploadTo:
    """``upload_to`` for a FileField: ``<prefix>/<random hex>.<ext>``.

    The uploader's file name and the upload time are not part of the stored name (they would
    make it guessable and can carry personal data); keep the original name in a field of its
    own where it matters.
    """

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename or "").suffix.lower()
        if not _SAFE_SUFFIX.match(suffix):
            suffix = ""
        return f"{self.prefix}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix


def private_file_response(file: FieldFile, *, download_name: str) -> FileResponse:
    """The stored ``file`` as a download named ``download_name``.

    Always an attachment with ``X-Content-Type-Options: nosniff``, so an uploaded HTML or SVG
    file is never rendered in the site's origin; not cached by shared caches.
    """
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    suffix = PurePath(file.name).suffix
    name = download_name if download_name.endswith(suffix) else f"{download_name}{suffix}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
