"""Why a household goes where it goes, in words: one sentence per line of a proposal, from its
facts (`facts.Reason`), the same for a fresh proposal and a confirmed batch.

Every part is a whole clause in the catalog, never a fragment to be glued into another
sentence: "Zeven is 15 persons behind its target (target 120); the flat “Am Markt 3” has 5
places." Numbers come as figures; German formats them itself where it has to (1.370)."""

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.allocation.models import Shortage
from teilhabe.placement import facts

__all__ = ["notice_text", "sentence", "what_is_missing"]


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def notice_text(notice: facts.Notice) -> str:
    """ "housing: 12 places short since 01.11.2026"."""
    shortage = notice["shortage"]
    label = dict(Shortage.choices).get(shortage, shortage)
    amount = number_format(Decimal(notice["amount"]).normalize(), force_grouping=True)
    since = datetime.date.fromisoformat(notice["since"]).strftime("%d.%m.%Y")
    values = {"what": label, "amount": amount, "since": since}
    if shortage == Shortage.SOCIAL_WORK:
        return _("%(what)s: %(amount)s full-time positions short since %(since)s") % values
    return _("%(what)s: %(amount)s places short since %(since)s") % values


def _municipality(r: facts.Placed) -> str:
    values = {"municipality": r["municipality"], "owed": _n(r["owed_before"])}
    values["target"] = _n(r["target"])
    if r["owed_before"] > 0:
        return (
            ngettext(
                "%(municipality)s is %(owed)s person behind its target (target %(target)s)",
                "%(municipality)s is %(owed)s persons behind its target (target %(target)s)",
                r["owed_before"],
            )
            % values
        )
    return _("%(municipality)s has already reached its target of %(target)s persons") % values


def _unit(r: facts.Placed) -> str:
    values = {"unit": r["unit"], "free": _n(r["unit_free"]), "left": _n(r["places_left"])}
    if r["unit_kind"] == "flat":
        if r["empty_places"]:
            values["empty"] = _n(r["empty_places"])
            return (
                ngettext(
                    "the flat “%(unit)s” has %(free)s places, %(empty)s of them stays empty",
                    "the flat “%(unit)s” has %(free)s places, %(empty)s of them stay empty",
                    r["empty_places"],
                )
                % values
            )
        return (
            ngettext(
                "the flat “%(unit)s” has %(free)s place",
                "the flat “%(unit)s” has %(free)s places",
                r["unit_free"],
            )
            % values
        )
    return (
        ngettext(
            "the shared accommodation “%(unit)s” has %(free)s free place "
            "(%(left)s left after this batch)",
            "the shared accommodation “%(unit)s” has %(free)s free places "
            "(%(left)s left after this batch)",
            r["unit_free"],
        )
        % values
    )


def _flags(r: facts.Placed) -> list[str]:
    found = []
    if r["needs_barrier_free"]:
        found.append(_("The unit is barrier-free, as the household needs."))
    if r["children"] and r["childcare_places"] is not None:
        found.append(
            ngettext(
                "%(municipality)s has %(places)s free childcare place recorded.",
                "%(municipality)s has %(places)s free childcare places recorded.",
                r["childcare_places"],
            )
            % {"municipality": r["municipality"], "places": _n(r["childcare_places"])}
        )
    for notice in r["notices"]:
        found.append(
            _("Overload notice of %(municipality)s: %(notice)s.")
            % {"municipality": r["municipality"], "notice": notice_text(notice)}
        )
    return found


def what_is_missing(r: facts.Unplaced) -> str:
    values = {"size": _n(r["size"]), "largest": _n(r["largest_free"])}
    if r["why"] == "no_barrier_free":
        return (
            _(
                "It needs barrier-free housing, and no barrier-free unit has free places. "
                "Missing: a barrier-free unit with at least %(size)s places."
            )
            % values
        )
    if r["why"] == "too_large":
        return (
            _(
                "With %(size)s persons it is larger than every unit it may move into (the largest "
                "has %(largest)s free places). Missing: a unit with at least %(size)s places."
            )
            % values
        )
    values["n"] = _n(r["fitting_units"])
    return (
        ngettext(
            "The %(n)s unit it would fit into is taken by other households of this batch. "
            "Missing: one more unit with at least %(size)s places.",
            "The %(n)s units it would fit into are taken by other households of this batch. "
            "Missing: one more unit with at least %(size)s places.",
            r["fitting_units"],
        )
        % values
    )


def sentence(reason: facts.Reason) -> str:
    """The reason of one line, in the language of the request."""
    if not reason["placed"]:
        return what_is_missing(reason)
    first = (
        _("Chosen by hand: %(municipality)s; %(unit)s.")
        if reason["by_hand"]
        else _("%(municipality)s; %(unit)s.")
    ) % {"municipality": _municipality(reason), "unit": _unit(reason)}
    return " ".join([first, *_flags(reason)])
