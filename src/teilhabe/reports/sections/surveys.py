"""Questionnaire section: the waves that ran in the period with their response rate and key
results, and the progress since the previous wave of the same questionnaire."""

import datetime

from teilhabe.reports import shapes
from teilhabe.surveys import queries
from teilhabe.surveys.models import Wave

MULTIPLE = "select_multiple"


def _key_results(wave: Wave) -> list[shapes.KeyResult]:
    """Single-choice questions (yes/no and the like) with how often each answer was given."""
    return [
        {"label": r.label, "counts": [[label, n] for label, n in r.counts]}
        for r in queries.results(wave)
        if r.counts and not r.type.startswith(MULTIPLE)
    ]


def _wave(wave: Wave) -> shapes.Wave:
    status = queries.wave_status(wave)
    return {
        "name": wave.name,
        "questionnaire": wave.version.questionnaire.title,
        "opens": wave.opens.isoformat(),
        "closes": wave.closes.isoformat(),
        "invited": len(status.rows),
        "submitted": status.submitted,
        "rate": status.rate,
        "key_results": _key_results(wave),
    }


def _comparison(earlier: Wave, later: Wave) -> shapes.Comparison:
    """Like for like: only the municipalities that submitted in both waves are counted, so a
    change is a change and not a different set of respondents."""
    multiple = {r.name for r in queries.results(later) if r.type.startswith(MULTIPLE)}
    rows: list[shapes.ComparisonRow] = [
        {"label": c.label, "counts": [list(x) for x in c.both]}
        for c in queries.compare(earlier, later)
        if c.both and c.question not in multiple
    ]
    return {
        "earlier": earlier.name,
        "later": later.name,
        "rows": rows,
        "municipalities": queries.submitted_in_both(earlier, later),
    }


def waves(district_id: int, since: datetime.date, until: datetime.date) -> shapes.Surveys:
    """Waves open at some time in the period; the latest of them compared with the wave of the
    same questionnaire before it (which may lie before the period)."""
    started = list(
        Wave.objects.filter(district_id=district_id, opens__lte=until)
        .select_related("version__questionnaire")
        .order_by("opens", "pk")
    )
    in_period = [w for w in started if w.closes >= since]
    comparison = None
    if in_period:
        latest = in_period[-1]
        same = [
            w
            for w in started
            if w.version.questionnaire_id == latest.version.questionnaire_id
            and (w.opens, w.pk) < (latest.opens, latest.pk)
        ]
        if same:
            comparison = _comparison(same[-1], latest)
    return {"waves": [_wave(w) for w in in_period], "comparison": comparison}
