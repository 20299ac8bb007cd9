import datetime as dt
import math
import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from page_cache.store import kept_until_purged, mark_page_number

from .blocks import BlogStreamBlock, rich_text_words

# Imported so it loads with the app's models (Django imports models.py); code outside the app
# imports it from here.
from .booking_settings import BookingSettings as BookingSettings
from .forms import BlogPageForm
from .images import prefetch_image
from .panels import DateAsWrittenPanel, ImportRecordPanel
from .routing import (
    NEIGHBOUR_FIELDS,
    ViewRestrictionsFromRouting,
    has_co_authors,
    neighbour,
    neighbours,
    view_restricted,
)
from .text import intro_repeats_opening

POSTS_PER_PAGE = 10
# An unhurried adult reading pace; what "5 min read" is measured in.
WORDS_PER_MINUTE = 200
META_DESCRIPTION_LENGTH = 160
# A listing's page number as its own links write it: no sign, no leading zero, nothing else.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class CountedPaginator(Paginator):
    """A paginator told how many objects there are, which Django's would count itself."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def post_listing(queryset):
    """`queryset` of posts with everything a post card shows fetched up front: authors, tags and
    the feature image's card renditions, so a listing costs the same few queries at any length.
    The body, which a card never shows, is left in the database: reading it meant decoding
    every listed post's JSON."""
    return (
        queryset.defer("body")
        .select_related("author")
        .prefetch_related(
            # The tags joined to their posts' tagged items in one query: "tagged_items__tag"
            # would fetch the tags by a list of every id, and one post's thousand tags make a
            # list that SQLite refuses ("Expression tree is too large").
            Prefetch("tagged_items", queryset=BlogPageTag.objects.select_related("tag")),
            # The co-authors with their names in one query, however many posts have any.
            Prefetch("co_authors", queryset=BlogPageCoAuthor.objects.select_related("author")),
            prefetch_image("feature_image", "card"),
        )
    )


