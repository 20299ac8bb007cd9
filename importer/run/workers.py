"""The pure stages of a run's posts, in worker processes when there are many: each post's
outline, then each post in full, kept in the run's draft store until the writer takes it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from importer.common import PostDraft
from importer.run.coverage import word_coverage
from importer.run.outline import Outline, describe, outline_post
from importer.run.spool import DraftStore, Location
from importer.stages import STAGES, RunContext, cpu_budget, read_file, run_stage

Post = tuple[Path, str]
"""A file to prepare, and the name of the generator whose site it is from."""
Placed = tuple[Path, str, Callable[[PostDraft], PostDraft] | None]
"""A file to prepare, its generator's name, and what puts the post at its old address once
parsed (``importer.verify.Verifier.placed``; None: where parsing put it)."""


# Below this many posts, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
WORKER_NICENESS = 10
# What worker processes inherit when they are forked: the run's context and draft store.
_shared: tuple[RunContext, DraftStore] | None = None
# Whether this process is one of a run's worker processes (see hard_cpu_limit).
_in_worker = False
# A post's CPU time past which its worker process is stopped (SIGPROF), even inside a library's
# C code that no Python signal handler can interrupt: the budget (cpu_budget fails the post
# cleanly when it can), half again, and a second.
HARD_LIMIT_FACTOR = 1.5
HARD_LIMIT_GRACE = 1.0


class Workers:
    """Runs the pure stages, which need no database: with several cores and at least
    PARALLEL_FROM posts, in forked worker processes (one per core), else in this process.

    The workers inherit the run's context and draft store, read the files themselves and
    never touch the database connection they inherit; the writes stay in this process, one
    transaction per post. A worker that dies (killed for memory or by a signal, or stopped
    past a post's CPU limit) takes the pool with it: the posts not yet done then go through a
    pool of one worker, one at a time, so that the post a worker dies on is known; that post
    fails, and the run goes on.

    With ``isolate_posts`` every post goes through a worker (one, unless there are enough
    posts and cores for more), whatever their number."""

    def __init__(self, count: int, ctx: RunContext, store: DraftStore):
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        self.parallel = count >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and can_fork
        self.isolated = ctx.options.isolate_posts and can_fork and count > 0
        self.shared = (ctx, store)

    def __enter__(self) -> Workers:
        global _shared
        _shared = self.shared
        self.pool = None
        self.size = os.cpu_count() if self.parallel else 1
        if self.parallel:
            # Django's and Wagtail's objects, and the run's context, live as long as the run:
            # frozen (gc.freeze), the collector's walks of its oldest generation leave them out
            # in the writer and in every worker, and the workers stop copying the memory they
            # share with this process, which each walk writes to. No collection first: it took
            # longer than the run's first posts, and garbage frozen with the rest is collected
            # once the run ends and unfreezes it.
            gc.freeze()
        if self.parallel or self.isolated:
            self.pool = self.start(self.size)
        return self

    def start(self, size: int | None) -> ProcessPoolExecutor:
        # The writer is the slowest part of a run; at a lower priority the workers use the
        # CPU it leaves instead of slowing it down.
        return ProcessPoolExecutor(
            size,
            mp_context=multiprocessing.get_context("fork"),
            initializer=start_worker,
        )

    def restart(self, size: int | None) -> None:
        assert self.pool is not None
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self.start(size)

    def __exit__(self, *exc_info) -> None:
        global _shared
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.parallel:
            gc.unfreeze()
        _shared = None

    def map(
        self, function: Callable, items: list, chunksize: int = 8, *, lost: Callable | None = None
    ) -> Iterator:
        """`function` over `items`, results in order, as they are ready; an item whose worker
        died gives `lost(item)` instead."""
        if self.pool is None:
            yield from map(function, items)
            return
        done = 0
        try:
            for result in self.pool.map(function, items, chunksize=chunksize):
                yield result
                done += 1
        except BrokenProcessPool:
            # Any item in flight may have killed it: the rest go one at a time, alone.
            self.restart(1)
            for item in items[done:]:
                try:
                    result = self.pool.submit(function, item).result()
                except BrokenProcessPool:
                    self.restart(1)
                    assert lost is not None
                    result = lost(item)
                yield result
            self.restart(self.size)


WORKER_LOST = (
    "the worker process preparing this post stopped before it finished (killed for using too "
    "much memory, or by a signal); the other posts were imported. Fix: look for what is "
    "unusually large or deeply nested in the post, shorten it, and import it again."
)
WORKER_STOPPED = (
    "the worker process preparing this post was stopped: the post took more than {seconds:g} "
    "seconds of CPU, far longer than a post of its size should (something in it makes the "
    "conversion's work grow out of proportion), or too much memory; the other posts were "
    "imported. Fix: split or simplify the post's longest paragraph, HTML or template tags, "
    "and import it again."
)


def start_worker() -> None:
    """A worker process's start: a lower priority, and the signal that stops a post past its
    hard CPU limit left to stop the process (its default)."""
    global _in_worker
    _in_worker = True
    os.nice(WORKER_NICENESS)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)


@contextmanager
def hard_cpu_limit(seconds: float) -> Iterator[None]:
    """In a worker process, stop the process once the work inside has used well past
    `seconds` of CPU (see HARD_LIMIT_FACTOR); elsewhere, or with no limit, nothing."""
    if not (_in_worker and seconds):
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, seconds * HARD_LIMIT_FACTOR + HARD_LIMIT_GRACE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def lost_message() -> str:
    ctx, _ = _shared
    if ctx.options.isolate_posts and ctx.options.max_cpu_seconds:
        return WORKER_STOPPED.format(seconds=ctx.options.max_cpu_seconds)
    return WORKER_LOST


def outline_of(post: Post) -> Outline:
    """One file's outline for the run's plan: its post without the body (see outline_post)."""
    path, generator = post
    ctx, _ = _shared
    with hard_cpu_limit(ctx.options.max_cpu_seconds):
        found = outline_post(path, generator, ctx, ctx.options.max_size)
    if found.draft is None:
        return found
    assert found.draft.post is not None
    post_only = replace(found.draft.post, body="", variables={})
    return Outline(PostDraft(path=path, generator=generator, post=post_only))


def outline_lost(post: Post) -> Outline:
    """The outline of a post whose worker process died while reading it."""
    return Outline(error=lost_message())


def prepare_post(post: Placed) -> tuple[Location, str]:
    """Every pure stage of one file: (where its draft is kept, error). A post that fails is
    kept as far as it got, so its report still shows what was repaired."""
    path, generator, placed = post
    ctx, store = _shared
    draft, error = PostDraft(path=path, generator=generator), ""
    try:
        draft = replace(draft, raw=read_file(path, ctx.options.max_size))
        with hard_cpu_limit(ctx.options.max_cpu_seconds), cpu_budget(ctx.options.max_cpu_seconds):
            for name, stage in STAGES:
                draft = run_stage(name, stage, draft, ctx)
                if name == "parse" and placed is not None:
                    draft = placed(draft)
            draft = replace(draft, coverage=word_coverage(draft))
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop the others
        error = describe(exc)
    # The writer needs the post, its blocks, hash, repairs and warnings, not the texts between.
    try:
        return store.put(replace(draft, raw=b"", text="", markdown="", html="")), error
    except Exception as exc:  # noqa: BLE001 - a draft too deep to store fails alone
        kept = PostDraft(path=path, repairs=draft.repairs, warnings=draft.warnings)
        return store.put(kept), error or f"the prepared post could not be kept ({describe(exc)})."


def prepare_lost(post: Placed) -> tuple[None, str]:
    """The result for a post whose worker process died while preparing it."""
    return None, lost_message()
