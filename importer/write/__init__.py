"""Stage 7, write: the only part of the importer that touches the database.

``PostWriter`` writes a run's prepared posts under one blog index (``find_blog_index``), one
transaction each: pictures into the image library (``images``, ``assets``, ``svg``, ``fetch``),
links between posts made page links (``links``, ``link_index``, ``site_addresses``), the page
and its revision (``pages``, checked by ``validation``), redirects from old addresses and the
import record; ``caches`` and ``indexing`` keep it fast.
"""

from importer.write.assets import AssetIndex
from importer.write.blog_index import find_blog_index
from importer.write.context import WriteContext
from importer.write.writer import PostWriter

__all__ = ["AssetIndex", "PostWriter", "WriteContext", "find_blog_index"]
