from django import forms
from django.utils.translation import gettext_lazy as _

from .exchange import MAX_IMPORT_BYTES, NEEDS_WORK, SCOPES


class ExportForm(forms.Form):
    scope = forms.ChoiceField(label=_("What to export"), choices=SCOPES.items(), initial=NEEDS_WORK)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("PO file"),
        help_text=_("A file exported here and filled in by a translator or a translation tool."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check, change nothing"),
        required=False,
        help_text=_("Shows what the import would do."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
