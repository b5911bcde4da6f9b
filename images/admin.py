"""The image library in the admin: upload (cleaned on the way in), caption, credit, preview.

Not registered here: who may see and change an image depends on the stories that show it,
which this app does not know. ``articles.admin.media`` registers a subclass with those rules.
"""

from django.contrib import admin
from django.utils.html import format_html

from images import renditions
from images.forms import ImageForm


class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "width", "height"]

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" style="max-height:48px">', obj.file.url) if obj.file else "—"

    @admin.display(description="Preview")
    def preview(self, obj):
        return format_html('<img src="{}" alt="" style="max-height:240px">', obj.file.url) if obj.file else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change and "file" in form.changed_data:
            renditions.discard(obj)
        # The worker makes the responsive copies after the commit, so no reader's request has to
        # encode them (and public GETs stay read-only, ready for a read replica).
        renditions.queue_renditions(obj)
