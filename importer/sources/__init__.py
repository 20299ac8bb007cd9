"""Finding the posts of what a run is given: an old site's root (its generator, posts, drafts
and picture folders detected: ``site``), or folders and files of posts (``plan``), and for each
file found, whether it is a post and why not (``posts``, the one answer ``--analyze``, the import
and the admin's preview all give). Nothing here writes, or reads outside the folders given.
"""

from importer.sources.plan import SourcePlan, find_sources, plan_sources
from importer.sources.posts import LISTED_TWICE, outside_sources, source_key, why_not_a_post
from importer.sources.site import LeftOut, Site, detect_site

__all__ = [
    "LISTED_TWICE",
    "LeftOut",
    "Site",
    "SourcePlan",
    "detect_site",
    "find_sources",
    "outside_sources",
    "plan_sources",
    "source_key",
    "why_not_a_post",
]
