import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from .models import POSTS_PER_PAGE, BlogIndexPage, BlogPage, post_listing

MAX_QUERY_LENGTH = 200
# Characters no one types into a search box that the search backends cannot take: control
# characters (SQLite reads a NUL as the end of the query, PostgreSQL refuses it outright) and
# double quotes (SQLite's full-text search reads one as the start of a phrase it then can't
# find the end of). Each becomes a space, so words around it stay apart.
UNSEARCHABLE = re.compile(r'[\x00-\x1f\x7f-\x9f"]')


def search_terms(query: str) -> str:
    """The words of a visitor's query as the search backend can take them: without the
    characters above, with runs of spaces as one, and at most MAX_QUERY_LENGTH characters."""
    words = UNSEARCHABLE.sub(" ", query).split()
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def search(request):
    """Search the site's live posts with Wagtail search (the database backend by default).

    Any query is answered, never with an error: it is searched as plain words (operators and
    punctuation are words too, to the backends), after `search_terms` has cleaned it."""
    query = search_terms(request.GET.get("q", ""))
    site = Site.find_for_request(request)
    blog_index = (
        BlogIndexPage.objects.live().descendant_of(site.root_page).first() if site else None
    )
    results = None
    if query:
        posts = BlogPage.objects.live()
        if site:
            posts = posts.descendant_of(site.root_page, inclusive=True)
        paginator = Paginator(post_listing(posts).search(query), POSTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "blog/search.html",
        {"query": query, "results": results, "blog_index": blog_index},
    )


def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    return TemplateResponse(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain"
    )
