"""Media on S3-compatible object storage, stored so that no file can act as a page of the site."""

import mimetypes

from storages.backends.s3 import S3Storage

# Types a browser opens as a document that can run script (an SVG is a drawing and a document).
ACTIVE_CONTENT_TYPES = frozenset(
    {"image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/xml"}
)


def object_parameters(name: str) -> dict[str, str]:
    """The headers object storage sends with the file `name`: its type from its name alone, never
    the type an upload claims (the uploader's browser chose it), and, for a type that can run
    script when opened, `Content-Disposition: attachment`, so opening it downloads it. Pages still
    show such a picture: an <img> is not affected by the disposition and runs no script."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    parameters = {"ContentType": content_type}
    if content_type in ACTIVE_CONTENT_TYPES:
        parameters["ContentDisposition"] = "attachment"
    return parameters


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), **object_parameters(name)}
