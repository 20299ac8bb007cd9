"""`make bench`: import speed, page speed and a load check, each printed beside its goal.

    make bench                 # the full run: 1,000 posts, the 10,000-post check, wrk for 30 s
    BENCH_N=200 make bench     # a quick run: 200 posts, 2,000 for the scale check, wrk for 10 s

Everything happens on scratch databases under .bench/ (never the dev database). Each measured
step runs in its own process so its peak memory is its own. Settings: bench/settings.py
(production's, plus a trivial view to compare page timings with).

Environment: BENCH_N (posts, default 1000), BENCH_SCALE_N (the scale check, default 10 x N),
BENCH_WRK_SECONDS (default 30, or 10 with BENCH_N set), BENCH_DATABASE_URL (a PostgreSQL URL to
run on instead of SQLite; each step recreates its database), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/0 when Redis answers, else the file cache), BENCH_SKIP (comma-separated
steps to leave out: plain, import, scale, pages, wrk).
"""

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import random
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE_SLUG = "bench-bare-page"
OUT = ROOT / ".bench"
PYTHON = sys.executable

GOALS = {
    "import_rate": 50.0,  # posts a second, end to end
    "import_vs_plain": 6.0,
    "scale_ratio": 0.80,  # the rate for 10 x N posts against the rate for N
    "rerun_seconds": 2.0,  # 1,000 unchanged posts
    # Uncached, against serving a bare Wagtail page: what any Wagtail page costs.
    "post_vs_bare": 2.0,
    "index_vs_bare": 2.5,
    "cached_vs_trivial": 1.5,
    "memory_per_extra_post_kb": 5.0,  # the scale check's growth over N's, per extra post
}


# --- the posts ------------------------------------------------------------------------------

TOPICS = [
    "desk neck",
    "lower back tension",
    "hip tightness",
    "runner's calves",
    "tension headaches",
    "shoulder stiffness",
    "jaw clenching",
    "pregnancy aches",
    "shovelling strain",
    "sciatic pain",
    "wrist fatigue",
    "hockey recovery",
]
OPENERS = [
    "Most clients notice",
    "Your therapist will often suggest",
    "It’s common to find",
    "Many people don’t realise",
    "A good session usually begins with",
    "Over a few visits you may feel",
    "In Edmonton’s long winters we see",
    "After a busy week, clients describe",
]
MIDDLES = [
    "gentle pressure on the surrounding muscles",
    "slow work through the fascia",
    "a careful check of how far you can move",
    "heat before the deeper strokes",
    "stretches you can repeat at home",
    "a short talk about sleep and posture",
    "steady breathing while the muscle lets go",
    "a plan that changes as you improve",
]
CLOSERS = [
    "and that’s usually where relief starts.",
    "so the next visit can go a little deeper.",
    "which keeps the session comfortable—never overwhelming.",
    "because tight tissue needs time, not force.",
    "and your RMT adjusts as your body answers.",
    "so you leave looser than you came in.",
]
WORDS = [
    "circulation",
    "mobility",
    "posture",
    "recovery",
    "stretching",
    "hydration",
    "sleep",
    "breathing",
    "strength",
    "comfort",
]


def sentence(rng):
    text = f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)}, {rng.choice(CLOSERS)}"
    if rng.random() < 0.3:
        word = rng.choice(WORDS)
        text = text.replace(word, f"**{word}**") if word in text else f"{text} **{word.title()}**."
    return text


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng) for _ in range(sentences))


