"""Someone else's row answers 404, whether or not it exists, and the attempt is recorded.

A typed-in or guessed id of a row the user may not see (another correspondent's draft,
image or source) gets the same answer as an id that was never used: a 404, nothing
changed, nothing confirmed. The attempt goes into the audit trail, with the row it aimed
at when there is one, so the desk can see an account probing its colleagues' work.
"""

import contextlib

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext

from audit.log import record
from audit.models import AuditAction


def refuse(request, model, object_id, *, view):
    """Record a refused look at ``model`` row ``object_id`` and answer 404."""
    target = None
    # Not even a valid id: recorded all the same, without a target.
    with contextlib.suppress(ValueError, TypeError, ValidationError):
        target = model._default_manager.filter(pk=object_id).first()
    record(
        AuditAction.ACCESS_REFUSED,
        request=request,
        target=target,
        detail={"model": model._meta.label_lower, "id": str(object_id)[:64], "view": view},
    )
    raise Http404(gettext("No such %(thing)s.") % {"thing": model._meta.verbose_name})


class RefuseUnseenRows:
    """For a ``ModelAdmin`` whose ``get_queryset`` holds the row rule: an id outside it answers 404.

    Django's admin answers a missing id with a redirect to the index; here any id outside the
    rule, missing or hidden, answers 404 and is recorded.
    """

    def object_or_refuse(self, request, object_id, *, view):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            refuse(request, self.model, unquote(object_id), view=view)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.object_or_refuse(request, object_id, view="change")
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.object_or_refuse(request, object_id, view="delete")
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.object_or_refuse(request, object_id, view="history")
        return super().history_view(request, object_id, extra_context)
