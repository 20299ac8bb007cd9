"""The admin's "Import posts" pages: upload, preview, confirm, progress, report.

Every view needs the ``importer.run_import`` permission (403 without it): importing creates and
updates blog pages whatever page permissions the user has.
"""

from __future__ import annotations

from functools import partial, wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied as admin_permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from importer.admin_import import compare, missing, runs, states, uploads
from importer.admin_import.archive_limits import ArchiveRefused
from importer.admin_import.display import (
    PREVIEW_LABELS,
    analysis_facts,
    edit_url,
    frame_policy,
    option_labels,
    post_rows,
    run_rows,
    summary_items,
)
from importer.admin_import.forms import UploadForm
from importer.admin_import.models import ImportRun, ImportRunPost
from importer.admin_import.runner import report_json, summary_of_rows

PERMISSION = "importer.run_import"
RUNS_PER_PAGE = 20


def migrators_only(view=None, *, page: bool = False):
    """Refused without the permission: an admin page as the admin refuses one (back to the
    dashboard, saying so); what pages fetch or frame (progress, reports, the before and after
    views) with a 403."""
    if view is None:
        return partial(migrators_only, page=page)

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            if page:
                return admin_permission_denied(request)
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return checked


admin_page = migrators_only(page=True)


def url(name: str, *args) -> str:
    return reverse(f"import_posts:{name}", args=args)


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"

    @method_decorator(admin_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": url("index"), "label": "Import posts"}]


@method_decorator(csrf_exempt, name="dispatch")
class ImportPostsView(AdminPage):
    """The upload form, and the runs before."""

    template_name = "importer/admin_import/index.html"
    page_title = "Import posts"

    def get_context_data(self, form=None, **kwargs):
        runs.mark_stale()
        listed = ImportRun.objects.select_related("user", "confirmed_by", "parent")
        status = self.request.GET.get("status", "")
        if status in ImportRun.Status.values:
            listed = listed.filter(status=status)
        paginator = Paginator(listed, RUNS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            form=form or UploadForm(),
            runs=run_rows(page.object_list),
            runs_page=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            statuses=ImportRun.Status.choices,
            status=status,
            **kwargs,
        )

    def post(self, request):
        # The upload's size is checked as it arrives, which must be set up before anything
        # reads the request's body, the CSRF check included (hence csrf_exempt, then this).
        handler = uploads.LimitedUploadHandler(request)
        request.upload_handlers = [handler]
        return self.upload(request, handler)

    @method_decorator(csrf_protect)
    def upload(self, request, handler):
        form = UploadForm(request.POST, request.FILES, too_big=handler.too_big)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        runs.mark_stale()
        uploads.remove_stale()
        archive = form.cleaned_data["archive"]
        try:
            folder, source, unpacked = uploads.unpack_upload(archive)
        except ArchiveRefused as error:
            form.add_error("archive", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        run = ImportRun.objects.create(
            parent=form.cleaned_data["parent"],
            user=request.user,
            upload_name=archive.name[:255],
            folder=str(folder),
            source=str(source),
            options=form.options(),
            notes=unpacked.notes(),
        )
        runs.start_preview(run)
        return redirect(url("run", run.pk))


class RunView(AdminPage):
    """A run's page: its progress, its preview to confirm, or its report."""

    template_name = "importer/admin_import/run.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        runs.mark_stale()
        run = get_object_or_404(ImportRun.objects.select_related("user", "parent"), pk=kwargs["pk"])
        # The preview until the run has rows of its own (a run that failed before its first
        # post still shows what it was asked to do).
        preview = not run.posts.filter(dry_run=False).exists()
        rows, left_out = post_rows(run, dry_run=preview, user=self.request.user)
        summary = run.preview_summary if preview else (run.summary or summary_of_rows(run))
        self.page_title = f"Import of {run.upload_name}"
        counts = live_counts(run) if run.status == ImportRun.Status.RUNNING else None
        return super().get_context_data(
            run=run,
            state=states.state_of(run, summary or {}),
            missing=[
                (post, edit_url(post.page, self.request.user)) for post in missing_of(run, preview)
            ],
            counts=counts,
            done=sum(counts.values()) if counts else run.done,
            rows=rows,
            left_out=left_out,
            showing_preview=preview,
            options=option_labels(run.options),
            analysis_facts=analysis_facts(run.analysis),
            summary_items=summary_items(summary, dry_run=preview) if summary else [],
            **kwargs,
        )


def missing_of(run: ImportRun, preview: bool) -> list[missing.MissingPost]:
    """The posts imported before that the upload no longer holds, once the preview or the run
    has listed what it holds."""
    if run.status not in (ImportRun.Status.PREVIEWED, ImportRun.Status.FINISHED):
        return []
    return missing.missing_posts(run, dry_run=preview)


@require_POST
@admin_page
def unpublish_missing(request, pk):
    """Unpublish the chosen pages of posts the upload no longer holds (never deletes them)."""
    run = get_object_or_404(ImportRun, pk=pk)
    chosen = [int(value) for value in request.POST.getlist("page") if value.isdigit()]
    done = missing.unpublish(run, chosen, request.user)
    if done:
        titles = ", ".join(page.title for page in done)
        messages.success(
            request,
            f"Unpublished {len(done)} page{'' if len(done) == 1 else 's'}: {titles}. "
            "They are kept as drafts; publish them again from their editor if need be.",
        )
    else:
        messages.warning(request, "Choose the published pages to unpublish first.")
    return redirect(url("run", run.pk))


def live_counts(run: ImportRun) -> dict[str, int]:
    """The rows a running import has stored so far, by status: the files it has done."""
    counts = dict.fromkeys(("created", "updated", "unchanged", "conflict", "skipped", "failed"), 0)
    rows = run.posts.filter(dry_run=False).values("status").annotate(count=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["count"]
    return counts


def progress_text(run: ImportRun, done: int) -> str:
    if run.total:
        return f"{done} of {run.total} files"
    if run.status == ImportRun.Status.QUEUED or not run.heartbeat_at:
        return "Waiting for the worker…"
    return "Reading the posts…"


@migrators_only
def run_progress(request, pk):
    """How far a preview or run has got, for its page to poll: one figure, the files done
    (while importing, the rows stored, which the counts on the page add up to)."""
    runs.mark_stale()
    run = get_object_or_404(ImportRun, pk=pk)
    counts = live_counts(run) if run.status == ImportRun.Status.RUNNING else {}
    done = sum(counts.values()) if counts else run.done
    state = states.state_of(run)
    return JsonResponse(
        {
            "status": run.status,
            "stopping": run.stop_requested,
            "label": state.label,
            "done": done,
            "total": run.total,
            "text": progress_text(run, done),
            "counts": counts,
        }
    )


def run_change(change, done: str):
    """A POST that moves a run on (see runs.py), then the page of the run it leads to, saying
    what was done (`done`, formatted with the run), or why it can't be."""

    @require_POST
    @admin_page
    def view(request, pk):
        run = get_object_or_404(ImportRun.objects.select_related("parent"), pk=pk)
        try:
            run = change(run, request.user) or run
        except runs.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done.format(run=run))
        return redirect(url("run", run.pk))

    return view


confirm_run = run_change(
    runs.confirm,
    "Importing {run.upload_name} into {run.parent.title}: this page follows the import, and "
    "you may leave it and come back.",
)
cancel_run = run_change(
    lambda run, user: runs.cancel(run),
    "The import of {run.upload_name} was cancelled; nothing was imported.",
)


def overwrite(run: ImportRun, user):
    """A preview imported over the pages editors changed, or a finished run's conflicts
    imported again over them."""
    if run.status == ImportRun.Status.PREVIEWED:
        return runs.confirm(run, user, overwrite=True)
    return runs.overwrite_conflicts(run, user)


overwrite_conflicts = run_change(
    overwrite,
    "Importing {run.upload_name} into {run.parent.title}, over the pages editors had changed: "
    "their versions stay in each page's history.",
)
keep_editors_versions = run_change(
    runs.keep_editors_versions,
    "The editors' versions are kept; nothing else was imported from {run.upload_name}.",
)
stop_run = run_change(
    lambda run, user: runs.stop(run),
    "Stopping the import of {run.upload_name} once the post it is writing is saved.",
)
import_again = run_change(
    runs.import_again,
    "Importing {run.upload_name} again: the posts imported before are left as they are.",
)


@migrators_only
def run_report(request, pk):
    """The JSON report, as ``import_posts --report`` writes it (the preview's before the run)."""
    run = get_object_or_404(ImportRun, pk=pk)
    dry_run = not run.posts.filter(dry_run=False).exists()
    response = HttpResponse(report_json(run, dry_run=dry_run), content_type="application/json")
    name = f"import-{run.pk}{'-preview' if dry_run else ''}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def run_post(run_pk: int, pk: int) -> ImportRunPost:
    return get_object_or_404(ImportRunPost.objects.select_related("run"), pk=pk, run_id=run_pk)


class PostView(AdminPage):
    """One post before and after: the old post as its site showed it, beside the page."""

    template_name = "importer/admin_import/post.html"

    def get_context_data(self, **kwargs):
        post = self.post = run_post(kwargs["run"], kwargs["pk"])
        self.page_title = post.title or post.source
        return super().get_context_data(
            post=post,
            row=post.row,
            label=PREVIEW_LABELS[post.status] if post.dry_run else post.status,
            coverage="" if post.coverage is None else f"{post.coverage:.0%}",
            has_page=bool(post.after or compare.existing_page_data(post.page_id)),
            **kwargs,
        )

    def get_breadcrumbs_items(self):
        run = {"url": url("run", self.post.run_id), "label": self.post.run.upload_name}
        return [*super().get_breadcrumbs_items(), run, {"url": "", "label": self.page_title}]


@xframe_options_sameorigin
@migrators_only
def post_before(request, run, pk):
    post = run_post(run, pk)
    body = compare.stored_before(post)
    response = render(request, "importer/admin_import/before.html", {"post": post, "body": body})
    response["Content-Security-Policy"] = frame_policy()
    return response


@xframe_options_sameorigin
@migrators_only
def post_after(request, run, pk):
    post = run_post(run, pk)
    data = post.after or compare.existing_page_data(post.page_id)
    if not data:
        raise Http404("There is no page for this post.")
    context = {"post": post, **compare.new_page_context(data)}
    response = render(request, "importer/admin_import/after.html", context)
    response["Content-Security-Policy"] = frame_policy()
    return response