def make_post(number, rng):
    """One post shaped like the seed: about 6 KB, 9 sections, lists, bold, links, a booking
    section, and the UTF-8 text once read as Mac Roman (the seed's mojibake)."""
    topic = rng.choice(TOPICS)
    title = f"Massage for {topic}: what it’s like, part {number}"
    tags = rng.sample(["post", "back pain", "neck", "sport", "prenatal", "wellness", "rmt"], 3)
    lines = [
        "---",
        f'title: "{title}"',
        "description: A plain guide to how massage helps with "
        f"{topic}, what a session involves, and when to book one.",
        "author: Stone Massage Admin",
        f"date: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}T09:30:00.000-07:00",
        "tags:",
        *(f"  - {tag}" for tag in tags),
        "---",
        paragraph(rng, 2),
        "",
        f"In short, **massage for {topic} is care with a purpose.** {paragraph(rng, 2)}",
        "",
    ]
    for section in range(1, 9):
        lines += ["---", "", f"## {rng.choice(TOPICS).capitalize()}: question {section}", ""]
        lines += [paragraph(rng, 2), ""]
        if section % 2:
            lines += [f"- {rng.choice(MIDDLES).capitalize()}" for _ in range(4)] + [""]
        else:
            lines += [f"1. **{rng.choice(WORDS).title()}:** {sentence(rng)}" for _ in range(2)]
            lines += [""]
        if section % 3 == 0:
            lines += [
                f"Read more in [our guide to {rng.choice(WORDS)}](https://stonemassage.ca/blog/).",
                "",
            ]
        lines += [paragraph(rng, 1), ""]
    lines += [
        "---",
        "",
        f"## Book a massage for {topic} in Edmonton",
        "",
        f"{paragraph(rng, 2)} ⭐ Trusted 5-star reviews.",
        "",
        "### 👉 Book Online (In-Clinic)",
        "<https://stonemassage.ca/book/>",
        "",
        "### 📞 Call for Mobile Massage in Edmonton",
        "**587-938-0458**",
        "",
        paragraph(rng, 1),
        "",
    ]
    text = "\n".join(lines)
    return text.encode("utf-8").decode("mac_roman").encode("utf-8")


def generate(folder, count, seed=5):
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        (folder / f"post-{number:05d}.md").write_bytes(make_post(number, rng))
    return folder


# --- running a step in its own process ------------------------------------------------------


def redis_url():
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    match = re.match(r"redis://([^:/]+):(\d+)", url)
    try:
        socket.create_connection((match[1], int(match[2])), timeout=0.5).close()
    except (OSError, TypeError):
        return ""
    return url


def step_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        BENCH_STATIC_ROOT=str(OUT / "static"),
        BENCH_MEDIA_ROOT=str(OUT / "media"),
        CACHE_DIR=str(OUT / "cache"),
        REDIS_URL=redis_url(),
        CACHE_KEY_PREFIX=f"clinic-bench-{os.getpid()}",
        PAGE_CACHE_SECONDS="3600",
    )
    return env


