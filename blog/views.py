from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from .models import POSTS_PER_PAGE, BlogIndexPage, BlogPage, post_listing

MAX_QUERY_LENGTH = 200


def search(request):
    """Search the site's live posts with Wagtail search (the database backend by default)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
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
