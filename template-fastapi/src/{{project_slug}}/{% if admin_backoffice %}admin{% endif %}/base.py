"""The base of the admin's views: what an admin URL carries is checked as the API checks it.

sqladmin turns the id in `/admin/<model>/details/<pk>`, `/admin/<model>/edit/<pk>` and
`/admin/<model>/delete?pks=...` into the column's type and queries with it, so text, a fraction
or a number past the column's range failed in the conversion or in the database (a 500). Here
such an id finds no row, and sqladmin answers as for any missing row (a 404). Likewise a search
for text no column can hold (NUL, which PostgreSQL refuses) finds nothing instead of failing.
Every model of the project has one integer primary key, `id`; a view of a model keyed otherwise
needs a base of its own.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqladmin import ModelView as SqladminModelView
from sqlalchemy import Select, false
from starlette.requests import Request

from ..fields import Id

_ID: TypeAdapter[int] = TypeAdapter(Id)


def row_id(value: object) -> int | None:
    """`value`, an id as a URL carries it, as a row id (the API's `Id`: ASCII digits, 1 to the
    column's largest), else None."""
    try:
        return _ID.validate_python(value)
    except ValidationError:
        return None


class ModelView(SqladminModelView):
    """sqladmin's view, answering an id that cannot be a row's with "not found"."""

    async def get_object_for_details(self, request: Request) -> Any:
        if row_id(request.path_params.get("pk")) is None:
            return None
        return await super().get_object_for_details(request)

    async def get_object_for_edit(self, request: Request) -> Any:
        if row_id(request.path_params.get("pk")) is None:
            return None
        return await super().get_object_for_edit(request)

    async def get_object_for_delete(self, value: Any) -> Any:
        if row_id(value) is None:
            return None
        return await super().get_object_for_delete(value)

    def search_query(self, stmt: Select[Any], term: str) -> Select[Any]:
        if "\x00" in term:
            return stmt.where(false())
        return super().search_query(stmt, term)
