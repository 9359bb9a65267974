"""The pages of an import: upload a file, see what it would do, then confirm.

One helper for every import, so that each keeps uploads the same way (`uploads`: bound to the
user, the district and the import), plans the file again on every request (rights and data are
always current) and writes only on a POST of a preview without problems, all rows or none.
The views stay thin: they find the district, check who may import, and call `upload` or
`preview`. Previews extend the shared template "tabular/import_preview.html". An import into
one object of the district (an announced batch, say) has URLs with more arguments: the views
pass them as `where`, and its `apply` is bound to the object (`dataclasses.replace`)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from teilhabe.core.scoping import Scope, scope_of
from teilhabe.core.tabular import reading, uploads
from teilhabe.core.tabular.plan import Plan, StaleImportError


def _user_id(request: HttpRequest) -> int:
    assert request.user.is_authenticated  # import pages are not public: the login middleware
    return int(request.user.pk)


@dataclass(frozen=True)
class ImportPages:
    """One import's pages. URL names take `ags` (and what `where` adds); the preview's takes
    `token` as well."""

    upload_url: str
    preview_url: str  # also the name under which uploads are kept for this import
    done_url: str  # where a finished import leads
    form: type[forms.Form]  # with a FileField `file`
    upload_template: str
    preview_template: str
    plan: Callable[[bytes, str, Any, Scope], Plan[Any]]  # (data, filename, district, scope)
    apply: Callable[[Any, Any], int]  # (plan, district) -> rows written
    done: Callable[[int], str]  # the message after so many rows were written

    @staticmethod
    def _url(name: str, district: Any, where: Mapping[str, Any] | None, **more: Any) -> str:
        return reverse(name, kwargs={"ags": district.ags, **(where or {}), **more})

    def upload(
        self,
        request: HttpRequest,
        district: Any,
        *,
        where: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> HttpResponse:
        form = self.form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            file = form.cleaned_data["file"]
            if file.size > reading.MAX_BYTES:
                form.add_error("file", reading.too_large().message)
            else:
                token = uploads.store(
                    user_id=_user_id(request),
                    district_id=district.pk,
                    purpose=self.preview_url,
                    data=file.read(),
                    filename=file.name or "upload",
                )
                return redirect(self._url(self.preview_url, district, where, token=token))
        context = {"district": district, "form": form, **context}
        return render(request, self.upload_template, context)

    def preview(
        self,
        request: HttpRequest,
        district: Any,
        token: str,
        *,
        where: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> HttpResponse:
        upload = uploads.load(
            token, user_id=_user_id(request), district_id=district.pk, purpose=self.preview_url
        )
        plan = self.plan(upload.data, upload.filename, district, scope_of(request))
        if request.method == "POST" and plan.ok:
            try:
                written = self.apply(plan, district)
            except StaleImportError as error:
                messages.error(request, str(error))
                return redirect(self._url(self.preview_url, district, where, token=token))
            uploads.discard(token)
            messages.success(request, self.done(written))
            return redirect(self._url(self.done_url, district, where))
        context = {
            "district": district,
            "plan": plan,
            "filename": upload.filename,
            "token": token,
            "upload_url": reverse(self.upload_url, kwargs={"ags": district.ags, **(where or {})}),
            **context,
        }
        return render(request, self.preview_template, context)
