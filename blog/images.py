"""Responsive pictures: the named sizes every template uses, in one place.

Templates render a preset with `{% picture_preset image "card" %}` and querysets prefetch the same
preset's renditions with `rendition_specs("card")`, so the list a template asks for and the list a
view prefetches can't drift apart (a drift would cost one query per image, silently).
"""

import logging
from dataclasses import dataclass
from pathlib import PurePath

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch
from django.forms.utils import flatatt
from django.utils.html import format_html
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture

logger = logging.getLogger(__name__)

# WebP for every current browser, JPEG for the rest; <picture> lets each pick. SVG pictures (logos,
# diagrams) stay SVG: Wagtail refuses to convert them, and they scale without help anyway.
FORMATS = "format-{webp,jpeg}|preserve-svg"
# Shared links (Open Graph, Twitter cards) want one 1.91:1 JPEG that every crawler reads.
SHARE_SPEC = "fill-1200x630|format-jpeg|preserve-svg"


@dataclass(frozen=True)
class PicturePreset:
    resize: str  # a Wagtail filter spec with brace expansion, e.g. "width-{400,800}"
    sizes: str  # the <img sizes> attribute: how wide the picture is drawn at each viewport


PRESETS = {
    # Cards sit in a grid of columns at least 18rem wide, one column on a phone.
    "card": PicturePreset("fill-{320x180,640x360,960x540}", "(min-width: 40rem) 24rem, 100vw"),
    "hero": PicturePreset("fill-{480x320,960x640,1440x960}", "(min-width: 48rem) 32rem, 100vw"),
    # The post column is at most 42rem wide.
    "feature": PicturePreset("width-{480,800,1200}", "(min-width: 44rem) 42rem, 100vw"),
    "body": PicturePreset("width-{480,800,1200}", "(min-width: 44rem) 42rem, 100vw"),
}


def rendition_specs(preset: str) -> list[str]:
    """Every rendition filter spec a preset renders, e.g. "fill-320x180|format-webp"."""
    return Filter.expand_spec([PRESETS[preset].resize, FORMATS])


def stored_specs(*specs: str) -> list[str]:
    """The filter_spec each spec's rendition of a raster image is saved under.

    Wagtail strips "preserve-svg" before saving a rendition, and prefetches match saved specs
    exactly, so a prefetch must ask for the stripped spec or it silently finds nothing."""
    return [spec.replace("|preserve-svg", "") for spec in specs]


def renditions_prefetch(*specs: str) -> Prefetch:
    """A Prefetch of an image's stored renditions at `specs`, where Wagtail's get_rendition
    looks for them (``prefetched_renditions``): for images already fetched."""
    renditions = get_image_model().get_rendition_model().objects
    return Prefetch(
        "renditions",
        queryset=renditions.filter(filter_spec__in=stored_specs(*specs)),
        to_attr="prefetched_renditions",
    )


def prefetch_image(field: str, *presets: str) -> Prefetch:
    """A Prefetch for `field` (an image foreign key) with the renditions of `presets` attached."""
    specs = stored_specs(*(spec for preset in presets for spec in rendition_specs(preset)))
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(*specs))


def renditions_or_none(image, specs: list[str]) -> dict | None:
    """`image`'s renditions at `specs` (by spec), or None when they can't be made: a file
    missing from storage, or one that isn't the picture its name says (a page behind it written
    to the library by hand, or before the importer checked pictures). A page then shows no
    picture rather than an error; the failure is logged for whoever looks after the site.
    Database errors are not a picture's fault and go on up."""
    try:
        return image.get_renditions(*specs)
    except DatabaseError:
        raise
    except Exception:  # Pillow, Willow and Wagtail each have their own ways of failing
        logger.warning(
            "Image %s (%r, file %s) could not be rendered; it is left out of the page.",
            image.pk,
            image.title,
            image.file.name,
            exc_info=True,
        )
        return None


def rendition_url(image, spec: str) -> str:
    """The URL of `image`'s rendition at `spec`, or "" when it can't be made (see
    `renditions_or_none`)."""
    renditions = renditions_or_none(image, [spec])
    # Keyed by the spec as stored, which may differ from `spec` (see `stored_specs`).
    return next(iter(renditions.values())).url if renditions else ""


def render_picture(image, preset: str, **attrs) -> str:
    """The <picture> element for `image` at `preset`, with width and height on its <img>; an
    animated GIF is its original file in an <img> (see `is_animated_gif`); "" for a picture
    that can't be rendered (see `renditions_or_none`)."""
    if is_animated_gif(image):
        return format_html(
            '<img src="{}" width="{}" height="{}"{}>',
            image.file.url,
            image.width,
            image.height,
            flatatt(attrs),
        )
    renditions = renditions_or_none(image, rendition_specs(preset))
    if not renditions:
        return ""
    return Picture(
        distinct_widths(renditions), {"sizes": PRESETS[preset].sizes, **attrs}
    ).__html__()


def distinct_widths(renditions: dict) -> dict:
    """One rendition per format and width. Wagtail never enlarges a small original, so its
    renditions for 480, 800 and 1200 pixels can all be 350 pixels wide, and a srcset that names
    one width twice is invalid HTML."""
    kept = {}
    for spec, rendition in renditions.items():
        kept.setdefault((PurePath(rendition.file.name).suffix, rendition.width), (spec, rendition))
    return dict(kept.values())


def is_animated_gif(image) -> bool:
    """Whether `image` is a GIF of several frames. Renditions keep only the first frame (Pillow,
    Willow's backend here, saves one), so such a picture is shown as it was uploaded.

    Asked of the file once per upload, then remembered in the cache: a page never opens a file
    to render, and files other than GIFs are never opened at all."""
    if not image.file.name.lower().endswith(".gif"):
        return False
    key = f"animated-gif:{image.pk}:{image.file_hash or image.file.name}"
    animated = cache.get(key)
    if animated is None:
        animated = has_several_frames(image)
        cache.set(key, animated, timeout=None)
    return animated


def has_several_frames(image) -> bool:
    try:
        with image.open_file() as file, PILImage.open(file) as picture:
            return bool(getattr(picture, "is_animated", False))
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return False  # a file that can't be read is left to the renditions, as before
