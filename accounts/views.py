"""The desk's own account pages: the code step, enrolling a second factor, and one's sessions."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import second_factor, sessions
from accounts.forms import CodeForm


def _next(request):
    """Where to go after the step: the ``next`` asked for if it stays on this site, else the desk."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _page(request, template, **extra):
    return render(request, template, {**admin.site.each_context(request), "next": _next(request), **extra})


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code step after the password: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next(request))
    if not second_factor.is_enrolled(user):
        return HttpResponseRedirect(f"{reverse('accounts:enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = second_factor.verify(request, form.cleaned_data["code"])
        if device is not None:
            return HttpResponseRedirect(_next(request))
        form.add_error(
            "code", gettext("That code was not accepted. Codes change every 30 seconds; try the current one.")
        )
    return _page(request, "accounts/second_factor_verify.html", title=gettext("Second factor"), form=form)


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app: scan the code, type the six digits it shows, keep the recovery codes."""
    user = request.user
    if second_factor.is_enrolled(user):
        # Whoever holds only the password must not add their own device.
        if not user.is_verified():
            return HttpResponseRedirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        return _page(request, "accounts/second_factor_enrolled.html", title=gettext("Second factor"))
    device = second_factor.pending_app_device(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _page(
                request, "accounts/second_factor_recovery_codes.html", title=gettext("Recovery codes"), codes=codes
            )
        form.add_error(
            "code", gettext("That code was not accepted. Check the app shows this site and try the current code.")
        )
    return _page(
        request,
        "accounts/second_factor_enrol.html",
        title=gettext("Set up a second factor"),
        form=form,
        qr_svg=second_factor.qr_svg(device),
        secret=second_factor.secret_text(device),
        required=second_factor.is_required(user),
    )


@never_cache
@staff_member_required
def session_list(request):
    """The user's own logged-in sessions, with a button to end all but this one."""
    current = request.session.session_key
    return _page(
        request,
        "accounts/usersession_list.html",
        title=gettext("Your sessions"),
        sessions=sessions.active_sessions(request.user),
        current_key=current,
    )


@staff_member_required
@require_POST
def revoke_other_sessions(request):
    ended = sessions.revoke(request.user, by=request.user, request=request, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "Logged out of %(count)d other session. This one stays logged in.",
            "Logged out of %(count)d other sessions. This one stays logged in.",
            ended,
        )
        % {"count": ended},
    )
    return HttpResponseRedirect(reverse("accounts:sessions"))