def run_step(name, database_url, *args):
    """Run `bench/run.py --step NAME` in a fresh process; it prints one JSON line of results."""
    result = subprocess.run(
        [PYTHON, str(Path(__file__)), "--step", name, *map(str, args)],
        cwd=ROOT,
        env=step_env(database_url),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"bench step {name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(database_url, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=step_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def remove_sqlite(path):
    """A database file and its write-ahead log: a log left by an interrupted run would be
    replayed into the next database made under the same name."""
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        file.unlink(missing_ok=True)


class Databases:
    """A fresh migrated database per step: SQLite files copied from one migrated template, or
    PostgreSQL databases named clinic_perf_bench_*."""

    def __init__(self):
        self.postgres = os.environ.get("BENCH_DATABASE_URL", "")
        self.template = OUT / "template.sqlite3"
        if not self.postgres:
            remove_sqlite(self.template)
            manage(f"sqlite:///{self.template}", "migrate", "--noinput")
            manage(f"sqlite:///{self.template}", "setup_site", "--verbosity", "0")

    def fresh(self, name):
        if not self.postgres:
            path = OUT / f"{name}.sqlite3"
            remove_sqlite(path)
            shutil.copyfile(self.template, path)
            return f"sqlite:///{path}"
        import psycopg

        base = self.postgres.rsplit("/", 1)[0]
        database = f"clinic_perf_bench_{name}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        url = f"{base}/{database}"
        manage(url, "migrate", "--noinput")
        manage(url, "setup_site", "--verbosity", "0")
        return url


# --- the steps (run inside their own process) -----------------------------------------------


def setup_django():
    import django

    django.setup()
    from django.db import connections

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    # For the whole process, so not through execute_wrapper()'s context manager.
    connections["default"].execute_wrappers.append(count)
    return counter


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds():
    """CPU time of this process and its finished children (import_posts' worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_loop(files):
    """The simple way: front matter and Markdown as they come, one Wagtail publish per post."""
    import frontmatter
    import ftfy
    from django.utils.text import slugify
    from markdown_it import MarkdownIt
    from wagtail.rich_text import RichText

    from blog.models import BlogIndexPage, BlogPage

    blog = BlogIndexPage.objects.get()
    markdown = MarkdownIt("commonmark")
    for path in files:
        text = ftfy.fix_text(path.read_bytes().decode("utf-8"), uncurl_quotes=False)
        post = frontmatter.loads(text)
        page = BlogPage(
            title=post["title"],
            slug=slugify(post["title"])[:80],
            date=post["date"],
            intro=post.get("description", ""),
            body=[("paragraph", RichText(markdown.render(post.content)))],
        )
        blog.add_child(instance=page)
        page.tags.add(*post.get("tags", []))
        page.save_revision().publish()


def import_posts(folder, report):
    from django.core.management import CommandError, call_command

    try:
        call_command("import_posts", str(folder), "--report", str(report), verbosity=0)
    except CommandError as error:  # some posts failed; the report says which
        print(error, file=sys.stderr)


def step_import(kind, folder, report=None):
    counter = setup_django()
    files = sorted(Path(folder).glob("*.md"))
    baseline = peak_rss_mb()
    cpu_started = cpu_seconds()
    started = time.perf_counter()
    if kind == "plain":
        plain_loop(files)
    else:
        import_posts(folder, report)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started
    peak = peak_rss_mb()  # before the report is read back, which is the bench's memory
    summary = json.loads(Path(report).read_text())["summary"] if report else None
    from blog.models import BlogPage

    return {
        "posts": len(files),
        "live": BlogPage.objects.live().count(),
        "seconds": seconds,
        "rate": len(files) / seconds,
        "cpu_seconds": cpu,
        "queries_per_post": counter["queries"] / len(files),
        "peak_rss_mb": peak,
        "rss_growth_mb": peak - baseline,
        "summary": summary,
    }


def step_bare_page():
    """A page of Wagtail's base type, served with Wagtail's own minimal template: what serving
    any Wagtail page costs before the site's templates and content add to it."""
    setup_django()
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(instance=Page(title="Bare page", slug=BARE_PAGE_SLUG))
    page.save_revision().publish()
    return {"url": page.url}


STEPS = {
    "plain": lambda folder: step_import("plain", folder),
    "import": lambda folder, report: step_import("import", folder, report),
    "bare_page": step_bare_page,
}


# --- the load check -------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url, page_cache_seconds):
    """gunicorn with the repo's config on a free port of 127.0.0.1, stopped on the way out."""
    port = free_port()
    env = step_env(database_url) | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }
    server = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "-c", "site/config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(OUT / "gunicorn.log", "a"),  # noqa: SIM115
    )
    try:
        wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # The header a TLS-terminating proxy adds: production's HTTPS redirect stays on.
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_for(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            return get(port, "/bench/trivial/")
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def median_ms(port, paths, repeat, rounds=5):
    """The median time for one visitor to be served each of `paths`, request after request.

    Each path is measured in `rounds` runs of requests, taking turns with the others, so a slow
    patch of the machine falls on all of them alike. Within a run it is requested again and
    again, so the trivial view isn't timed while the server still tidies up after a page."""
    for path in paths:
        for _ in range(5):
            status, _ = get(port, path)
            assert status == 200, (path, status)
    times = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            for _ in range(repeat // rounds):
                started = time.perf_counter()
                status, _ = get(port, path)
                times[path].append(time.perf_counter() - started)
                assert status == 200, (path, status)
    return {path: statistics.median(times[path]) * 1000 for path in paths}


def page_speed(database_url):
    """Median times over HTTP from gunicorn: the post page and the index, without and with the
    page cache, beside a trivial Django view and a bare Wagtail page served by the same
    processes."""
    results = {"bare_url": run_step("bare_page", database_url)["url"]}
    with gunicorn(database_url, page_cache_seconds=0) as port:
        listing = get(port, "/blog/")[1].decode()
        results["post_url"] = re.search(r'class="post-card__title"><a href="([^"]+)"', listing)[1]
        paths = {
            "trivial": "/bench/trivial/",
            "bare": results["bare_url"],
            "post": results["post_url"],
            "index": "/blog/",
        }
        timings = median_ms(port, list(paths.values()), 200)
        for name, path in paths.items():
            results[f"{name}_uncached"] = timings[path]
    with gunicorn(database_url, page_cache_seconds=3600) as port:
        timings = median_ms(port, list(paths.values()), 500)
        for name, path in paths.items():
            results[f"{name}_cached"] = timings[path]
    return results


def load_check(database_url, path, seconds):
    if not shutil.which("wrk"):
        return {"error": "wrk is not installed (apt-get install wrk)"}
    with gunicorn(database_url, page_cache_seconds=3600) as port:
        status, _ = get(port, path)
        if status != 200:
            return {"error": f"GET {path} answered {status}"}
        output = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", "X-Forwarded-Proto: https"]
            + [f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    (OUT / "wrk.txt").write_text(output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "seconds": seconds,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": socket_errors[1].strip() if socket_errors else "none",
        "p99_ms": re.search(r"99%\s+(\S+)", output)[1],
    }


# --- the report -----------------------------------------------------------------------------


class Run:
    """One run's results, and the figures the report works out from them."""

    def __init__(self, results, n, scale_n):
        self.results, self.n, self.scale_n = results, n, scale_n
        self.plain, self.imported = results.get("plain"), results.get("import")
        self.rerun, self.scale = results.get("rerun"), results.get("scale")
        self.pages, self.wrk = results.get("pages"), results.get("wrk")
        self.cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1

    def has(self, *steps):
        return all(step in self.results for step in steps)

    def per_cpu_second(self, step):
        return self.n / step["cpu_seconds"]

    def bound(self):
        """The pure stages and the writer share the cores, so the CPU a post takes bounds the
        rate however well they overlap. (A PostgreSQL server's own CPU isn't counted.)"""
        return self.cores * self.n / self.imported["cpu_seconds"]

    def memory_per_extra_post_kb(self):
        growth = self.scale["rss_growth_mb"] - self.imported["rss_growth_mb"]
        return growth * 1024 / max(self.scale_n - self.n, 1)

    def report_kb_per_post(self):
        return (OUT / "scale-report.json").stat().st_size / 1024 / self.scale_n

    def vs_trivial(self, page, state):
        return self.pages[f"{page}_{state}"] / self.pages[f"trivial_{state}"]

    def vs_bare(self, page, state):
        return self.pages[f"{page}_{state}"] / self.pages[f"bare_{state}"]

    def page_figure(self, page, state):
        figure = f"{self.pages[f'{page}_{state}']:.2f} ms ({self.vs_trivial(page, state):.1f}x"
        if page == "bare" or state == "cached":
            return figure + ")"
        return figure + f", {self.vs_bare(page, state):.2f}x bare)"

    def wrk_clean(self):
        return self.wrk["non_2xx_3xx"] == 0 and self.wrk["socket_errors"] == "none"

    def rerun_met(self):
        """The goal is for 1,000 posts and a re-run's time is mostly starting up, so only a
        conclusive time is judged: under 2 s for 1,000 or more, or 2 s or over for fewer."""
        fast = self.rerun["seconds"] < GOALS["rerun_seconds"]
        if self.rerun["summary"]["unchanged"] != self.n or (not fast and self.n <= 1000):
            return False
        return True if fast and self.n >= 1000 else None


@dataclass(frozen=True)
class Goal:
    """A row of the report. `what` and `target` are templates filled from GOALS, the run's
    sizes (n, scale_n, cores) and its results; `met` judges the figure (None: a reference figure,
    or a result too small to judge)."""

    what: str
    when: Callable[[Run], bool]
    figure: Callable[[Run], str]
    target: str = "reference"
    met: Callable[[Run], bool | None] | None = None


def needs(*steps):
    return lambda run: run.has(*steps)


def page_goals(state, bare_target, limits):
    """The page rows of one state: `limits` names each page's goal in GOALS and the page it
    is measured against ("trivial" or "bare")."""
    yield Goal(
        f"trivial Django view, {state} run",
        needs("pages"),
        lambda run: f"{run.pages[f'trivial_{state}']:.2f} ms",
        "the yardstick",
    )
    yield Goal(
        f"bare Wagtail page, {state} (median)",
        needs("pages"),
        lambda run: run.page_figure("bare", state),
        bare_target,
    )
    for page in ("post", "index"):
        limit, against = limits[page]
        ratio = Run.vs_bare if against == "bare" else Run.vs_trivial
        yield Goal(
            f"{page} page, {state} (median)",
            needs("pages"),
            lambda run, page=page: run.page_figure(page, state),
            f"≤ {GOALS[limit]}x {against}",
            lambda run, page=page, limit=limit, ratio=ratio: (
                ratio(run, page, state) <= GOALS[limit]
            ),
        )


REPORT = [
    Goal(
        "plain loop, {n} posts",
        needs("plain"),
        lambda run: (
            f"{run.plain['rate']:.1f} posts/s ({run.per_cpu_second(run.plain):.0f} per CPU-second)"
        ),
        "reference (about 10 posts/s)",
    ),
    Goal(
        "plain loop queries",
        needs("plain"),
        lambda run: f"{run.plain['queries_per_post']:.0f} a post",
        "reference (about 90)",
    ),
    Goal(
        "plain loop peak memory",
        needs("plain"),
        lambda run: f"{run.plain['peak_rss_mb']:.0f} MB (+{run.plain['rss_growth_mb']:.0f} MB)",
    ),
    Goal(
        "import_posts, {n} posts",
        needs("import"),
        lambda run: (
            f"{run.imported['rate']:.1f} posts/s "
            f"({run.per_cpu_second(run.imported):.0f} per CPU-second)"
        ),
        "≥ {import_rate:.0f} posts/s",
        lambda run: run.imported["rate"] >= GOALS["import_rate"],
    ),
    Goal(
        "import_posts outcome",
        needs("import"),
        lambda run: (
            f"{run.imported['summary']['created']} created, "
            f"{run.imported['summary']['failed']} failed, {run.imported['live']} live"
        ),
        "all {n} created and live",
        lambda run: run.imported["summary"]["created"] == run.n and run.imported["live"] == run.n,
    ),
    Goal(
        "import_posts ÷ plain loop",
        needs("import", "plain"),
        lambda run: f"{run.imported['rate'] / run.plain['rate']:.1f}x",
        "≥ {import_vs_plain:.0f}x",
        lambda run: run.imported["rate"] / run.plain["rate"] >= GOALS["import_vs_plain"],
    ),
    Goal(
        "import_posts bound on {cores} cores",
        needs("import", "plain"),
        lambda run: (
            f"at most {run.bound():.0f} posts/s, "
            f"{run.bound() / run.plain['rate']:.1f}x the plain loop"
        ),
        "reference: cores ÷ CPU a post",
    ),
    Goal(
        "import_posts queries",
        needs("import"),
        lambda run: f"{run.imported['queries_per_post']:.1f} a post",
        "fewer is better",
    ),
    Goal(
        "import_posts peak memory",
        needs("import"),
        lambda run: (
            f"{run.imported['peak_rss_mb']:.0f} MB (+{run.imported['rss_growth_mb']:.0f} MB)"
        ),
        "flat in N",
    ),
    Goal(
        "import_posts",
        lambda run: not run.has("import") and run.has("import_missing"),
        lambda run: "not measured",
        "{import_missing}",
    ),
    Goal(
        "re-run over {n} unchanged",
        needs("rerun"),
        lambda run: f"{run.rerun['seconds']:.2f} s ({run.rerun['summary']['unchanged']} unchanged)",
        "< {rerun_seconds:.0f} s for 1,000",
        Run.rerun_met,
    ),
    Goal(
        "import_posts, {scale_n} posts",
        needs("scale", "import"),
        lambda run: (
            f"{run.scale['rate']:.1f} posts/s "
            f"({run.scale['rate'] / run.imported['rate']:.0%} of {run.n})"
        ),
        "≥ {scale_ratio:.0%} of the {n}-post rate",
        lambda run: run.scale["rate"] / run.imported["rate"] >= GOALS["scale_ratio"],
    ),
    Goal(
        "memory, {scale_n} vs {n} posts",
        needs("scale", "import"),
        lambda run: (
            f"+{run.scale['rss_growth_mb']:.0f} MB vs "
            f"+{run.imported['rss_growth_mb']:.0f} MB: {run.memory_per_extra_post_kb():.1f} KB per "
            f"extra post (report rows, kept on disk: {run.report_kb_per_post():.0f} KB a post)"
        ),
        "flat in N (under {memory_per_extra_post_kb:.0f} KB per extra post)",
        lambda run: run.memory_per_extra_post_kb() < GOALS["memory_per_extra_post_kb"],
    ),
    # Served from the page cache too: there the bare page is the floor of a hit.
    *page_goals(
        "uncached",
        "reference: serving any Wagtail page",
        {"post": ("post_vs_bare", "bare"), "index": ("index_vs_bare", "bare")},
    ),
    *page_goals(
        "cached",
        "reference: a hit, tiny page",
        {"post": ("cached_vs_trivial", "trivial"), "index": ("cached_vs_trivial", "trivial")},
    ),
    Goal(
        "wrk load check",
        lambda run: run.has("wrk") and "error" in run.wrk,
        lambda run: "not run",
        "{wrk[error]}",
        lambda run: False,
    ),
    Goal(
        "wrk, post page, {wrk[seconds]} s, gunicorn",
        lambda run: run.has("wrk") and "error" not in run.wrk,
        lambda run: f"{run.wrk['requests_per_second']:.0f} req/s, p99 {run.wrk['p99_ms']}",
        "no errors, no 5xx",
        Run.wrk_clean,
    ),
    Goal(
        "wrk errors",
        lambda run: run.has("wrk") and "error" not in run.wrk,
        lambda run: (
            f"{run.wrk['non_2xx_3xx']} non-2xx/3xx, socket errors: {run.wrk['socket_errors']}"
        ),
        "0",
        Run.wrk_clean,
    ),
]


def verdict(ok):
    return "" if ok is None else "met" if ok else "NOT MET"


def report(results, n, scale_n):
    """Print each goal that the run measured beside its figure, and keep them in .bench/."""
    run = Run(results, n, scale_n)
    names = {**GOALS, **results, "n": n, "scale_n": scale_n, "cores": run.cores}
    rows = [
        (
            goal.what.format_map(names),
            goal.figure(run),
            goal.target.format_map(names),
            verdict(goal.met(run) if goal.met else None),
        )
        for goal in REPORT
        if goal.when(run)
    ]
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, width, strict=True)) for r in rows]
    titles = ("what", "figure", "goal", "")
    header = "  ".join(title.ljust(w) for title, w in zip(titles, width, strict=True))
    print("\n" + header + "\n" + "-" * len(header) + "\n" + "\n".join(lines))
    table = ["| what | figure | goal | |", "|---|---|---|---|"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    (OUT / "results.md").write_text("\n".join(table) + "\n")
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))


