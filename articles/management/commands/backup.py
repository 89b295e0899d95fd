from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, back_up, default_path


class Command(BaseCommand):
    help = (
        "Back up the whole database (articles, photos' credits, bylines, "
        "entities, updates, users and every history record) to a new file: "
        "pg_dump custom format on PostgreSQL, a copy of the database file on "
        "SQLite. Uploaded image files (MEDIA_ROOT) are not in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write it; backups/newsroom-<UTC time>.pgdump or "
            ".sqlite3 by default. An existing file is never replaced.",
        )

    def handle(self, *args, path=None, verbosity=1, **options):
        try:
            path = path or default_path()
            size = back_up(path)
        except BackupError as error:
            raise CommandError(error) from None
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Backed up the database to {path} ({size} bytes).")
            )
