"""Stage 6, convert: rendered HTML becomes StreamField blocks (``document``, with a converter
per block in ``blocks`` and rich text in ``rich_text``), over a tree made safe (``html_tree``),
booking calls-to-action recognised (``booking``) and heading ids as the generator made them
(``headings``); ``state`` is one post's conversion and the rich text normaliser."""

from importer.stages.convert.document import convert_html
from importer.stages.convert.state import RichTextNormaliser

__all__ = ["RichTextNormaliser", "convert_html"]
