import json
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from tqdm import tqdm

from articles.models import Article
from articles.ninjs import export as ninjs


class AbsoluteLinks:
    """Stands in for the request that the API uses to make photo links
    absolute (ninjs wants a full URI)."""

    def __init__(self, base_url):
        self.base_url = base_url

    def build_absolute_uri(self, location):
        return urljoin(self.base_url, location)


def since(value):
    """A date (from its first minute, desk time) or a date and time."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Write every published article as an IPTC ninjs file, one per article, "
        "named by its slug, into OUT_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR")
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only articles changed since then (YYYY-MM-DD or an ISO 8601 time).",
        )
        parser.add_argument(
            "--ninjs-version", choices=ninjs.VERSIONS, default=ninjs.DEFAULT_VERSION
        )
        parser.add_argument(
            "--base-url",
            default=f"https://{settings.NEWSROOM_URI_AUTHORITY}/",
            help="The site's address, for absolute photo links.",
        )

    def handle(self, *args, out_dir, verbosity=1, **options):
        articles = Article.objects.published().with_page_data().order_by("pk")
        if options["since"]:
            try:
                articles = articles.filter(modified_at__gte=since(options["since"]))
            except ValueError:
                raise CommandError(
                    f"--since: '{options['since']}' is not a date (YYYY-MM-DD)."
                ) from None
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror}") from None
        links = AbsoluteLinks(options["base_url"])
        written = 0
        articles = list(articles)
        for article in tqdm(
            articles,
            desc="export",
            unit="article",
            # The raw stream: OutputWrapper would end each redraw with a newline.
            file=self.stderr._out,
            disable=len(articles) < 2 or verbosity < 1,
        ):
            document = ninjs.article_to_ninjs(
                article, links, version=options["ninjs_version"]
            )
            path = out / f"{article.slug}.json"
            path.write_text(
                json.dumps(
                    document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
                )
                + "\n",
                encoding="utf-8",
            )
            written += 1
        if verbosity >= 1:
            self.stdout.write(
                _("%(count)s articles written to %(folder)s as ninjs %(version)s")
                % {
                    "count": written,
                    "folder": out,
                    "version": options["ninjs_version"],
                }
            )
