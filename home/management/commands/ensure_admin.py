import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.BASE_DIR / ".admin-password"


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists for local development and print how to log "
        "in. A new account gets a random password, saved to .admin-password in the checkout."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="The account's user name.")

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"]
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username, f"{username}@example.com", password)
            # Created readable by its owner only, rather than chmod-ed after being written.
            with os.fdopen(
                os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w"
            ) as file:
                file.write(password + "\n")
            self.stdout.write(f"Created {username!r}. Log in at {admin_url}")
        else:
            username = User.objects.filter(is_superuser=True).order_by("pk").first().get_username()
            self.stdout.write(f"Log in at {admin_url} as {username!r}.")
        if PASSWORD_FILE.exists():
            self.stdout.write(
                f"Password: {PASSWORD_FILE.read_text().strip()} (from {PASSWORD_FILE.name})"
            )
        else:
            self.stdout.write(f"Forgot the password? python manage.py changepassword {username}")
