"""Pagination of search results in one pass over the index."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def search_page(
    queryset: QuerySet[Any], number: str | None, per_page: int, *, rows: QuerySet[Any] | None = None
) -> Page[Any]:
    """A page of a search: the matching ids in order in one query, then the page's rows by id (from
    ``rows`` when given: the same records without the annotations that only the order needed).

    A plain Paginator reads a region's index twice for a search (the count, then the ordered page);
    a search finds a few hundred rows at most, so their ids are cheap to hold.
    """
    ids = list(queryset.values_list("pk", flat=True))
    page = Paginator(ids, per_page).get_page(number)
    found = (queryset if rows is None else rows).in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    return page
