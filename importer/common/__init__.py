"""The values every part of the importer passes along: a post on its way through the stages
(``PostDraft``, ``SourcePost``), what a caller asks of a run and what the run resolved
(``ImportRequest``, ``RunOptions``), what happened to each post (``PostResult``, ``PostStatus``,
``PostWarning``), and the errors that stop one post. Nothing here reads a file or the database.
"""

from importer.common.errors import ImporterError, NotAPost
from importer.common.options import (
    MAX_POST_CPU_SECONDS,
    MAX_POST_SIZE,
    ImportRequest,
    RunOptions,
)
from importer.common.post import (
    ImageRef,
    Normaliser,
    PostAuthor,
    PostDraft,
    Repair,
    SourcePost,
)
from importer.common.results import PostResult, PostStatus, PostWarning, WarningCode

__all__ = [
    "MAX_POST_CPU_SECONDS",
    "MAX_POST_SIZE",
    "ImageRef",
    "PostAuthor",
    "ImportRequest",
    "ImporterError",
    "Normaliser",
    "NotAPost",
    "PostDraft",
    "PostResult",
    "PostStatus",
    "PostWarning",
    "Repair",
    "RunOptions",
    "SourcePost",
    "WarningCode",
]
