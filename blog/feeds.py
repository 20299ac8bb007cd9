"""RSS 2.0 and Atom feeds of the blog: the newest posts, each with its intro, date and link.

Feed readers read an RSS description and an Atom summary of type "html" as HTML, and many show it
without cleaning it. Every description here is the post's words as plain text, HTML-escaped, so
a "<script>" typed into an intro (or stored by an import) reads as those characters and never
becomes markup.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from wagtail.models import Site

from .booking_settings import BookingSettings
from .models import BlogIndexPage

FEED_LENGTH = 20


class BlogRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request):
        # Feeds describe the blog of the site that was asked, as the page tree has it now.
        site = Site.find_for_request(request)
        blog = BlogIndexPage.objects.live().descendant_of(site.root_page).first() if site else None
        if blog is None:
            raise Http404("This site has no blog.")
        self.request = request
        self.booking_settings = BookingSettings.for_request(request)
        return blog

    def title(self, blog):
        return f"{self.booking_settings.clinic_name}: {blog.title}"

    def link(self, blog):
        return blog.get_url(self.request)

    def plain_description(self, blog):
        return blog.meta_description or f"News and advice from {self.booking_settings.clinic_name}."

    def description(self, blog):
        return escape(self.plain_description(blog))

    def items(self, blog):
        # With their bodies, which a listing leaves out: a post without an intro is described
        # by its first words.
        return blog.posts().defer(None)[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return escape(post.meta_description)

    def item_link(self, post):
        return post.get_url(self.request)

    def item_pubdate(self, post):
        # In the offset the date was written in, so its day is the post's day in the feed too.
        return post.date_as_written

    def item_updateddate(self, post):
        return post.last_published_at or post.date_as_written

    def item_author_name(self, post):
        return ", ".join(author.name for author in post.authors) or None

    def item_categories(self, post):
        return [tag.name for tag in post.tag_list]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, blog):
        # Atom's subtitle is text (Django writes it without type="html"): not escaped twice.
        return self.plain_description(blog)


# A Feed keeps the request on itself while it renders, so each request gets its own instance
# rather than sharing one between threads.
def rss_feed(request):
    return BlogRssFeed()(request)


def atom_feed(request):
    return BlogAtomFeed()(request)
