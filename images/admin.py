"""The image library in the admin: upload (cleaned on the way in), caption, credit, focal point, picker.

Not registered here: who may see and change an image depends on the stories that show it,
which this app does not know. ``articles.admin.media`` registers a subclass with those rules;
every page here (the list, the picker and its JSON) starts from ``get_queryset``, so they obey them.

Desk pages show renditions only, never the originals: a square thumbnail cut around the focal
point in lists and the picker, an 800 px copy on the change page. An image whose copies are
not made yet shows a placeholder and is queued for the worker; no page request encodes a picture.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from images import renditions
from images.forms import ImageForm
from images.widgets import thumbnail_html

#: Images per page of the picker's grid.
PICKER_PAGE = 24


class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    list_display_links = ["alt_text"]  # the thumbnail has no text of its own to name a link
    list_per_page = 50
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]
    fields = ["file", "preview", "focal_x", "focal_y", "alt_text", "caption", "credit", "width", "height"]

    class Media:
        css = {"all": ["admin-newsroom/library.css"]}
        js = ["admin-newsroom/focal-point.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        renditions.queue_missing(changelist.result_list)
        return changelist

    @admin.display(description=gettext_lazy("Image"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=gettext_lazy("Preview and focal point"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        renditions.queue_missing([obj])
        shown = renditions.figure_rendition(obj)
        if shown is None:
            return format_html(
                '<span class="image-preview--waiting">{}</span>',
                gettext("The copies of this picture are being prepared; reload in a minute to set its focal point."),
            )
        return format_html(
            '<div class="focal-point" data-focal-point><img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-point__marker" style="left:{}%;top:{}%" aria-hidden="true"></span></div>'
            '<p class="help">{}</p>',
            shown.file.url,
            shown.width,
            shown.height,
            obj.alt_text,
            round(obj.focal_x * 100, 2),
            round(obj.focal_y * 100, 2),
            gettext("Click the subject of the picture: square crops (thumbnails) keep that point in view."),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change and "file" in form.changed_data:
            renditions.discard(obj)
        elif change and {"focal_x", "focal_y"} & set(form.changed_data):
            renditions.discard(obj, crops_only=True)
        # The worker makes the responsive copies after the commit, so no reader's request has to
        # encode them (and public GETs stay read-only, ready for a read replica).
        renditions.queue_renditions(obj)

    # --- the picker: a searchable grid for the lead image and inline figures ----------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("picker/", self.admin_site.admin_view(self.picker_view), name="{}_{}_picker".format(*info)),
            path(
                "picker.json", self.admin_site.admin_view(self.picker_json_view), name="{}_{}_picker_json".format(*info)
            ),
            *super().get_urls(),
        ]

    def picker_results(self, request):
        """One page of the images ``request.user`` may see, newest first, searched by ``q``."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = self.get_queryset(request).order_by("-created_at", "-pk")
        query = request.GET.get("q", "").strip()
        if query:
            images = images.filter(Q(alt_text__icontains=query) | Q(caption__icontains=query)
                                   | Q(credit__icontains=query))  # fmt: skip
        page = Paginator(images, PICKER_PAGE).get_page(request.GET.get("page"))
        renditions.queue_missing(page.object_list)
        return query, page

    def picker_json_view(self, request):
        query, page = self.picker_results(request)
        results = []
        for image in page.object_list:
            thumb = renditions.thumbnail(image)
            figure = renditions.figure_rendition(image)
            results.append({
                "id": image.pk,
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
                "thumbnail": thumb,
                "src": figure.file.url if figure else None,
                "width": figure.width if figure else None,
                "height": figure.height if figure else None,
            })  # fmt: skip
        response = JsonResponse({"query": query, "results": results, "next": page.has_next() and page.number + 1})
        response["Cache-Control"] = "private, no-store"
        return response

    def picker_view(self, request):
        """The picker as a page of its own (the body editor opens it in a small window)."""
        query, page = self.picker_results(request)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Insert a picture from the library"),
            "opts": self.opts,
            "query": query,
            "page": page,
            "is_popup": True,
            "items": [
                (image, renditions.thumbnail(image), renditions.figure_rendition(image)) for image in page.object_list
            ],  # fmt: skip
        }
        return TemplateResponse(request, "admin/images/image/picker.html", context)
