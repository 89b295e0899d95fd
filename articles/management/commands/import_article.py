from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from articles.importing import MAX_BYTES, ImportRefused
from articles.importing.batch import Summary, import_one
from articles.models import Article, Section

VERBS = {
    (False, "created"): gettext_lazy("created"),
    (False, "updated"): gettext_lazy("updated"),
    (True, "created"): gettext_lazy("would create"),
    (True, "updated"): gettext_lazy("would update"),
}


def reader(path):
    def read():
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough to refuse the file.
                return handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise ImportRefused(error.strerror or str(error)) from None

    return read


class Command(BaseCommand):
    help = (
        "Import stories from plain-text wire copy (the seed story's layout) or "
        "IPTC ninjs 2.x/3.x JSON files. Each file is one transaction; importing "
        "the same item again updates its article. Articles are drafts unless "
        "--publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the articles (an item the source withholds stays a draft).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be created or changed, and write nothing.",
        )
        parser.add_argument(
            "--link-entities",
            action="store_true",
            help="Also link the entities in the database that the text names.",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="The section of new articles (default: 'importadas').",
        )

    def handle(self, *args, paths, verbosity=1, **options):
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(f"No section with the slug '{options['section']}'.")
        settings = {
            "publish": options["publish"],
            "dry_run": options["dry_run"],
            "link_entities": options["link_entities"],
            "section": section,
        }
        summary = Summary()
        bar = tqdm(
            paths,
            desc="import",
            unit="file",
            # The raw stream: OutputWrapper would end each redraw with a newline.
            file=self.stderr._out,
            disable=len(paths) < 2 or verbosity < 1,
        )
        for name in bar:
            result = import_one(name, reader(Path(name)), **settings)
            summary.results.append(result)
            if verbosity >= 1:
                with tqdm.external_write_mode(file=self.stderr._out):
                    self.stdout.write(self.describe(result, options["dry_run"]))

        summary.finish(dry_run=options["dry_run"])
        if len(paths) > 1 and verbosity >= 1:
            self.stdout.write(str(summary))
        refused = summary.refused
        if len(refused) == 1 and len(paths) == 1:
            raise CommandError(f"{refused[0].name}: {refused[0].refusal}")
        if refused:
            raise CommandError(
                f"{len(refused)} of {len(paths)} files refused: "
                + "; ".join(f"{result.name}: {result.refusal}" for result in refused)
            )

    def describe(self, result, dry_run):
        if result.refusal:
            return self.style.ERROR(
                _("refused %(file)s: %(reason)s")
                % {"file": result.name, "reason": result.refusal}
            )
        outcome = result.outcome
        line = _("%(action)s %(file)s: '%(headline)s' (%(status)s)") % {
            "action": VERBS.get((dry_run, outcome.action), _("unchanged")),
            "file": result.name,
            "headline": outcome.headline,
            "status": Article.Status(outcome.status).label,
        }
        if outcome.changes and (dry_run or outcome.action == "updated"):
            line += "".join(f"\n  {change}" for change in outcome.changes)
        return line
