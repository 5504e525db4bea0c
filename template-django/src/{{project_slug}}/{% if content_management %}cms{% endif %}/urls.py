"""The CMS's routes: Wagtail's editor at /cms/ (Django's admin keeps /admin/), the published
pages under /pages/ (so the project's own routes stay its own), and, while DEBUG is on, uploaded
images from MEDIA_ROOT (in production the web server or a storage service serves them)."""

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

View = Callable[..., HttpResponseBase]


def editor_csp(view: View) -> View:
    """The site's Content-Security-Policy, relaxed for what Wagtail's editor needs, and only
    that: its widgets (date pickers, choosers) start from inline scripts, and its preview shows
    pages of the editor in a frame. Every asset still comes from this site."""
    allow_inline = csp_update({"script-src": [UNSAFE_INLINE]})
    frame_here = csp_replace({"frame-ancestors": [SELF]})
    return allow_inline(frame_here(view))


urlpatterns: list[URLPattern | URLResolver] = [
    path("cms/", include(decorate_urlpatterns(wagtailadmin_urls.urlpatterns, editor_csp))),
    path("pages/", include(wagtail_urls)),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
