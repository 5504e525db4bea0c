from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView

from ..core import docs
from ..core import views as core_views
from ..notes import urls as notes_urls
from ..users import urls as users_urls
from ..users.api import TokenObtainView

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("token/", TokenObtainView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist"),
    path("", include(notes_urls)),
]

if settings.API_DOCS:
    # Swagger UI and ReDoc set styles inline, and ReDoc's search runs in a worker made from a blob.
    docs_csp = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})
    api_urlpatterns += [
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path(
            "docs/",
            docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")),
            name="swagger-ui",
        ),
        path(
            "redoc/",
            docs_csp(
                SpectacularRedocView.as_view(url_name="schema", template_name="docs/redoc.html")
            ),
            name="redoc",
        ),
        path("redoc/redoc.standalone.js", docs.redoc_bundle, name="redoc-bundle"),
    ]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("accounts/", include(users_urls)),
    path("admin/", admin.site.urls),
    path("api/", include(api_urlpatterns)),
]
