"""Files as answers (XLSForm `file` and `image` questions): checked for size and for what they
really are (engine/filetypes.py reads the content, not the name), stored where other uploads
are (the default storage under MEDIA_ROOT), and removed from disk with their answer, response
or wave. The answer's value is the file's name, so that required questions, skip logic,
results and exports see it like any other answer."""

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _

from teilhabe.core.errors import require_version
from teilhabe.engine import filetypes
from teilhabe.surveys import runtime, services
from teilhabe.surveys.models import Answer, AnswerFile, Response, ResponseStatus
from teilhabe.surveys.xlsform import FILE_TYPES, Question

REMOVE = "remove"  # the button "Remove file" posts remove=<question name>


class FileRefused(runtime.InvalidAnswer):
    """An upload that is too large, of a kind not allowed, or not what its name says."""


def limit_bytes() -> int:
    return int(settings.TEILHABE_SURVEY_FILE_MAX_MB) * 1024 * 1024


def allowed(question: Question) -> frozenset[str]:
    return filetypes.IMAGES if question.type == "image" else filetypes.ALL


def limits() -> dict[str, dict[str, str]]:
    """For the page: per file type, the `accept` attribute and the hint naming the limits."""
    found = {}
    for kind in sorted(FILE_TYPES):
        extensions = filetypes.allowed_extensions(allowed(Question("q", kind)))
        found[kind] = {
            "accept": ",".join(extensions),
            "hint": _("Allowed: %(types)s; at most %(limit)s MB.")
            % {
                "types": ", ".join(e.removeprefix(".").upper() for e in extensions),
                "limit": settings.TEILHABE_SURVEY_FILE_MAX_MB,
            },
        }
    return found


def file_question(response: Response, name: str) -> Question | None:
    """The question `name` if it is answered with a file."""
    _form, items = runtime.compile_version(response.invitation.wave.version)
    item = next((i for i in items if i.question.name == name), None)
    return item.question if item is not None and item.question.type in FILE_TYPES else None


def check(question: Question, upload: UploadedFile[bytes]) -> filetypes.FileKind:
    """The kind of an acceptable upload; FileRefused with a message for the respondent."""
    size = upload.size or 0
    if size == 0 or upload.file is None:
        raise FileRefused(_("The file is empty. Please choose another file."))
    if size > limit_bytes():
        raise FileRefused(
            _("The file is larger than %(limit)s MB. Please choose a smaller file.")
            % {"limit": settings.TEILHABE_SURVEY_FILE_MAX_MB}
        )
    kinds = allowed(question)
    try:
        return filetypes.check(upload.name or "", upload.file, kinds)
    except filetypes.Refused as refused:
        if refused.reason == "type":
            types = filetypes.allowed_extensions(kinds)
            raise FileRefused(
                _("Files of this kind cannot be uploaded here. Allowed are: %(types)s.")
                % {"types": ", ".join(e.removeprefix(".").upper() for e in types)}
            ) from None
        raise FileRefused(
            _(
                "The content of this file is not what its name says (%(extension)s). "
                "Please upload the original file."
            )
            % {"extension": filetypes.extension(upload.name or "") or "–"}
        ) from None


def _shown_name(upload: UploadedFile[bytes]) -> str:
    name = "".join(c for c in PurePath(upload.name or "datei").name if c.isprintable())
    stem, suffix = name[: len(name) - len(filetypes.extension(name))], filetypes.extension(name)
    return (stem[:120] or "datei") + suffix


def _locked_answer(response: Response, question: Question) -> tuple[Response, Answer | None]:
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise services.ResponseLocked
    if question.read_only:
        raise runtime.InvalidAnswer(_("This answer is preset and cannot be changed."))
    return response, response.answers.filter(question=question.name).first()


@transaction.atomic
def attach(
    response: Response, question: Question, upload: UploadedFile[bytes], expected: int | None
) -> Answer:
    """Store `upload` as the answer to `question`, replacing a file given before."""
    kind = check(question, upload)
    response, answer = _locked_answer(response, question)
    name = _shown_name(upload)
    if answer is None:
        answer = Answer.objects.create(response=response, question=question.name, value=name)
    else:
        require_version(answer, expected)
        AnswerFile.objects.filter(answer=answer).delete()  # its file goes after the commit
        answer.value = name
        answer.version += 1
        answer.save(update_fields=["value", "version", "updated_at"])
    record = AnswerFile(answer=answer, name=name, size=upload.size or 0, content_type=kind.mime)
    record.file.save(name, upload, save=False)
    # Should the transaction fail from here on, the file just written goes too.
    try:
        record.save()
        _touched(response)
    except BaseException:
        if record.file.name:
            record.file.storage.delete(record.file.name)
        raise
    return answer


@transaction.atomic
def detach(response: Response, question: Question, expected: int | None) -> Answer | None:
    """Remove the file given as the answer to `question` (the answer becomes empty)."""
    response, answer = _locked_answer(response, question)
    if answer is None:
        return None
    require_version(answer, expected)
    AnswerFile.objects.filter(answer=answer).delete()
    if answer.value is not None:
        answer.value = None
        answer.version += 1
        answer.save(update_fields=["value", "version", "updated_at"])
    _touched(response)
    return answer


def _touched(response: Response) -> None:
    if response.status == ResponseStatus.OPEN:
        response.status = ResponseStatus.IN_PROGRESS
        response.save(update_fields=["status"])
    _form, items = runtime.compile_version(response.invitation.wave.version)
    services.store_calculated(response, items)


def save_from_request(
    request: HttpRequest, response: Response, question: Question, expected: int | None
) -> Answer | None:
    """The autosave of a file question: the chosen file, or the removal of the stored one."""
    if request.POST.get(REMOVE) == question.name:
        return detach(response, question, expected)
    upload = request.FILES.get(question.name)
    if upload is None:
        raise runtime.InvalidAnswer(_("Please choose a file."))
    return attach(response, question, upload, expected)


def stored(response: Response) -> dict[str, AnswerFile]:
    """The files of a response, by question."""
    records = AnswerFile.objects.filter(answer__response=response).select_related("answer")
    return {record.answer.question: record for record in records}


def download(record: AnswerFile) -> FileResponse:
    """Always as an attachment with the type checked at upload, never shown inline."""
    result = FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.name,
        content_type=record.content_type,
    )
    result["X-Content-Type-Options"] = "nosniff"
    result["Cache-Control"] = "private, no-store"
    return result


@receiver(post_delete, sender=AnswerFile)
def _remove_from_disk(sender: Any, instance: AnswerFile, **kwargs: Any) -> None:
    """Whenever a file's row goes (replaced, removed, or its answer, response or wave
    deleted), its file on disk goes once the deletion is committed."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
