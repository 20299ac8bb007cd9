"""The run: an ``ImportRequest`` in, an ``ImportReport`` out. ``import_posts`` imports (the
command and the admin's import are thin callers of it), ``analyze`` says what an import would
do without writing anything (``--analyze``).

``toolkit`` finds the files, has ``workers`` take them through the pure stages and the writer
write them; ``report`` keeps every post's row; ``outline`` is what the analysis and the import
read of a post first; ``coverage`` measures the words that reached the page; ``spool`` keeps
prepared posts and rows on disk.
"""

from importer.run.analysis_text import summary_text
from importer.run.analyze import Analysis, analyze
from importer.run.report import ImportReport
from importer.run.toolkit import import_posts

__all__ = ["Analysis", "ImportReport", "analyze", "import_posts", "summary_text"]
