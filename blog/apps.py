from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from page_cache.store import purge_page_cache


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # The page cache purges on Wagtail's page and site changes (page_cache.apps); these are
        # the blog's own models that every cached page shows: the booking settings in every
        # header and footer, and authors' names on posts. Named by label, which Django resolves
        # once the models are loaded.
        for model in ("blog.BookingSettings", "blog.Author"):
            post_save.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
            post_delete.connect(purge_page_cache, sender=model, dispatch_uid="page_cache")
