"""WSGI entry point (gunicorn serves ``config.wsgi:application``; see ``chanjiao serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the URLconf, and with it every view and API module, now rather than on the first
# request: with gunicorn's --preload the workers are forked with it loaded, so the first
# visitor after a start does not wait seconds for imports.
from django.db import connections  # noqa: E402
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
# Forked workers must not share a connection an import may have opened.
connections.close_all()
