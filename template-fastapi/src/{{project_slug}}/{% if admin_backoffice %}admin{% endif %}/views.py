"""The admin's views of the models. Password hashes are never listed, shown, exported or
edited here: users change their password through the API."""

from __future__ import annotations

from sqladmin import ModelView

from ..items.models import Item
from ..users.models import User


class UserAdmin(ModelView, model=User):
    name_plural = "Users"
    icon = "fa-solid fa-user"
    # Accounts are made by signing up or by `create-admin`, which set a password; the admin
    # has no password field, so it cannot make them.
    can_create = False
    can_export = False
    column_list = (
        User.id,
        User.email,
        User.full_name,
        User.is_active,
        User.is_superuser,
        User.created_at,
    )
    column_details_list = (
        User.id,
        User.email,
        User.full_name,
        User.is_active,
        User.is_superuser,
        User.created_at,
        User.updated_at,
    )
    column_searchable_list = (User.email, User.full_name)
    column_sortable_list = (User.id, User.email, User.created_at)
    # The e-mail address is the login: it stays as the user wrote it (lower-cased).
    form_columns = (User.full_name, User.is_active, User.is_superuser)


class ItemAdmin(ModelView, model=Item):
    name_plural = "Items"
    icon = "fa-solid fa-list"
    column_list = (Item.id, Item.title, Item.owner, Item.created_at)
    column_details_list = (
        Item.id,
        Item.title,
        Item.description,
        Item.owner,
        Item.created_at,
        Item.updated_at,
    )
    column_searchable_list = (Item.title,)
    column_sortable_list = (Item.id, Item.title, Item.created_at)
    form_columns = (Item.title, Item.description, Item.owner)
