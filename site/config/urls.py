from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog import feeds, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.rss_feed, name="blog_feed_rss"),
    path("feed/atom/", feeds.atom_feed, name="blog_feed_atom"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from config.media import media_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += media_urlpatterns()

# Wagtail serves every path the patterns above don't claim, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
