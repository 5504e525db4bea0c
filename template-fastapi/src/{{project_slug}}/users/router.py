from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, status

from ..db import SessionDep
from ..deps import CurrentSuperuser, CurrentUser
from ..errors import error_responses
from ..pagination import Page, PageDep
from ..security import verify_password
from . import service
from .schemas import UserCreate, UserPublic, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409),
    summary="Create an account",
)
async def signup(body: UserCreate, session: SessionDep) -> UserPublic:
    try:
        user = await service.create_user(
            session,
            email=body.email,
            password=body.password.get_secret_value(),
            full_name=body.full_name,
        )
    except service.EmailTakenError:
        raise HTTPException(status.HTTP_409_CONFLICT, "This e-mail address is taken") from None
    return UserPublic.model_validate(user)


@router.get("/me", responses=error_responses(401), summary="The signed-in user")
async def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.patch("/me", responses=error_responses(400, 401), summary="Update the signed-in user")
async def update_me(body: UserUpdate, user: CurrentUser, session: SessionDep) -> UserPublic:
    """Change your name or password; a new password needs the current one."""
    if body.current_password is not None and not await verify_password(
        body.current_password.get_secret_value(), user.password_hash
    ):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The current password is incorrect")
    user = await service.update_user(
        session,
        user,
        full_name=body.full_name,
        password=body.password.get_secret_value() if body.password else None,
    )
    return UserPublic.model_validate(user)


@router.delete(
    "/me",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(401),
    summary="Delete your account",
)
async def delete_me(user: CurrentUser, session: SessionDep) -> Response:
    """Delete the signed-in user and everything they own."""
    await session.delete(user)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("", responses=error_responses(401, 403), summary="All users (administrators)")
async def list_users(
    _admin: CurrentSuperuser, session: SessionDep, page: PageDep
) -> Page[UserPublic]:
    users, total = await service.list_users(session, limit=page.limit, offset=page.offset)
    return Page(
        items=[UserPublic.model_validate(u) for u in users],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
