import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.live.demo import load_live_demo
from articles.models import Article, Photo
from articles.seeding.bulk import ARCHIVE, analyze
from articles.stand_in import stand_in_image

SEED_SLUG = "peru-aliado-extra-otan"


class Command(BaseCommand):
    help = (
        "Load the seed story (fixtures/seed_story.json) with its photo and "
        "entities. Safe to run again: an existing seed story is left as editors "
        "left it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-live-coverage",
            action="store_false",
            dest="live_coverage",
            help="Load the seed story alone, without the fictional demo live "
            "coverage that comes with it.",
        )
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Also create a local superuser with a generated password, "
            "printed once, when none exists (development only).",
        )

    def handle(
        self, *args, superuser=False, live_coverage=True, verbosity=1, **options
    ):
        if Article.objects.filter(slug=SEED_SLUG).exists():
            message = "The seed story is already loaded; nothing changed."
        else:
            with transaction.atomic():
                call_command("loaddata", "seed_story", verbosity=0)
                # Fixtures load raw, without history: record the loaded state
                # as each row's first version, so later edits show their diffs.
                call_command("populate_history", auto=True, verbosity=0)
                analyze(ARCHIVE, with_history=True)
            message = self.style.SUCCESS("Loaded the seed story.")
            if live_coverage and load_live_demo() is not None:
                message += "\n" + self.style.SUCCESS("Loaded the demo live coverage.")
        if verbosity:
            self.stdout.write(message)
        self.ensure_stand_in_photos()
        if superuser:
            self.create_local_superuser()

    def ensure_stand_in_photos(self):
        """Draw the labelled stand-in image the seed's photo record points to
        (the seed text has no photo file of its own), and have its
        renditions made."""
        for photo in Photo.objects.filter(image__startswith="photos/demo/"):
            if not default_storage.exists(photo.image.name):
                default_storage.save(
                    photo.image.name,
                    ContentFile(stand_in_image(photo.caption, photo.credit_line)),
                )
            # Made by the worker (`make run` starts one), or at once with
            # TASKS_BACKEND=immediate.
            photo.prepare_renditions()

    def create_local_superuser(self):
        if not settings.DEBUG:
            raise CommandError("--superuser is for development only (DEBUG is off).")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Admin: log in at /admin/ with your superuser "
                "(or: python manage.py createsuperuser)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("editor", "", password)
        self.stdout.write(
            self.style.WARNING(
                "Created a local superuser for /admin/ (shown once):\n"
                f"  username: editor\n  password: {password}"
            )
        )
