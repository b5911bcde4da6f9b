"""Response headers by page kind: the public site's policy, and a stricter one for the desk.

Public pages get ``CONTENT_SECURITY_POLICY`` and ``Referrer-Policy:
strict-origin-when-cross-origin`` (``SECURE_REFERRER_POLICY``). Every page under /admin/
(the desk, its article previews, the login and second-factor pages) gets
``NEWSROOM_ADMIN_CSP`` and ``no-referrer``, so an unpublished story's address never leaves
in a Referer. The desk's only inline script, the rich-text editor's import map, carries the
response's nonce.

``no-referrer`` has a cost Django's CSRF check must be told about: a browser then sends
``Origin: null`` with every form POST from a desk page, same site or not. The desk accepts
that ``null`` only when the browser itself vouches the POST came from this site
(``Sec-Fetch-Site: same-origin``, a header no page can set): ``NullOriginMiddleware`` then
puts this site's origin in its place before Django's own CSRF check, which runs as always.
A cross-site POST (a sandboxed frame also says ``null``) is still refused.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from js_asset import Media


def is_desk(request):
    return request.path_info.startswith(reverse("admin:index"))


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the desk's policy under /admin/, plus Referrer-Policy."""

    def process_template_response(self, request, response):
        if not is_desk(request):
            return response
        # A response that went through the page cache was pickled without its context.
        media = (getattr(response, "context_data", None) or {}).get("media")
        if isinstance(media, Media):
            response.context_data["media"] = media.with_nonce(str(request.csp_nonce))
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_desk(request) and not report_only:
            parts.config = settings.NEWSROOM_ADMIN_CSP
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if is_desk(request):
            response.headers["Referrer-Policy"] = "no-referrer"
        return response


class NullOriginMiddleware:
    """Before Django's CSRF check: a same-site POST from a no-referrer page says ``Origin: null``;
    when the browser vouches it is same-origin, put this site's origin there instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