def main():
    n = int(os.environ.get("BENCH_N", "1000"))
    quick = "BENCH_N" in os.environ
    scale_n = int(os.environ.get("BENCH_SCALE_N", str(10 * n)))
    wrk_seconds = int(os.environ.get("BENCH_WRK_SECONDS", "10" if quick else "30"))
    skip = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
    has_importer = importlib.util.find_spec("importer.management.commands.import_posts")

    OUT.mkdir(exist_ok=True)
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    started = time.perf_counter()
    on = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(f"bench: {n} posts on {on}, cache: {'Redis' if redis_url() else 'files'}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        posts = generate(Path(tmp) / "posts", n)
        sizes = [p.stat().st_size for p in posts.glob("*.md")]
        print(f"generated {n} posts, {statistics.mean(sizes) / 1024:.1f} KB each on average")
        databases = Databases()

        if "plain" not in skip:
            plain_db = databases.fresh("plain")
            results["plain"] = run_step("plain", plain_db, posts)
            print(f"plain loop: {results['plain']['rate']:.1f} posts/s")
        if "import" not in skip and has_importer:
            import_db = databases.fresh("import")
            results["import"] = run_step("import", import_db, posts, OUT / "report.json")
            print(f"import_posts: {results['import']['rate']:.1f} posts/s")
            results["rerun"] = run_step("import", import_db, posts, OUT / "report-rerun.json")
            print(f"re-run over {n} unchanged: {results['rerun']['seconds']:.2f} s")
            if "scale" not in skip:
                big = generate(Path(tmp) / "scale", scale_n, seed=10)
                results["scale"] = run_step(
                    "import", databases.fresh("scale"), big, OUT / "scale-report.json"
                )
                print(f"import_posts, {scale_n} posts: {results['scale']['rate']:.1f} posts/s")
        elif not has_importer:
            results["import_missing"] = "import_posts is not in this checkout yet"
        # Production serves hashed, compressed static files: the pages need the manifest.
        manage(databases.fresh("static"), "collectstatic", "--noinput")
        pages_db = import_db if "import" in results else plain_db if "plain" in results else None
        if pages_db and "pages" not in skip:
            results["pages"] = page_speed(pages_db)
        if pages_db and "wrk" not in skip:
            post_url = results.get("pages", {}).get("post_url", "/blog/")
            results["wrk"] = load_check(pages_db, post_url, wrk_seconds)
    report(results, n, scale_n)
    print(f"\n{time.perf_counter() - started:.0f} s in all; results in .bench/results.md")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.step:
        print(json.dumps(STEPS[options.step](*options.args), default=str))
    else:
        main()
