"""The report's filters: a date range, programme, country, language and correspondent, read from the query string."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from articles.models import Country, Language, Programme
from insights.report import Scope
from people.models import Correspondent

#: The widest range the report takes: beyond it a request is refused rather than left to run long.
LONGEST = dt.timedelta(days=366 * 30)


class ReportFilterForm(forms.Form):
    start = forms.DateField(required=False, label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    programme = forms.ModelChoiceField(Programme.objects.all(), required=False, to_field_name="slug")
    country = forms.ModelChoiceField(Country.objects.all(), required=False, to_field_name="slug")
    language = forms.ChoiceField(choices=[("", gettext_lazy("All languages")), *Language.choices], required=False)
    correspondent = forms.ModelChoiceField(
        Correspondent.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.TextInput(attrs={"size": 24}),
        help_text=gettext_lazy("The byline's address, e.g. aigerim-tokonova; or follow a name in the table below."),
        error_messages={"invalid_choice": gettext_lazy("No correspondent has that byline address.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].empty_label = gettext_lazy("All programmes")
        self.fields["country"].empty_label = gettext_lazy("All countries")

    def clean(self):
        data = super().clean()
        default = Scope.last_year()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if start > end:
            raise forms.ValidationError(gettext_lazy("The start date is after the end date."))
        if end - start > LONGEST:
            raise forms.ValidationError(gettext_lazy("Choose a range of at most 30 years."))
        data["start"], data["end"] = start, min(end, timezone.localdate() + dt.timedelta(days=366))
        return data

    def scope(self):
        """The report's scope from valid filters (the last twelve months when none are given)."""
        data = self.cleaned_data
        return Scope(
            start=data["start"],
            end=data["end"],
            programme=data.get("programme"),
            country=data.get("country"),
            language=data.get("language") or "",
            correspondent=data.get("correspondent"),
        )
