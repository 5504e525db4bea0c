"""The pages. Forms are validated by the API's own schemas and saved by its services.

A form with errors comes back with status 200, as Django's do: browsers treat any other status
of a page as a failed load.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import EmailStr, TypeAdapter, ValidationError

from ..auth.login import LoginFailedError, LoginThrottledError, authenticate
from ..db import SessionDep
from ..deps import SettingsDep
from ..items import service as items
from ..items.schemas import ItemCreate, ItemUpdate
from ..mail import send_mail
from ..users import service as users
from ..users.models import User
from ..users.router import SIGNUP_ACCEPTED, signup_notice
from ..users.schemas import UserCreate
from .deps import CheckedForm, PageUser, SignedInUser, sign_in, text
from .templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
# The items table's integer key: larger ids cannot exist, and PostgreSQL refuses them.
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_email = TypeAdapter(EmailStr)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """The first problem with each field, worded for a person."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "form"
        errors.setdefault(field, error["msg"].removeprefix("Value error, "))
    return errors


def _not_found(request: Request, user: User) -> Response:
    context = {"user": user, "title": "Item not found", "message": "It does not exist here."}
    return render(request, "error.html", context, status_code=404)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/")
async def home(request: Request, user: PageUser) -> Response:
    return render(request, "home.html", {"user": user})


@router.get("/accounts/signup")
async def signup_form(request: Request, user: PageUser) -> Response:
    if user is not None:
        return _see_other("/my/items")
    return render(request, "signup.html", {"values": {}, "errors": {}})


@router.post("/accounts/signup")
async def signup(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> Response:
    """The API's signup: the same answer for a new and a registered address (the login form,
    with a notice), and an e-mail to the owner of a registered one."""
    values = {"email": text(form, "email").strip(), "full_name": text(form, "full_name").strip()}
    try:
        data = UserCreate.model_validate(
            {**values, "password": text(form, "password"), "full_name": values["full_name"] or None}
        )
    except ValidationError as exc:
        return render(request, "signup.html", {"values": values, "errors": field_errors(exc)})
    email = users.normalize_email(data.email)
    user = await users.sign_up(
        session, email=email, password=data.password.get_secret_value(), full_name=data.full_name
    )
    if user is None:
        background.add_task(send_mail, settings, **signup_notice(settings, email))
    context = {"email": email, "error": None, "notice": SIGNUP_ACCEPTED}
    return render(request, "login.html", context)


@router.get("/accounts/login")
async def login_form(request: Request, user: PageUser) -> Response:
    if user is not None:
        return _see_other("/my/items")
    return render(request, "login.html", {"email": "", "error": None})


@router.post("/accounts/login")
async def login(
    request: Request, form: CheckedForm, session: SessionDep, settings: SettingsDep
) -> Response:
    email, password = text(form, "email").strip(), text(form, "password")

    def refuse(error: str, *, status_code: int = 200) -> Response:
        context = {"email": email, "error": error}
        return render(request, "login.html", context, status_code=status_code)

    try:
        key = users.normalize_email(_email.validate_python(email))
    except ValidationError:
        return refuse("Enter your e-mail address and password.")
    # The API's own check and throttling: failures here and there count together.
    client = request.client.host if request.client else ""
    try:
        user = await authenticate(session, key, password, client=client, settings=settings)
    except LoginThrottledError:
        return refuse("Too many failed logins; try again later.", status_code=429)
    except LoginFailedError:
        return refuse("Incorrect e-mail address or password.")
    sign_in(request, user)
    return _see_other("/my/items")


@router.post("/accounts/logout")
async def logout(request: Request, _form: CheckedForm) -> Response:
    request.session.clear()
    return _see_other("/")


async def _items_page(
    request: Request,
    session: SessionDep,
    user: SignedInUser,
    *,
    page: int,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    found, total = await items.list_items(
        session, owner_id=user.id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context: dict[str, Any] = {
        "user": user,
        "items": found,
        "total": total,
        "page": page,
        "pages": max(1, math.ceil(total / PAGE_SIZE)),
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "items.html", context)


@router.get("/my/items")
async def item_list(
    request: Request,
    session: SessionDep,
    user: SignedInUser,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    return await _items_page(request, session, user, page=page)


def _item_values(form: CheckedForm) -> dict[str, str]:
    return {"title": text(form, "title").strip(), "description": text(form, "description")}


@router.post("/my/items")
async def item_create(
    request: Request, form: CheckedForm, session: SessionDep, user: SignedInUser
) -> Response:
    values = _item_values(form)
    try:
        data = ItemCreate.model_validate(
            {"title": values["title"], "description": values["description"] or None}
        )
    except ValidationError as exc:
        return await _items_page(
            request,
            session,
            user,
            page=1,
            values=values,
            errors=field_errors(exc),
        )
    await items.create_item(session, owner_id=user.id, data=data)
    return _see_other("/my/items")


@router.get("/my/items/{item_id}/edit")
async def item_edit_form(
    request: Request, item_id: ItemId, user: SignedInUser, session: SessionDep
) -> Response:
    item = await items.get_item(session, owner_id=user.id, item_id=item_id)
    if item is None:
        return _not_found(request, user)
    values = {"title": item.title, "description": item.description or ""}
    context = {"user": user, "item_id": item_id, "values": values, "errors": {}}
    return render(request, "item_edit.html", context)


@router.post("/my/items/{item_id}/edit")
async def item_edit(
    request: Request, item_id: ItemId, form: CheckedForm, session: SessionDep, user: SignedInUser
) -> Response:
    values = _item_values(form)
    try:
        data = ItemUpdate.model_validate(
            {"title": values["title"], "description": values["description"] or None}
        )
    except ValidationError as exc:
        context = {"user": user, "item_id": item_id, "values": values, "errors": field_errors(exc)}
        return render(request, "item_edit.html", context)
    if await items.update_item(session, owner_id=user.id, item_id=item_id, data=data) is None:
        return _not_found(request, user)
    return _see_other("/my/items")


@router.post("/my/items/{item_id}/delete")
async def item_delete(
    request: Request, item_id: ItemId, _form: CheckedForm, session: SessionDep, user: SignedInUser
) -> Response:
    if not await items.delete_item(session, owner_id=user.id, item_id=item_id):
        return _not_found(request, user)
    return _see_other("/my/items")
