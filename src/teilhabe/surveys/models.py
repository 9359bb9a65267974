"""Questionnaires, their versions, waves with personal links, responses and answers.

A version in use by a wave is frozen: editing creates a new version. Personal links carry a
secret token that is stored only as a hash."""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing
from teilhabe.core.history import track
from teilhabe.core.links import SecretLink
from teilhabe.core.mailing import MailingKind as MailingKind
from teilhabe.core.mailing import MailingState as MailingState


class Questionnaire(models.Model):
    """Fragebogen (Questionnaire): a structured survey the office sends to its
    municipalities, e.g. "Bestandsaufnahme Integration und Teilhabe"."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("district"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def latest_version(self) -> "QuestionnaireVersion | None":
        return self.versions.order_by("-number").first()

    def current_version(self) -> "QuestionnaireVersion":
        """The latest version, which every questionnaire has: the services create each one with
        its version 1 (QuestionnaireVersion.DoesNotExist otherwise)."""
        return self.versions.latest("number")


class QuestionnaireVersion(models.Model):
    """Fragebogenversion (QuestionnaireVersion): the questions of one version,
    stored as the XLSForm structure (surveys.xlsform.Form). A version in use by a wave is frozen;
    editing then starts the next one."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("questionnaire"),
    )
    number = models.PositiveIntegerField(_("version"))
    form = models.JSONField(_("form"))
    created_at = models.DateTimeField(auto_now_add=True)

    district_path = "questionnaire__district"

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def frozen(self) -> bool:
        """In use by a wave: its questions can no longer change."""
        return self.waves.exists()


class Wave(models.Model):
    """Erhebungsrunde (Wave): one round of a questionnaire with a deadline and the
    municipalities asked; repeated to measure progress over time."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("questionnaire version"),
    )
    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=200)
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["district", "-opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")), name="wave_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens <= today <= self.closes


class Invitation(SecretLink, mailing.Tracked, models.Model):
    """Einladung, persönlicher Link (Invitation): a municipality asked in a wave, with
    its personal link. Only the token's hash is stored; the link itself is shown once when it is
    created (and sent by e-mail)."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wave")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail for the link"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    district_path = "wave__district"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "municipality"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.wave}: {self.municipality}"


class Mailing(mailing.Mailing):
    """Versand (Mailing): the links or reminders of a wave sent in one step to several
    municipalities, in the background; counts its progress for the wave page to show."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="mailings", verbose_name=_("wave")
    )

    district_path = "wave__district"

    class Meta(mailing.Mailing.Meta):
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        return f"{self.wave}: {self.get_kind_display()}"


class ReminderDate(mailing.ReminderDate):
    """Erinnerungstermin (ReminderDate): a day on which the municipalities of a wave that have
    not submitted are reminded automatically (`teilhabe manage send_due_reminders`)."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="reminder_dates", verbose_name=_("wave")
    )

    history = track()
    district_path = "wave__district"

    class Meta(mailing.ReminderDate.Meta):
        verbose_name = _("reminder date")
        verbose_name_plural = _("reminder dates")
        constraints = [models.UniqueConstraint(fields=["wave", "on"], name="reminder_date_unique")]

    def __str__(self) -> str:
        return f"{self.wave}: {self.on:%d.%m.%Y}"


class ResponseStatus(models.TextChoices):
    """Stand einer Rückmeldung: nicht begonnen, in Bearbeitung, abgeschickt."""

    OPEN = "open", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")


class ReviewState(models.TextChoices):
    """Prüfung einer abgeschickten Rückmeldung: eingegangen, Rückfrage, angenommen."""

    RECEIVED = "received", _("received")
    QUESTIONS = "questions", _("has questions")
    ACCEPTED = "accepted", _("accepted")


class Response(models.Model):
    """Rückmeldung (Response): a municipality's answers in a wave; submitted ones count
    for the response rate (Rücklauf). The office reviews each submission (`review`)."""

    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.CASCADE,
        related_name="response",
        verbose_name=_("invitation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, blank=True, default=""
    )

    history = track()
    municipality_path = "invitation__municipality"
    district_path = "invitation__wave__district"

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.invitation)


class ReviewNoteKind(models.TextChoices):
    """Eintrag im Prüfverlauf: Rückfrage des Büros, erneut abgeschickt, angenommen."""

    QUESTION = "question", _("question from the office")
    RESUBMITTED = "resubmitted", _("corrected and submitted again")
    ACCEPTED = "accepted", _("accepted")


class ReviewNote(models.Model):
    """Prüfverlauf (ReviewNote): one step of the review of a response, by the office or
    the municipality. Never changed or deleted: the history of both sides stays."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="review_notes", verbose_name=_("response")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewNoteKind.choices)
    question = models.CharField(_("question asked about"), max_length=100, blank=True)
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("who"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    district_path = "response__invitation__wave__district"

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.response}: {self.get_kind_display()}"


class Answer(models.Model):
    """Antwort (Answer): one answer, saved as it is given. `version` detects two people
    overwriting each other."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=100)
    value = models.JSONField(null=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    district_path = "response__invitation__wave__district"

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.question}"


def _answer_file_path(instance: "AnswerFile", filename: str) -> str:
    # Where other uploads are (MEDIA_ROOT, like events' files), a random part so that a name
    # is never guessed or reused.
    return f"surveys/{instance.answer.response_id}/{secrets.token_hex(8)}-{filename}"


class AnswerFile(models.Model):
    """Datei als Antwort (answer file): the file uploaded as the answer to a file or image
    question; the answer's value is its name. Served only by the respondent's link and to the
    district's coordinators and the municipality's editors, never publicly. Deleting the
    answer (or its response or wave) deletes the file on disk (answer_files.py)."""

    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="file", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=_answer_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    district_path = "answer__response__invitation__wave__district"

    class Meta:
        verbose_name = _("answer file")
        verbose_name_plural = _("answer files")

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    """What a questionnaire suggests for the stock-take: a new activity, or a confirmation."""

    CREATE = "create", _("record a new activity")
    CONFIRM = "confirm", _("confirm the recorded activities")


class ProposalStatus(models.TextChoices):
    """Prüfung eines Vorschlags: zu prüfen, angenommen, abgelehnt."""

    PENDING = "pending", _("to review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class InventoryProposal(models.Model):
    """Vorgeschlagene Änderung der Bestandsaufnahme (InventoryProposal): a change
    to the stock-take that a submitted questionnaire suggests. Nothing changes in the stock-take
    until a coordinator accepts it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="proposals")
    category = models.ForeignKey(
        "inventory.Category",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("field of action"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    # 0 for a field of action answered yes; else the id of the instance of the repeat of
    # offers that proposes this activity (`repeats.ID`), one proposal each.
    instance = models.PositiveIntegerField(_("entry"), default=0)
    values = models.JSONField(_("proposed values"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    district_path = "response__invitation__wave__district"

    class Meta:
        verbose_name = _("proposed inventory change")
        verbose_name_plural = _("proposed inventory changes")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "category", "instance"], name="proposal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.category}"
