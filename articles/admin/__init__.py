"""The desk's door: the Django admin. Importing the package registers every
model admin (``admin.autodiscover`` imports ``articles.admin``)."""

from . import articles, catalogue, jobs, photos  # noqa: F401
