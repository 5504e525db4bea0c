"""OpenAPI post-processing (drf-spectacular): the error answers operations give, documented.

drf-spectacular documents what a view returns on success; DRF, simplejwt and django-axes add
errors of their own. Each is documented where it can happen, so that clients (and schema
checkers) see every status code the API sends.
"""

from typing import Any

ERROR = {
    "type": "object",
    "description": "What went wrong: `detail`, or a list of messages per field.",
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
}
# django-axes locks out repeated failed logins on these (users/api.py turns that into a 429).
LOGIN_PATHS = ("/api/token/",)


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def document_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            if "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
                responses.setdefault("400", _error("The request is invalid."))
            security = operation.get("security", [])
            if security and {} not in security:
                responses.setdefault("401", _error("Missing, invalid or expired credentials."))
            if any(p.get("in") in ("path", "query") for p in parameters):
                responses.setdefault("404", _error("No such object, or no such page."))
            if path in LOGIN_PATHS:
                responses.setdefault("429", _error("Too many failed logins; try again later."))
            if "401" not in responses and path.startswith("/api/token/"):
                responses.setdefault("401", _error("The credentials or the token are not valid."))
    return result
