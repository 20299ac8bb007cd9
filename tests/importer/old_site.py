"""A small Eleventy site, as a clinic would upload it to "Import posts", and archives of it."""

import io
import tarfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import BlogIndexPage

from .helpers import mac_roman_mojibake, write_png, write_post

MOJIBAKE_POST = """---
title: Why regular massage helps
description: A short note on keeping at it.
date: 2024-03-01
image: /img/stones.png
imageAlt: Warm stones in a row
---
{damaged}

## What to expect

Your therapist starts gently and checks in often.

![The treatment room](./room.png)

### Reserve Your Visit Online (In-Clinic)
<https://stonemassage.ca/book/>

### Phone Us for a Home Visit (Mobile)
**587-938-0458**
"""

EDITED_POST = """---
title: Stretches for desk workers
date: 2024-02-10
---
Roll your shoulders {words}.
"""

BROKEN_POST = """---
title: [this front matter never closes its list
date: 2024-01-05
---
Nothing here will be imported.
"""


def eleventy_site(root: Path, *, edited_words: str = "slowly") -> Path:
    """An Eleventy site: config, a posts folder, images, and
    - a post whose text was read as Mac Roman and saved again ("It‚Äôs"), with a booking section
      and a picture beside it and a feature picture in the site's image folder,
    - a post whose front matter can't be read (it fails),
    - a post the tests import once, an editor changes, and the site then changes too."""
    write_post(root, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write_post(root, "src/blog/blog.11tydata.js", 'export default { tags: ["posts"] };\n')
    damaged = mac_roman_mojibake("It’s easier to stay loose than to get loose 👉 book early.")
    write_post(root, "src/blog/regular-massage.md", MOJIBAKE_POST.format(damaged=damaged))
    write_png(root / "src/blog/room.png", "teal", (40, 30))
    write_png(root / "src/img/stones.png", "black", (60, 40))
    write_post(root, "src/blog/desk-stretches.md", EDITED_POST.format(words=edited_words))
    write_post(root, "src/blog/broken.md", BROKEN_POST)
    write_post(root, "src/about.md", "---\ntitle: About\n---\nWe are a clinic.\n")
    write_post(root, "README.md", "# The old site\n")
    return root


def zip_of(folder: Path) -> bytes:
    """`folder` zipped with its name as the archive's top folder, as GitHub's downloads are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, Path(folder.name) / path.relative_to(folder))
    return buffer.getvalue()


def tar_gz_of(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(folder, arcname=folder.name)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "old-site.zip", **fields):
    """POST an archive to "Import posts", as its form does; the response."""
    form = {"parent": BlogIndexPage.objects.get().pk, **fields}
    form["archive"] = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("import_posts:index"), form)
