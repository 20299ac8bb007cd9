"""The blog's routing reads view restrictions in the query that fetches a page; every way a
restriction can reach a page (its own, its blog index's, the home page's, through an alias)
still asks for the password."""

import pytest
from wagtail.models import PageViewRestriction

PASSWORD_FORM = 'name="password"'


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="stones"
    )


def asks_for_password(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return PASSWORD_FORM in response.content.decode()


@pytest.mark.parametrize("on", ["post", "blog", "home"])
def test_a_restriction_on_the_page_or_an_ancestor_protects_the_post(
    client, site_tree, make_post, on
):
    post = make_post(title="Members only")
    other = make_post(title="Open to all")
    restrict({"post": post, "blog": site_tree.blog, "home": site_tree.home}[on])

    assert asks_for_password(client, post.url)
    assert asks_for_password(client, "/blog/") is (on != "post")
    assert asks_for_password(client, other.url) is (on != "post")
    assert asks_for_password(client, "/") is (on == "home")


def test_an_unrestricted_post_is_served_and_a_new_restriction_applies_at_once(client, make_post):
    post = make_post(title="Members only")
    assert not asks_for_password(client, post.url)
    restriction = restrict(post)
    assert asks_for_password(client, post.url)
    restriction.delete()
    assert not asks_for_password(client, post.url)


def test_a_restriction_on_the_page_an_ancestor_copies_applies_to_its_alias(
    client, site_tree, make_post
):
    """An alias of the blog index (elsewhere in the tree) keeps its source's restriction."""
    post = make_post(title="Members only")
    restrict(site_tree.blog)
    alias = site_tree.blog.create_alias(
        parent=site_tree.home, update_slug="journal", recursive=True
    )
    alias_post = alias.get_children().get()
    assert alias_post.specific.alias_of_id == post.pk
    assert asks_for_password(client, "/journal/")
    assert asks_for_password(client, "/journal/members-only/")
