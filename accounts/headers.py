"""Response headers by page kind: the public site's policy, and a stricter one for the desk.

Public pages get ``CONTENT_SECURITY_POLICY`` and ``Referrer-Policy:
strict-origin-when-cross-origin`` (``SECURE_REFERRER_POLICY``). Every page under /admin/
(the desk, its article previews, the login and second-factor pages) gets
``NEWSROOM_ADMIN_CSP`` and ``no-referrer``, so an unpublished story's address never leaves
in a Referer. The desk's only inline script, the rich-text editor's import map, carries the
response's nonce.
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
        media = (response.context_data or {}).get("media")
        if is_desk(request) and isinstance(media, Media):
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
