from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from blog.blocks import BookingCTABlock
from blog.models import BlogIndexPage, BlogPage, post_listing
from blog.routing import ViewRestrictionsFromRouting, view_restricted

LATEST_POSTS = 3


class HomePage(ViewRestrictionsFromRouting, Page):
    hero_heading = models.CharField(max_length=255, default="Registered massage therapy")
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_to_action = StreamField(
        [("booking_cta", BookingCTABlock())],
        blank=True,
        max_num=1,
        help_text="Leave empty to show the default booking buttons from Booking settings.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        FieldPanel("call_to_action"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """The blog's address is its slug under the home page: the blog index is fetched in one
        query, where Wagtail's routing fetches a generic page and then the index."""
        if path_components:
            found = BlogIndexPage.objects.child_of(self).filter(slug=path_components[0])
            index = first(found.annotate(view_restricted=view_restricted(self)))
            if index is not None:
                index._cached_parent_obj = self
                return index.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = first(BlogIndexPage.objects.live().child_of(self))
        return context

    def latest_posts(self):
        posts = post_listing(BlogPage.objects.live().descendant_of(self))
        return posts.order_by("-date", "-pk")[:LATEST_POSTS]

    @property
    def share_image(self):
        return self.hero_image

    @property
    def meta_description(self):
        return self.search_description or self.hero_text


def first(pages):
    """The first of `pages` in no particular order (there is one blog index), or None:
    ``.first()`` would order them, and Django then hashes every selected column of the query
    to match it against the ordering, which cost more than the query's SQL."""
    return next(iter(pages.order_by()[:1]), None)
