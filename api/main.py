"""The API: its routers, who may call it (api.auth), its throttle, and its errors as
problem details (api.problems). The OpenAPI document is at /api/openapi.json and the
docs page at /api/docs, drawn by the Swagger UI that django-ninja ships as static files
(no CDN)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import claims, problems, review, sources
from .auth import AUTH, TokenThrottle


class DeskAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The schema, its error responses as application/problem+json (RFC 9457)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.PROBLEM_JSON] = content.pop("application/json")
        return schema


api = DeskAPI(
    title="FactDesk API",
    version="1",
    description=(
        "The desk's claims, documents, sources, questions and links. Send a personal "
        "token (made on your API tokens page) as `Authorization: Bearer <token>`; it may do "
        "what your role may do. Errors are RFC 9457 problem details."
    ),
    urls_namespace="api",
    auth=AUTH,
    throttle=[TokenThrottle()],
    # No external validator badge: the page loads nothing from outside the desk.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
problems.install(api)
api.add_router("", claims.router)
api.add_router("", claims.documents)
api.add_router("", review.router)
api.add_router("", sources.router)
