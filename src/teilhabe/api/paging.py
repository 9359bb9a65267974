"""Page-number pagination with a stable envelope: count, page, pages, results."""

import math
from collections.abc import Callable
from typing import Any, TypedDict

from ninja import Schema
from pydantic import Field, create_model

from teilhabe.api.schemas import NulFree

MAX_PAGE_SIZE = 200

# What a route returns for one object when it is not the model itself: the fields of the route's
# response schema, which ninja validates and documents on the way out.
Fields = dict[str, object]


class Page(TypedDict):
    """One page of a list, as the schema of `page_schema` describes it."""

    count: int
    page: int
    pages: int
    results: list[Any]  # objects or Fields


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        results=(list[item], ...),  # type: ignore[valid-type]  # the item schema is an argument
    )


def paginate(items: Any, page: int, page_size: int) -> Page:
    """One page of a queryset or list; a page beyond the end is simply empty."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (max(page, 1) - 1) * size
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / size)),
        "results": list(items[start : start + size]),
    }


class Paging(NulFree):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def paged(items: Any, paging: Paging, convert: Callable[[Any], object]) -> Page:
    page = paginate(items, paging.page, paging.page_size)
    page["results"] = [convert(item) for item in page["results"]]
    return page
