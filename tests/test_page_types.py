"""Where each page type may live in the tree."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPage
from home.models import HomePage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_holds_only_the_blog_index(self):
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_blog_index_lives_under_home_and_holds_only_posts(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})

    def test_posts_live_only_in_a_blog_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPage, set())
        self.assertCanNotCreateAt(HomePage, BlogPage)
        self.assertCanNotCreateAt(BlogPage, BlogPage)
