"""The CSV import form: a file uploaded, or the file the preview carried back to confirm."""

import base64
import binascii

from django import forms
from django.conf import settings


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", required=False)
    # The previewed file, carried back by the confirm button (base64: kept byte for byte).
    content = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        cap = settings.IMPORT_MAX_BYTES
        upload = data.get("file")
        if upload is not None:
            if upload.size > cap:
                raise forms.ValidationError(
                    f"The file is larger than {cap // 1024:,} KiB; split it into smaller files."
                )
            raw = upload.read()
        elif data.get("content"):
            try:
                raw = base64.b64decode(data["content"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError("Upload the file again.") from None
            if len(raw) > cap:
                raise forms.ValidationError("Upload the file again.")
        else:
            raise forms.ValidationError("Choose a CSV file.")
        try:
            data["text"] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
            ) from None
        if "\x00" in data["text"]:
            raise forms.ValidationError("The file holds a NUL character: it is not a CSV file.")
        data["content"] = base64.b64encode(raw).decode("ascii")
        return data
