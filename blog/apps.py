from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import Author, BookingSettings
        from .page_cache import purge_page_cache

        # Purge the full-page cache on anything a visitor sees on a cached page: pages published,
        # unpublished, moved or deleted (drafts don't count), the booking settings in every header
        # and footer, authors' names on posts, the sites that map hostnames to pages, and
        # privacy settings (a page made private must stop being served from the cache).
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_page_cache, dispatch_uid="page_cache")
        post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="page_cache")
        for model in (BookingSettings, Author, Site, PageViewRestriction):
            post_save.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
            post_delete.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
