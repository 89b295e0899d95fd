"""Enqueue the renditions of every photo that has an image but none yet: the
photos stored before renditions existed, once after deploying them (readers
see only renditions, never an original)."""

from django.core.management.base import BaseCommand

from articles.models import Photo


class Command(BaseCommand):
    help = "Enqueue renditions for photos that have an image but no renditions yet."

    def handle(self, *args, verbosity=1, **options):
        photos = Photo.objects.exclude(image="").filter(rendition_key="")
        count = 0
        for photo in photos.iterator():
            photo.prepare_renditions()
            count += bool(photo.rendition_key)
        if verbosity:
            self.stdout.write(f"Enqueued renditions for {count} photo(s).")
