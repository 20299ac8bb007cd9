"""The site's URLs plus its uploaded media, so the live server the browser visits serves
pictures too (the project's own URLs leave media to the web server outside development)."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + [
    path("", include("config.urls")),
]
