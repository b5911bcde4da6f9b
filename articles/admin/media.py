"""The image library as the desk uses it: ``images.admin.ImageAdmin`` with the row rules of
``articles.media`` (who may see, pick and change which image)."""

from django.contrib import admin

from articles import media
from audit.refusals import RefuseUnseenRows
from images.admin import ImageAdmin
from images.models import Image


@admin.register(Image)
class ImageLibraryAdmin(RefuseUnseenRows, ImageAdmin):
    """The changelist, change view, history, delete view and the lead-image autocomplete all
    start from ``get_queryset``; a row outside it answers 404 (``RefuseUnseenRows``)."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=media.images_visible_to(request.user).values("pk"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or media.can_change_image(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or media.can_change_image(request.user, obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            media.record_public_change(request, obj, form.changed_data)
