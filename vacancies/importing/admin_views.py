"""The admin's Import a ToR page: a file (PDF, Word, text) or pasted text in, a draft to check out."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .. import permissions
from . import drafts, extract


class LimitedUpload(FileUploadHandler):
    """Stops reading an upload once it passes the limit, so a huge file never reaches the disk."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > extract.MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ToR file",
        required=False,
        help_text=f"A .pdf, .docx or .txt file of at most {extract.MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt"}),
    )
    text = forms.CharField(
        label="Or paste the ToR's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
        max_length=extract.MAX_TEXT_CHARS,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            # HR staff import for one of their organizations: the draft is theirs from the start.
            own = permissions.own_organizations(user)
            self.fields["organization"] = forms.ChoiceField(
                label="For your organization",
                choices=[(organization, organization) for organization in own],
                help_text="The draft belongs to it, whatever organization the ToR names.",
            )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("Upload a file or paste the text, not both.")
        if not upload and not text and not self.errors:
            raise forms.ValidationError("Choose a ToR file, or paste its text.")
        if upload and upload.size > extract.MAX_UPLOAD_BYTES:
            # Refused before it is read: the limit is the extractor's.
            size = upload.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is {size:.1f} MB; the limit is {extract.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return cleaned


def import_view(model_admin):
    """The Import page's view for ``model_admin``.

    GET: the form. POST: the draft, then its change form; a file that cannot be read is named and
    nothing is saved. The upload handlers can only change before the request's body is read, so the
    CSRF check (which reads it) runs after, from ``csrf_protect``, rather than from the middleware
    (or ``admin_view``, which leaves a view marked ``csrf_exempt`` alone).
    """

    @csrf_exempt
    def view(request):
        request.upload_handlers.insert(0, LimitedUpload(request))
        return csrf_protect(_import)(request, model_admin)

    return view


def _import(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if getattr(request, "upload_too_large", False):
        form.is_valid()
        limit = extract.MAX_UPLOAD_BYTES // (1024 * 1024)
        form.add_error("file", f"The file is larger than the limit of {limit} MB: it was not read.")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        organization = form.cleaned_data.get("organization")
        try:
            if upload:
                imported = drafts.import_tor(filename=upload.name, data=upload.read(), organization=organization)
            else:
                imported = drafts.import_tor(
                    filename="pasted text", text=form.cleaned_data["text"], organization=organization
                )
        except extract.ImportRefused as refusal:
            form.add_error(None, f"Nothing was imported. {refusal.message}")
        else:
            vacancy = imported.vacancy
            model_admin.log_addition(request, vacancy, [{"added": {"name": "import", "object": imported.file}}])
            count = len(imported.warnings)
            messages.warning(
                request,
                f"“{vacancy.title or imported.file}” was imported as a draft. Check it against the ToR beside it"
                + (f": {count} thing{'s' if count != 1 else ''} to check are listed at the top." if count else "."),
            )
            return HttpResponseRedirect(reverse("admin:vacancies_vacancy_change", args=[vacancy.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import a ToR",
        "form": form,
        "limits": {
            "size": extract.MAX_UPLOAD_BYTES // (1024 * 1024),
            "pages": extract.MAX_PAGES,
        },
    }
    return TemplateResponse(request, "admin/vacancies/vacancy/import.html", context)
