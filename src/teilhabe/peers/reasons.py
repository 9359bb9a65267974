"""The reasons of a suggestion in words, for the page."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.engine.peers import Reason


def describe(reason: Reason) -> str:
    v = reason.value
    if reason.factor == "experience":
        if v <= 0:
            return _("start date not recorded")
        return _("active for %(years)s years") % {"years": number_format(v, 1)}
    if reason.factor == "volunteers":
        n = int(v)
        return ngettext("%(n)s volunteer involved", "%(n)s volunteers involved", n) % {"n": n}
    if reason.factor == "size":
        return _("size ratio %(ratio)s (1 = same population)") % {"ratio": number_format(v, 2)}
    if reason.factor == "distance":
        if v < 0:
            return _("distance unknown")
        return _("%(km)s km between the seats") % {"km": number_format(v, 0)}
    n = int(v)
    return ngettext("%(n)s tandem given before", "%(n)s tandems given before", n) % {"n": n}
