from django.db import models


class SlugQuerySet(models.QuerySet):
    """Finds objects by slug, their natural key, so that fixtures and dumps
    refer to 'peru' rather than to a database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
