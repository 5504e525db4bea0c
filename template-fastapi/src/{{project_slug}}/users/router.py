from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, HTTPException, Response, status

from ..db import SessionDep
from ..deps import CurrentSuperuser, CurrentUser, SettingsDep
from ..errors import error_responses
from ..fields import Id
from ..mail import send_mail
from ..pagination import Page, PageDep
from ..security import verify_password
from ..settings import Settings
from . import service
from .models import User
from .schemas import SignupAccepted, UserAdminUpdate, UserCreate, UserPublic, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


SIGNUP_ACCEPTED = (
    "If this address was new, the account is ready: log in with it. If it was registered "
    "already, nothing changed and its owner has been e-mailed."
)


def signup_notice(settings: Settings, email: str) -> dict[str, str]:
    """The e-mail to the owner of an address someone tried to sign up with again."""
    body = (
        "Someone, perhaps you, tried to create an account with this e-mail address, which "
        "already has one. Nothing was changed.\n\n"
        "If you have forgotten your password, ask for a reset at "
        f"{settings.password_reset_url}.\n\n"
        "If it was not you, you can ignore this message.\n"
    )
    return {"to": email, "subject": "Sign-up attempt with your address", "body": body}


@router.post(
    "/signup",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Create an account",
)
async def signup(
    body: UserCreate, session: SessionDep, settings: SettingsDep, background: BackgroundTasks
) -> SignupAccepted:
    """Create an account, then log in with `POST /auth/token`. The answer is the same whether
    or not the address was registered, so that signup cannot tell who has an account; the
    owner of a registered address gets an e-mail instead."""
    user = await service.sign_up(
        session,
        email=body.email,
        password=body.password.get_secret_value(),
        full_name=body.full_name,
    )
    if user is None:
        email = service.normalize_email(body.email)
        background.add_task(send_mail, settings, **signup_notice(settings, email))
    return SignupAccepted(detail=SIGNUP_ACCEPTED)


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


async def _get_user(session: SessionDep, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such user")
    return user


@router.get(
    "/{user_id}", responses=error_responses(401, 403, 404), summary="A user (administrators)"
)
async def read_user(user_id: Id, _admin: CurrentSuperuser, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(await _get_user(session, user_id))


@router.patch(
    "/{user_id}",
    responses=error_responses(400, 401, 403, 404),
    summary="Change a user (administrators)",
)
async def update_user(
    user_id: Id, body: UserAdminUpdate, admin: CurrentSuperuser, session: SessionDep
) -> UserPublic:
    """Rename, activate or deactivate a user, or make them an administrator or not. A
    deactivated user's tokens are refused. Administrators cannot deactivate or demote
    themselves here, so that one always remains."""
    user = await _get_user(session, user_id)
    if user.id == admin.id and (body.is_active is False or body.is_superuser is False):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "Administrators cannot deactivate or demote themselves"
        )
    user = await service.administer(
        session,
        user,
        full_name=body.full_name,
        is_active=body.is_active,
        is_superuser=body.is_superuser,
    )
    return UserPublic.model_validate(user)


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(400, 401, 403, 404),
    summary="Delete a user (administrators)",
)
async def delete_user(user_id: Id, admin: CurrentSuperuser, session: SessionDep) -> Response:
    """Delete a user and everything they own. Administrators delete their own account with
    `DELETE /users/me`."""
    user = await _get_user(session, user_id)
    if user.id == admin.id:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "Delete your own account with DELETE /users/me"
        )
    await session.delete(user)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
