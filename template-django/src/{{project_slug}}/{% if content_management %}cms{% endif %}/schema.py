"""drf-spectacular hooks for the CMS."""

from collections.abc import Callable
from typing import Any

Endpoint = tuple[str, str, str, Callable[..., Any]]


def without_editor_api(endpoints: list[Endpoint], **kwargs: object) -> list[Endpoint]:
    """The project's OpenAPI schema leaves out the API that Wagtail's editor calls for itself
    (under /cms/): it belongs to the editor, not to the project's clients."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith("/cms/")]
