"""Uploaded and imported media, when Django itself serves them (development).

A file in media is whatever an editor uploaded or an import brought in: an SVG or an HTML file
opened on its own would run its scripts as the site. Served with a sandbox policy it runs none,
and with nosniff a browser never reads a file as a type other than the one it is sent as. In
production the web server or object storage serves media: the README says what to send there.
"""

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def media_urlpatterns():
    """MEDIA_URL served from MEDIA_ROOT with the headers above (what Django's `static()` helper
    gives, which sends none)."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media)]
