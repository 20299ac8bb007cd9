"""However many tags an editor gives a post, every page that lists it answers."""

from taggit.models import Tag

from blog.models import BlogPageTag

TAGS = 1_200


def test_a_post_with_a_thousand_tags_is_listed_everywhere(client, make_post, site_tree):
    post = make_post(title="Tagged to excess", tags=["stones"])
    tags = Tag.objects.bulk_create(Tag(name=f"tag {n}", slug=f"tag-{n}") for n in range(TAGS))
    BlogPageTag.objects.bulk_create(BlogPageTag(content_object=post, tag=tag) for tag in tags)

    for url in (
        "/",
        "/blog/",
        "/blog/tags/stones/",
        "/blog/tags/tag-7/",
        post.url,
        "/feed/",
        "/feed/atom/",
        "/search/?q=excess",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
