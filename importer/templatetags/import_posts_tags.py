"""Filters of the admin's import pages."""

from django import template

from importer.admin_import.display import breakable_path as breakable

register = template.Library()


@register.filter
def breakable_path(path: str) -> str:
    """A file's path that wraps after its slashes, never inside a name."""
    return breakable(path)
