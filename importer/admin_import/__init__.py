"""Import posts from the Wagtail admin: upload an old site, preview, confirm, and watch the run.

The upload is unpacked safely (``archive``), the preview and the run go through the same
``import_posts`` the command uses (``runner``, the only module here that calls the importer),
in the background through django-tasks (``tasks``); ``views`` and ``wagtail_hooks`` are the
admin's side.
"""
