"""Pages of the public lists without COUNT(*).

Counting every published article (or every article about Perú) on each hit
of the home page costs more than the page itself at 100,000 articles, and
readers do not need the total: they need "Older". ``NoCountPaginator`` reads
one row more than a page to know whether there is a next one, and stops at
``MAX_PAGES`` (deep offsets are for the archive's API, which pages by cursor).
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

MAX_PAGES = 250


class NoCountPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next


class NoCountPaginator(Paginator):
    # Unknown: the template then prints "Page N", not "Page N of M", and
    # ListView's ?page=last is answered 404.
    num_pages = None

    @cached_property
    def count(self):
        raise NotImplementedError("NoCountPaginator never counts")

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if not 1 <= number <= MAX_PAGES:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return NoCountPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )
