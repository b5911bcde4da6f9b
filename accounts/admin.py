"""The user page's security buttons, for superusers: reset a second factor, end every session.

The user admin itself is people's (roles and their actions); this adds two confirmed POST
steps to it. Both are recorded in the audit trail by ``accounts.second_factor.reset`` and
``accounts.sessions.revoke``.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor, sessions
from people.admin import UserAdmin as PeopleUserAdmin

User = get_user_model()

# Device secrets are not for anyone's screen: devices are managed from the user page.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(PeopleUserAdmin):
    change_form_template = "admin/auth/user/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/reset-second-factor/",
                view(self.reset_second_factor_view),
                name="auth_user_reset_second_factor",
            ),
            path("<path:object_id>/end-sessions/", view(self.end_sessions_view), name="auth_user_end_sessions"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_secure_account": request.user.is_superuser, **(extra_context or {})}
        if request.user.is_superuser:
            user = self.get_object(request, object_id)
            if user is not None:
                extra["has_second_factor"] = second_factor.is_enrolled(user)
                extra["session_count"] = len(sessions.active_sessions(user))
        return super().change_view(request, object_id, form_url, extra)

    def _security_step(self, request, object_id, *, title, question, button, act):
        if not request.user.is_superuser:
            raise PermissionDenied
        user = get_object_or_404(User, pk=object_id)
        change_url = reverse("admin:auth_user_change", args=[user.pk])
        if request.method == "POST":
            self.message_user(request, act(user), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subject": user,
            "question": question,
            "button": button,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/auth/user/security_confirm.html", context)

    def reset_second_factor_view(self, request, object_id):
        def act(user):
            removed = second_factor.reset(user, by=request.user, request=request)
            return ngettext(
                "Second factor of %(user)s reset (%(count)d device removed). They set up a new one at next login.",
                "Second factor of %(user)s reset (%(count)d devices removed). They set up a new one at next login.",
                removed,
            ) % {"user": user, "count": removed}

        return self._security_step(
            request,
            object_id,
            title=gettext("Reset second factor"),
            question=gettext(
                "Remove this person's authenticator app and recovery codes? At their next login they "
                "set up a new one (required for editors)."
            ),
            button=gettext("Reset the second factor"),
            act=act,
        )

    def end_sessions_view(self, request, object_id):
        def act(user):
            keep = request.session.session_key if user.pk == request.user.pk else None
            ended = sessions.revoke(user, by=request.user, request=request, keep=keep)
            return ngettext(
                "%(user)s was logged out of %(count)d session.", "%(user)s was logged out of %(count)d sessions.", ended
            ) % {"user": user, "count": ended}

        return self._security_step(
            request,
            object_id,
            title=gettext("Log out everywhere"),
            question=gettext(
                "End every session of this account now, on every device (a seized or lost phone)? "
                "Change the password too if it may be known."
            ),
            button=gettext("Log out everywhere"),
            act=act,
        )
