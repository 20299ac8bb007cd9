"""`config.settings.production` takes everything from the environment and passes check --deploy.

Each case runs in a fresh interpreter: settings are read once per process, and these tests change
the environment they are read from.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3v9Qx7LmP2wZr8TnB4yHc6JdF1sGa5UoE0iR7tY9pXqW2eA3zVbN8mK4jL6hD1f"


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "REDIS_", "DJANGO_", "DATABASE_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="blog.example.com, www.blog.example.com",
        CSRF_TRUSTED_ORIGINS="https://blog.example.com",
        DATABASE_URL="postgres://blog:secret@db.internal:5432/blog",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env):
    """The settings production would run with, as JSON-friendly values."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
        "'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS, 'DATABASE': s.DATABASES['default'], "
        "'CACHE': s.CACHES['default'], 'STORAGES': s.STORAGES, 'MIDDLEWARE': s.MIDDLEWARE, "
        "'PAGE_CACHE_SECONDS': s.PAGE_CACHE_SECONDS, 'SECURE_PROXY_SSL_HEADER': "
        "s.SECURE_PROXY_SSL_HEADER, 'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "'SECURE_HSTS_PRELOAD': s.SECURE_HSTS_PRELOAD, "
        "'CONTENT_SECURITY_POLICY': s.CONTENT_SECURITY_POLICY}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**production_env(**env), "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_nothing():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_covers_this_site_only_unless_the_environment_widens_it():
    found = production_settings()
    assert found["SECURE_HSTS_SECONDS"] == 31_536_000
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert found["SECURE_HSTS_PRELOAD"] is False

    widened = production_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="1")
    assert widened["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert widened["SECURE_HSTS_PRELOAD"] is True
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_forwarded_proto_header_is_trusted_only_when_the_environment_names_it():
    assert production_settings()["SECURE_PROXY_SSL_HEADER"] is None
    named = production_settings(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert named["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_check_deploy_fails_on_a_weak_secret_key():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_missing_secret_or_database_stops_start_up():
    for name in ("SECRET_KEY", "DATABASE_URL"):
        result = run_manage("check", **{name: None})
        assert result.returncode != 0
        assert f"Set the {name} environment variable" in result.stderr


def test_hosts_origins_and_database_come_from_the_environment():
    found = production_settings()
    assert found["DEBUG"] is False
    assert found["ALLOWED_HOSTS"] == ["blog.example.com", "www.blog.example.com"]
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://blog.example.com"]
    assert found["DATABASE"]["ENGINE"] == "django.db.backends.postgresql"
    assert found["DATABASE"]["HOST"] == "db.internal"
    assert found["DATABASE"]["NAME"] == "blog"
    assert found["PAGE_CACHE_SECONDS"] > 0


def test_static_files_are_compressed_and_hashed_by_whitenoise():
    found = production_settings()
    assert found["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    middleware = found["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_html_is_compressed_outside_the_page_cache():
    middleware = production_settings()["MIDDLEWARE"]
    gzip = middleware.index("django.middleware.gzip.GZipMiddleware")
    # Earlier in the list is later on the way out: hits from the cache are compressed too.
    assert gzip < middleware.index("page_cache.middleware.PageCacheMiddleware")
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip


def test_cache_is_shared_files_by_default_and_redis_when_given():
    files = production_settings()["CACHE"]
    assert files["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    redis = production_settings(REDIS_URL="redis://cache.internal:6379/1")["CACHE"]
    assert redis["BACKEND"] == "config.cache.SharedClientRedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/1"


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    assert production_settings()["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    storage = production_settings(
        AWS_STORAGE_BUCKET_NAME="clinic-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.blog.example.com",
    )["STORAGES"]["default"]
    assert storage["BACKEND"] == "config.storage.MediaStorage"
    assert storage["OPTIONS"]["bucket_name"] == "clinic-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    assert storage["OPTIONS"]["custom_domain"] == "media.blog.example.com"
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_pages_may_show_pictures_from_the_media_storage_host():
    def picture_sources(**env):
        return production_settings(**env)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]

    assert picture_sources() == ["'self'", "data:"]
    assert picture_sources(
        AWS_STORAGE_BUCKET_NAME="clinic-media", AWS_S3_CUSTOM_DOMAIN="media.blog.example.com"
    ) == ["'self'", "data:", "https://media.blog.example.com"]
    assert picture_sources(
        AWS_STORAGE_BUCKET_NAME="clinic-media", AWS_S3_ENDPOINT_URL="https://objects.example.net/"
    ) == ["'self'", "data:", "https://objects.example.net"]


def test_wsgi_application_loads_with_production_settings():
    script = "import config.wsgi; print(type(config.wsgi.application).__name__)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**production_env(), "PYTHONPATH": str(ROOT / "site")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


def test_gunicorn_config_loads_the_application():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "-c", "site/config/gunicorn.py", "--check-config"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_sqlite_database_gets_wal_and_immediate_transactions_in_production_too():
    database = production_settings(DATABASE_URL="sqlite:////tmp/clinic-blog.sqlite3")["DATABASE"]
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
