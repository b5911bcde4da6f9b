"""The image form stores the upload as the last step of checking it, so a storage outage is a
form error that keeps the alt text and caption, not an error page after the words were typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from health.throttle import warn_once_per
from images.models import Image

STORAGE_DOWN = gettext_lazy(
    "The photo could not be stored just now: the media storage is not answering. Nothing was saved. "
    "Your alt text, caption and credit are still in the form; choose the file again and save in a minute."
)


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        labels = {"focal_x": "Focal point across", "focal_y": "Focal point down"}
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y") & self.fields.keys():
            # Left out of a POST (a script, an older form): the focal point stays where it was.
            self.fields[name].required = False
            self.fields[name].help_text += " Click the picture above to set it."

    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _focal(self, name):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value

    def _post_clean(self):
        super()._post_clean()
        file = self.instance.file
        if self.errors or not file or file._committed:
            return  # refused anyway, or no new file (the stored one stays)
        try:
            file.save(file.name, file.file, save=False)
        except Exception as error:  # whatever the storage backend raises: disk, permissions, S3, network
            warn_once_per("storage", 60, "Media storage refused an upload (%s: %s).", type(error).__name__, error)
            self.add_error("file", ValidationError(STORAGE_DOWN, code="storage_unavailable"))