class Author(models.Model):
    name = models.CharField(max_length=255, unique=True)
    bio = models.TextField(blank=True, help_text="A sentence or two shown under their posts.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(
        "Link",
        max_length=500,
        blank=True,
        help_text="Their profile or home page: their name links to it under their posts.",
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("photo"), FieldPanel("url")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPageCoAuthor(Orderable):
    """A post's authors after its first (``BlogPage.author``), in the order its byline names
    them."""

    page = ParentalKey("blog.BlogPage", related_name="co_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "co-author"


class BlogIndexPage(ViewRestrictionsFromRouting, RoutablePageMixin, Page):
    """The list of posts, newest first, ten to a page, with a page per tag."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "blog index"

    def posts(self):
        return post_listing(BlogPage.objects.live().descendant_of(self)).order_by("-date", "-pk")

    def route(self, request, path_components):
        """A post's address is its slug under the index: the post, its author and its feature
        picture are fetched in one query, where Wagtail's routing would fetch a generic page,
        then the post, then each of the others; the feature picture's renditions then come
        from Wagtail's rendition cache once any page has shown them. The index's own routes
        still come first, as RoutablePageMixin has them."""
        if len(path_components) == 1 and not self.is_own_route(path_components[0]):
            try:
                posts = BlogPage.objects.child_of(self).select_related("author", "feature_image")
                posts = posts.annotate(
                    view_restricted=view_restricted(self),
                    has_co_authors=has_co_authors(),
                    **neighbours(self),
                )
                post = posts.get(slug=path_components[0])
            except BlogPage.DoesNotExist:
                pass  # not a post: Wagtail looks for any other child, else answers 404
            else:
                post._cached_parent_obj = self
                return post.route(request, [])
        return super().route(request, path_components)

    def is_own_route(self, segment):
        try:
            self.resolve_subpage(f"/{segment}/")
        except Http404:
            return False
        return True

    @property
    def meta_description(self):
        # As text: an intro's "&amp;" is "&" in a meta tag or a feed, which escape it themselves.
        return self.search_description or rich_text_words(self.intro)

    def paginate(self, request, posts, listing=""):
        """The page of `posts` that `?page=` asks for (the first without one). Any other value,
        or a number past the last page, answers 404: every address a listing answers is one
        of its real pages, which the page cache then stores under it.

        How many posts there are is kept in the cache until a page is next published,
        unpublished, moved or deleted (`listing` names the list): counting them visits every
        post, on every view of every page of the list."""
        count = kept_until_purged(
            f"blog:post-count:{self.pk}:{listing}", lambda: posts.order_by().count()
        )
        paginator = CountedPaginator(posts, POSTS_PER_PAGE, count)
        number = request.GET.get("page", "1")
        if not PAGE_NUMBER.fullmatch(number):
            raise Http404("No such page of posts.")
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger):
            raise Http404("No such page of posts.") from None
        mark_page_number(request, page.number)
        return page

    @path("")
    def index(self, request):
        return self.render(
            request, context_overrides={"posts": self.paginate(request, self.posts())}
        )

    @path("tags/<str:tag>/", name="tag")
    def tag(self, request, tag):
        tag = get_object_or_404(Tag, slug=tag)
        posts = self.posts().filter(tags=tag)
        tag_url = self.get_full_url(request) + self.reverse_subpage("tag", args=[tag.slug])
        return self.render(
            request,
            context_overrides={
                "posts": self.paginate(request, posts, listing=f"tag:{tag.pk}"),
                "tag": tag,
                "canonical_url": tag_url,
            },
        )


class BlogPage(ViewRestrictionsFromRouting, Page):
    date = models.DateTimeField(
        "Publication date", default=timezone.now, help_text="Posts are listed newest first."
    )
    # Not in the editor: an editor sets the date in the site's time zone, and doing so
    # clears it (BlogPageForm).
    date_utc_offset = models.SmallIntegerField(
        "UTC offset of the date",
        null=True,
        blank=True,
        editable=False,
        help_text="Minutes east of UTC that an imported post's date was written in: the post "
        "shows the day it was there. Empty: the site's time zone.",
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    intro = models.TextField(
        blank=True,
        help_text="A sentence or two for the blog index; shown above the post too, unless its "
        "first paragraph starts with the same words.",
    )
    feature_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feature_image_alt = models.CharField(
        "Feature image alt text",
        max_length=512,
        blank=True,
        help_text="Describe the picture; leave empty to use the image's own title.",
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    body = StreamField(BlogStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("author"),
                InlinePanel("co_authors", label="More authors", heading="More authors"),
                FieldPanel("tags"),
            ],
            heading="About the post",
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("feature_image"), FieldPanel("feature_image_alt")],
            heading="Feature image",
        ),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel(
                    "search_description",
                    help_text="Shown by search engines and in shared links. Leave empty to use "
                    "the intro.",
                ),
            ],
            heading="Search engines and sharing",
        ),
        HelpPanel(
            "Shared links (Facebook, X, messages) show the title, this description and the "
            "feature image."
        ),
    ]
    # When the post is dated and when it goes live, side by side.
    settings_panels = [
        FieldPanel("date"),
        DateAsWrittenPanel(),
        PublishingPanel(),
        ImportRecordPanel(heading="Imported from"),
    ]
    # Spelled out (Wagtail would build the same tabs) so the three groups editors see are
    # visible here, and a new group is one more ObjectList.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author_names"),
        index.FilterField("date"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    base_form_class = BlogPageForm

    @classmethod
    def get_indexed_objects(cls):
        # The search index reads each post's authors' names: fetched with the posts, not a
        # query a post.
        return (
            super()
            .get_indexed_objects()
            .select_related("author")
            .prefetch_related("co_authors__author")
        )

    class Meta:
        verbose_name = "blog post"
        # Listings, feeds and a post's newer/older links want posts newest first: with this the
        # database reads the first ten in order instead of sorting every post
        # (docs/performance.md).
        indexes = [models.Index(fields=["date", "page_ptr"], name="blog_post_date")]

    @property
    def date_as_written(self) -> dt.datetime:
        """The publication date in the UTC offset it was written in (imported posts), else in
        the site's time zone: its day is the day the post shows, in pages, feeds and JSON-LD."""
        if self.date_utc_offset is None:
            return timezone.localtime(self.date)
        return self.date.astimezone(dt.timezone(dt.timedelta(minutes=self.date_utc_offset)))

    @property
    def publication_day(self) -> dt.date:
        """The day the post shows (a date, so templates don't move it to the site's zone)."""
        return self.date_as_written.date()

    @property
    def feature_alt_text(self):
        if self.feature_image_alt:
            return self.feature_image_alt
        return self.feature_image.title if self.feature_image else ""

    @cached_property
    def authors(self):
        """The post's authors in byline order: its author, then its co-authors (from a
        listing's prefetch when there is one)."""
        first = [self.author] if self.author_id else []
        links = getattr(self, "_prefetched_objects_cache", {}).get("co_authors")
        if getattr(self, "has_co_authors", None) is False:  # known from the routing query
            links = []
        elif links is None:
            links = self.co_authors.select_related("author")
        return first + [link.author for link in links]

    def author_names(self):
        """The authors' names, as search indexes them."""
        return ", ".join(author.name for author in self.authors)

    @cached_property
    def blog_index(self):
        return self.get_parent().specific

    @cached_property
    def tag_list(self):
        """The post's tags: from a listing's prefetch of `tagged_items` (with their tags) when
        there is one (`tags.all()` would ask the database again for every card), else in one
        query."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("tagged_items")
        if prefetched is not None:
            return [item.tag for item in prefetched]
        return list(self.tags.all())

    @cached_property
    def intro_repeated_in_body(self):
        """The page leaves out an intro that its body's opening already says (old sites often
        printed an excerpt and then the post from its start, or after a note); the intro stays
        the post's summary in lists, feeds and search."""
        return bool(self.intro) and intro_repeats_opening(self.intro, self.body.raw_data)

    @property
    def share_image(self):
        return self.feature_image

    @property
    def share_image_alt(self):
        return self.feature_alt_text

    @property
    def meta_description(self):
        if self.search_description:
            return self.search_description
        if self.intro:
            return self.intro
        # Straight from the stored paragraphs: building the body's block values would fetch its
        # pictures, once per post in a feed.
        # As text: "&lt;" in a paragraph is a "<" typed by the author, which whoever prints the
        # description escapes again.
        text = " ".join(
            rich_text_words(block["value"])
            for block in self.body.raw_data
            if block["type"] == "paragraph" and isinstance(block["value"], str)
        )
        return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)

    def body_text(self):
        """The words of every body block, as a search index reads them."""
        return self.body.stream_block.get_searchable_content(self.body)

    @cached_property
    def word_count(self):
        return sum(len(text.split()) for text in [self.intro, *self.body_text()])

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        older_post, newer_post = self.neighbours()
        context.update(
            blog_index=self.blog_index,
            tags=self.tag_list,
            newer_post=newer_post,
            older_post=older_post,
            # A post without its own booking block still ends with the clinic's default one.
            has_booking_cta=any(block.block_type == "booking_cta" for block in self.body),
        )
        return context

    def neighbours(self):
        """The older and the newer post, as ``Neighbour``s or None: read from the post's own
        row when the blog index routed to it, else in one query."""
        if not hasattr(self, "older_post"):
            post = BlogPage.objects.filter(pk=self.pk).annotate(**neighbours(self.get_parent()))
            self.__dict__.update(post.values(*NEIGHBOUR_FIELDS).get())
        return neighbour(self.older_post), neighbour(self.newer_post)
