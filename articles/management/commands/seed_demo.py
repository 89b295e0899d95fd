import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article, ArticleEntity, ArticleUpdate, Byline, Photo
from articles.seeding.bulk import ARCHIVE, analyze, reset_sequences
from articles.seeding.generate import Seeder

BATCH_SIZE = 2000


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Add N realistic demo articles in bulk (sections, ~500 entities, ~200 "
        "authors, photos, bylines, updates; ten years of dates; Spanish text). "
        "The same --seed gives the same archive. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=positive_int, required=True)
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Random seed; the same seed and clock give the same data.",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="No progress bar, no summary."
        )

    def handle(self, *args, articles, seed, quiet, verbosity=1, **options):
        quiet = quiet or verbosity == 0
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        # Times relative to the start of the current minute, so that a seed
        # gives the same dates within a minute (and always under a frozen clock).
        now = timezone.now().replace(second=0, microsecond=0)
        started = time.monotonic()
        seeder = Seeder(seed=seed, now=now, articles=articles)
        progress = tqdm(
            total=articles,
            unit=" articles",
            disable=quiet,
            file=sys.stderr,
            desc="seed_demo",
            dynamic_ncols=True,
        )
        try:
            with transaction.atomic():
                seeder.build_catalogue()
                done = 0
                while done < articles:
                    batch = min(BATCH_SIZE, articles - done)
                    seeder.write_batch(batch)
                    done += batch
                    progress.update(batch)
                reset_sequences([Article, Photo, Byline, ArticleEntity, ArticleUpdate])
                analyze(ARCHIVE)
        except Exception as error:
            raise CommandError(
                f"seed_demo failed, nothing was written: {error}"
            ) from error
        finally:
            progress.close()
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {articles} articles (seed {seed}) in "
                    f"{time.monotonic() - started:.1f} s."
                )
            )
