import json

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl

from ..embeds import offline_embed_html
from ..images import render_picture
from ..seo import share_image, structured_data

register = template.Library()

# Characters that could end a <script> element early or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def offline_embed(url):
    """`{% offline_embed value.url %}`: an embed block's player or link, with no request to the
    provider while the page renders (see blog.embeds.offline_embed_html)."""
    # The HTML is the site's own player markup, or what Wagtail stored from the provider.
    return mark_safe(offline_embed_html(url)) if url else ""  # noqa: S308


@register.simple_tag
def picture_preset(image, preset, **attrs):
    """`{% picture_preset page.feature_image "feature" alt=page.feature_alt_text %}`: see
    blog.images.PRESETS. Renders nothing when there is no image."""
    if not image:
        return ""
    # Attribute values come from editors (alt text): Picture escapes them through flatatt.
    return mark_safe(render_picture(image, preset, **attrs))  # noqa: S308


@register.simple_tag(takes_context=True)
def share_image_url(context, image):
    """The absolute URL of the image used when a page is shared, or "" without one."""
    return share_image(context["request"], image)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The one address search engines should index this page under: a view may set
    `canonical_url` (tag pages do); page 2 onwards of a listing keeps its `?page=`."""
    url = context.get("canonical_url")
    if not url:
        page = context.get("page")
        if page is None or not hasattr(page, "get_full_url"):
            return ""
        url = page.get_full_url(context.get("request"))
    number = getattr(context.get("posts"), "number", 1)
    return f"{url}?page={number}" if number > 1 else url


@register.simple_tag(takes_context=True)
def json_ld(context):
    """The page's schema.org JSON-LD blocks, as <script type="application/ld+json"> elements."""
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped cannot leave the script element
        "".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(json.dumps(item, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
            )
            for item in structured_data(context)
        )
    )


@register.simple_tag(takes_context=True)
def tag_items(context, tags, blog_index=""):
    """A list's items for `tags`, each linking to its tag page under `blog_index` (with none,
    the names alone): built here rather than by a template loop, which cost more than the rest
    of a post card. The index's address is looked up once for the page being shown, and each
    tag's address once (a listing's cards share tags)."""
    if not blog_index:
        return format_html_join("", "<li>{}</li>", ((tag.name,) for tag in tags))
    urls = getattr(blog_index, "_shown_tag_urls", None)
    if urls is None:
        urls = blog_index._shown_tag_urls = {"": routablepageurl(context, blog_index, "index")}
    for tag in tags:
        if tag.slug not in urls:
            urls[tag.slug] = urls[""] + blog_index.reverse_subpage("tag", args=[tag.slug])
    return format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((urls[tag.slug], tag.name) for tag in tags)
    )


@register.simple_tag
def author_names(authors, links=False):
    """A byline's names: "A", "A and B", "A, B and C"; with `links`, each name links to the
    author's page when they have one."""
    names = [
        format_html('<a href="{}" rel="author">{}</a>', author.url, author.name)
        if links and author.url
        else conditional_escape(author.name)
        for author in authors
    ]
    if len(names) < 2:
        return mark_safe("".join(names))  # noqa: S308 - each name escaped above
    return mark_safe(f"{', '.join(names[:-1])} and {names[-1]}")  # noqa: S308 - escaped above
