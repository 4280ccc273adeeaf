"""The upload form of the web import."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kam.imports.choices import ImportEntity

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")


class ImportUploadForm(forms.Form):
    """What the file holds, and the file (CSV in UTF-8, or Excel .xlsx)."""

    entity = forms.ChoiceField(
        label=gettext_lazy("Content"),
        choices=ImportEntity.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8) or Excel (.xlsx) with the documented columns; the first row is the header."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES), "class": "form-control"}),
    )

    def clean_file(self) -> UploadedFile:
        """Refuse other file types and files above the configured size."""
        upload: UploadedFile = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s can be uploaded.") % {"limit": filesizeformat(limit)}
            )
        return upload
