"""The second factor: who must use one, enrolling an authenticator app, checking codes, resetting.

``NEWSROOM_2FA_REQUIRED`` says who must enrol: editors and superusers ("staff-editors"),
every desk account ("everyone") or nobody ("off"). Whoever has enrolled is asked for a code
at every login whatever the setting says. A code is a six-digit TOTP code from the app or one
of ten single-use recovery codes handed out at enrolment.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.workflow import is_editor
from audit.log import record
from audit.models import AuditAction

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def is_required(user):
    """True when the setting asks this desk user to have a second factor."""
    policy = settings.NEWSROOM_2FA_REQUIRED
    if policy == "everyone":
        return True
    if policy == "staff-editors":
        return user.is_superuser or is_editor(user)
    return False


def is_enrolled(user):
    return user_has_device(user, confirmed=True)


def must_verify(user):
    """True while a logged-in user still owes the desk a code for this session."""
    if user.is_verified():
        return False
    return is_enrolled(user) or is_required(user)


def pending_app_device(user):
    """The authenticator-app device being enrolled (unconfirmed), made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device):
    """The device's setup address as an inline SVG QR code (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def secret_text(device):
    """The shared secret in base32 groups of four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def confirm_enrolment(request, device, token):
    """Confirm ``device`` with a code from the app; returns the new recovery codes, or None if the code is wrong."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        record(AuditAction.OTP_FAILED, request=request, target=user, detail={"step": "enrolment"})
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = new_recovery_codes(user)
    otp_login(request, device)
    record(AuditAction.OTP_ENROLLED, request=request, target=user, detail={"device": APP_DEVICE_NAME})
    return codes


def new_recovery_codes(user):
    """Replace the user's recovery codes with ten fresh ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(request, token):
    """Check a code (app or recovery) for the logged-in user; on success the session is verified."""
    token = "".join(token.split()).lower()
    device = match_token(request.user, token) if token else None
    if device is None:
        record(AuditAction.OTP_FAILED, request=request, target=request.user, detail={"step": "login"})
        return None
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        record(AuditAction.LOGIN, request=request, target=request.user, detail={"recovery_code": True, "left": left})
    return device


@transaction.atomic
def reset(user, *, by, request=None):
    """Remove every second-factor device of ``user``; only a superuser may. Recorded."""
    if not by.is_superuser:
        raise PermissionDenied("Only a superuser can reset a second factor.")
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    record(AuditAction.OTP_RESET, actor=by, request=request, target=user, detail={"devices": removed})
    return removed
