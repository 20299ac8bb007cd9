from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .store import purge_page_cache


class PageCacheConfig(AppConfig):
    name = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        # Purge on anything of Wagtail's a visitor sees on a cached page: pages published,
        # unpublished, moved or deleted (drafts don't count), the sites that map hostnames to
        # pages, and privacy settings (a page made private must stop being served from the
        # cache). Models are named by label, which Django resolves once they are loaded.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_page_cache, dispatch_uid="page_cache")
        post_delete.connect(purge_page_cache, sender="wagtailcore.Page", dispatch_uid="page_cache")
        for model in ("wagtailcore.Site", "wagtailcore.PageViewRestriction"):
            post_save.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
            post_delete.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
