"""What the importer's tests share: the stage fixture files, small posts and images written for
the command, running it, and counting what it wrote (fixtures are in conftest.py)."""

import io
import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import Author
from importer.models import ImportedPost

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "importer"


def cases(stage: str, pattern: str) -> list[Path]:
    """Fixture inputs of one stage, named for pytest ids by their file name."""
    return sorted(path for path in (FIXTURES / stage).glob(pattern))


def run(*args, **options) -> str:
    """`import_posts` with these arguments; what it printed."""
    out = StringIO()
    call_command("import_posts", *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def report_of(tmp_path: Path, *args, **options) -> dict:
    """`import_posts` with these arguments and its JSON report, read back."""
    path = tmp_path / "report.json"
    run(*args, "--report", path, **options)
    return json.loads(path.read_text())


def counts() -> dict[str, int]:
    """How many rows an import can add, by kind: equal before and after means it wrote nothing."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "records": ImportedPost.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
    }


def media_files() -> list[str]:
    return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def write_post(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_png(path: Path, colour: str = "teal", size: tuple[int, int] = (4, 3)) -> Path:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def mac_roman_mojibake(text: str) -> str:
    """What a UTF-8 file looks like after being read as Mac Roman and saved again."""
    return text.encode("utf-8").decode("mac_roman")


CLINIC_POST = """---
title: "Hot Stone Massage: A Warm Way to Unwind, and Who It’s For"
description: What a hot stone massage feels like, and who it suits.
author: Clinic Team
date: 2026-01-06T20:50:00.000-07:00
image: ./stones.png
imageAlt: Smooth basalt stones on a towel
permalink: /2026/01/hot-stones.html
tags:
  - post
  - stone therapy
---
Warm stones let your therapist reach “deep” muscle—gently.

---

## What Is a Hot Stone Massage?

Smooth, heated stones glide along tight areas such as:

- Shoulders
- Lower back
- Calves

## Who It Helps

It’s a good fit if you:

1. Feel cold all winter
2. Carry tension in your back

![A stone warmer at 50 degrees](./warmer.png)

## Book a Hot Stone Massage

We offer the treatment in the clinic only.

### 👉 Reserve Your Visit Online (In-Clinic)
<https://stonemassage.ca/book/>

### 📞 Phone Us for a Home Visit (Mobile)
**587-938-0458**

Thanks for reading ⭐
"""
