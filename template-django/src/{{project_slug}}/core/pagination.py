"""The API's pagination: DRF's page numbers, refusing a page that is not a number.

DRF reads `?page=` (empty) as page 1, so a request the OpenAPI schema calls invalid (the page is
an integer) was served. Here it is refused as `?page=abc` is: a 404 "Invalid page."
"""

from typing import Any

from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> Any:
        page_number = request.query_params.get(self.page_query_param, 1)
        if page_number in self.last_page_strings:
            page_number = paginator.num_pages
        return page_number
