"""Many files at once, for the command and the admin's Import page: each file
in its own transaction, and a summary of what happened to every one."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from articles.seeding.bulk import ARCHIVE, analyze

from .base import ImportRefused


@dataclass
class Result:
    name: str
    outcome: object = None
    refusal: ImportRefused | None = None

    @property
    def action(self):
        return "refused" if self.refusal else self.outcome.action


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    def count(self, action):
        return sum(1 for result in self.results if result.action == action)

    def finish(self, dry_run=False):
        """A batch that wrote more than one file ends with ANALYZE of the
        tables an import writes (one file is left to autovacuum)."""
        written = self.count("created") + self.count("updated")
        if not dry_run and written > 1:
            analyze(ARCHIVE, with_history=True)

    @property
    def refused(self):
        return [result for result in self.results if result.refusal]

    def __str__(self):
        return str(
            _(
                "%(files)s files: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(refused)s refused"
            )
        ) % {
            "files": len(self.results),
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "refused": self.count("refused"),
        }


def import_one(name, read, **options):
    """``read`` returns the file's bytes (at most ``MAX_BYTES`` + 1 of them)
    or raises ``ImportRefused``."""
    from . import import_file

    try:
        return Result(name, outcome=import_file(name, read(), **options))
    except ImportRefused as refusal:
        return Result(name, refusal=refusal)
