from django.core.management.base import BaseCommand, CommandError

from articles.backups import BackupError, restore
from articles.models import Article, ArticleUpdate, Photo


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database that "
        "DATABASE_URL names, which must be new and empty (no tables): a "
        "restore never writes over data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")

    def handle(self, *args, path, verbosity=1, **options):
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(error) from None
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {path}. Articles: {Article.objects.count()}, "
                    f"photos: {Photo.objects.count()}, "
                    f"updates: {ArticleUpdate.objects.count()}, "
                    f"article revisions: {Article.history.count()}."
                )
            )
