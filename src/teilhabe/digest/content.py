"""What a digest lists: the changes in the user's districts since the last digest (new and
ended offers, submitted answers, decisions) and the measures now overdue, each with a link.
Read through the user's Scope, like every page."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.scoping import Scope


@dataclass(frozen=True)
class Line:
    text: str
    url: str


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


def sections(scope: Scope, since: datetime.datetime, base_url: str) -> list[Section]:
    """The digest's sections that have something to say, in a fixed order."""
    from teilhabe.actionplan.models import Measure, MeasureStatus, Priority
    from teilhabe.inventory.models import Activity, ActivityStatus
    from teilhabe.surveys.models import InventoryProposal, Response

    def link(name: str, pk: int) -> str:
        return base_url.rstrip("/") + reverse(name, args=[pk])

    def where(activity: Activity) -> str:
        return activity.municipality.name if activity.municipality else activity.district.name

    today = timezone.localdate()
    activities = scope.filter(Activity.objects.select_related("municipality", "district"))
    new = Section(_("New offers"))
    for a in activities.filter(created_at__gte=since).order_by("title"):
        new.lines.append(Line(f"{a.title} ({where(a)})", link("inventory:activity-detail", a.pk)))
    ended = Section(_("Ended offers"))
    ended_rows = activities.filter(status=ActivityStatus.ENDED, updated_at__gte=since)
    for a in ended_rows.order_by("title"):
        ended.lines.append(Line(f"{a.title} ({where(a)})", link("inventory:activity-detail", a.pk)))
    submitted = Section(_("Submitted answers"))
    responses = scope.filter(Response.objects.filter(submitted_at__gte=since)).select_related(
        "invitation__municipality", "invitation__wave"
    )
    for r in responses.order_by("submitted_at"):
        text = _("%(municipality)s answered “%(wave)s”") % {
            "municipality": r.invitation.municipality.name,
            "wave": r.invitation.wave.name,
        }
        submitted.lines.append(Line(text, link("surveys:response-detail", r.pk)))
    decisions = Section(_("Decisions"))
    for p in scope.filter(
        InventoryProposal.objects.filter(decided_at__gte=since).select_related(
            "category", "response__invitation__municipality"
        )
    ):
        text = _("Proposal for the stock-take (%(category)s, %(municipality)s): %(status)s") % {
            "category": p.category.name,
            "municipality": p.response.invitation.municipality.name,
            "status": p.get_status_display(),
        }
        decisions.lines.append(Line(text, link("surveys:response-detail", p.response_id)))
    adopted = Priority.objects.filter(adopted_on__gte=since.date()).select_related("district")
    for priority in scope.filter(adopted):
        text = _("New priority adopted: %(title)s") % {"title": priority.title}
        plan = reverse("actionplan:plan", args=[priority.district.ags])
        decisions.lines.append(Line(text, base_url.rstrip("/") + plan))
    overdue = Section(_("Overdue measures"))
    open_ = [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS]
    for m in scope.filter(Measure.objects.filter(status__in=open_, due__lt=today)):
        assert m.due is not None  # filtered on it
        text = _("%(title)s (due %(due)s, responsible: %(who)s)") % {
            "title": m.title,
            "due": f"{m.due:%d.%m.%Y}",
            "who": m.responsible,
        }
        overdue.lines.append(Line(text, link("actionplan:measure-detail", m.pk)))
    return [s for s in (new, ended, submitted, decisions, overdue) if s.lines]
