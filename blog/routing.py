"""What serving a page asks of the database beyond the page itself, read in the query that
routes to it: whether a view restriction applies, and a post's older and newer posts.

Wagtail reads a served page's view restrictions in two queries (its ancestors, to resolve
aliases, then the restrictions), and the post page asked two more for its neighbours and one for
its co-authors. Here they are columns of the routing query. They are written as SQL
(``RawSQL``) rather than ORM subqueries: on SQLite a round trip costs less than building the
ORM's expressions for it, and these run on every page view. The SQL uses only what SQLite
and PostgreSQL share.
"""

from collections import namedtuple

from django.db import connection
from django.db.models import BooleanField, CharField
from django.db.models.expressions import RawSQL
from wagtail.models import Page, PageViewRestriction

Neighbour = namedtuple("Neighbour", "title slug")
"""The older or newer post, as the post page links to it (its address is its slug under the
blog index)."""

NEIGHBOUR_FIELDS = ("older_post", "newer_post")
"""Each holds the post's slug, "/" and its title (a slug never holds "/"): one walk of the date
index a side, where a column each for the slug and the title walked it twice."""


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def ancestor_paths(page: Page) -> list[str]:
    """The tree paths of `page` and every page above it (Wagtail's materialised paths)."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def pages_restricted_with(page: Page) -> tuple[str, list[str]]:
    """SQL for the pages whose view restrictions apply to `page`'s children: `page` and its
    ancestors, an alias counting as the page it copies (an alias always copies an original,
    never another alias)."""
    paths = ancestor_paths(page)
    sql = (
        f"SELECT COALESCE(a.alias_of_id, a.id) FROM {table(Page)} a "
        f"WHERE a.path IN ({', '.join(['%s'] * len(paths))})"
    )
    return sql, paths


def view_restricted(parent: Page) -> RawSQL:
    """For a query of `parent`'s children: whether a view restriction applies to each, its own
    (an alias's being its original's) or one of `parent`'s and its ancestors'."""
    pages, restrictions = table(Page), table(PageViewRestriction)
    above, paths = pages_restricted_with(parent)
    sql = (
        f"EXISTS (SELECT 1 FROM {restrictions} r WHERE r.page_id = {pages}.id "
        f"OR r.page_id = {pages}.alias_of_id OR r.page_id IN ({above}))"
    )
    return RawSQL(sql, paths, output_field=BooleanField())


def neighbours(index: Page) -> dict[str, RawSQL]:
    """For a query of posts under `index`: the slug and title of each one's older and newer
    live post (``NEIGHBOUR_FIELDS``, read with `neighbour`). Posts on the same date are ordered
    by id. Written as "on or after the date, but not an earlier id that day" rather than
    "after the date, or that day with a later id": the database then walks the date index from
    the post instead of scanning every post (docs/performance.md)."""
    from blog.models import BlogPage  # the model of the rows these columns are added to

    posts, pages = table(BlogPage), table(Page)
    walks = {
        "older": ("<=", ">=", "DESC"),
        "newer": (">=", "<=", "ASC"),
    }
    columns = {}
    for side, (beyond, not_before, order) in walks.items():
        sql = (
            f"SELECT np.slug || '/' || np.title FROM {posts} nb "
            f"INNER JOIN {pages} np ON nb.page_ptr_id = np.id "
            f"WHERE np.live AND np.depth = %s AND np.path LIKE %s "
            f"AND nb.date {beyond} {posts}.date AND NOT (nb.date = {posts}.date "
            f"AND nb.page_ptr_id {not_before} {posts}.page_ptr_id) "
            f"ORDER BY nb.date {order}, nb.page_ptr_id {order} LIMIT 1"
        )
        params = [index.depth + 1, f"{index.path}%"]
        columns[f"{side}_post"] = RawSQL(sql, params, output_field=CharField())
    return columns


def neighbour(column: str | None) -> Neighbour | None:
    """The older or newer post a `neighbours` column holds, or None when there is none."""
    if not column:
        return None
    slug, title = column.split("/", 1)
    return Neighbour(title, slug)


def has_co_authors() -> RawSQL:
    """For a query of posts: whether each has co-authors (most have none, and then the byline
    asks for none)."""
    from blog.models import BlogPage, BlogPageCoAuthor  # the models of these columns

    sql = (
        f"EXISTS (SELECT 1 FROM {table(BlogPageCoAuthor)} c "
        f"WHERE c.page_id = {table(BlogPage)}.page_ptr_id)"
    )
    return RawSQL(sql, [], output_field=BooleanField())


class ViewRestrictionsFromRouting:
    """A page whose view restrictions are read in one query (Wagtail asks two), or none when
    the routing query already found that none apply (`view_restricted`). An alias asks as
    Wagtail does."""

    def get_view_restrictions(self):
        if getattr(self, "view_restricted", None) is False:
            return PageViewRestriction.objects.none()
        if self.alias_of_id:
            return super().get_view_restrictions()
        sql, paths = pages_restricted_with(self)
        return PageViewRestriction.objects.filter(page_id__in=RawSQL(sql, paths))
