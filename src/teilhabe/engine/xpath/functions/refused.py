"""Functions of ODK's library (and a few of XPath's) that cannot work in Teilhabe, with the
message a form designer reads when the form is imported: parsing refuses them by name.
Each message is a whole template (with {name} for the function) so that it translates whole."""

from teilhabe.engine.xpath.tree import gettext_noop

_NO_GEO = gettext_noop(
    "{name}() is not supported in Teilhabe: it has no geopoint, geotrace or geoshape questions"
)
_NO_NAMES = gettext_noop(
    "{name}() is not supported in Teilhabe: refer to a question as ${{name}} instead"
)

REFUSED: dict[str, str] = {
    "pulldata": gettext_noop(
        "{name}() is not supported in Teilhabe: it reads a CSV file on the device;"
        " use select_one_from_file or a calculation"
    ),
    "instance": gettext_noop(
        "{name}() is not supported in Teilhabe: to filter choices, write a choice_filter"
    ),
    "current": gettext_noop(
        "{name}() is not supported in Teilhabe: it only serves instance() lookups"
    ),
    "randomize": gettext_noop(
        "{name}() is not supported in Teilhabe: choices keep the order of the choices sheet"
    ),
    "jr:itext": gettext_noop(
        "{name}() is not supported in Teilhabe: labels and their translations come from the"
        " form's sheets"
    ),
    "area": _NO_GEO,
    "distance": _NO_GEO,
    "geofence": _NO_GEO,
    "enclosed-area": _NO_GEO,
    "extract-signed": gettext_noop(
        "{name}() is not supported in Teilhabe: it does not check signed values"
    ),
    "version": gettext_noop(
        "{name}() is not supported in Teilhabe: it keeps the questionnaire's versions itself"
    ),
    "property": gettext_noop(
        "{name}() is not supported in Teilhabe: there is no device whose properties it could read"
    ),
    "substring": gettext_noop(
        "{name}() is not supported in Teilhabe, nor in ODK: use substr(), which counts from 0"
    ),
    "last": gettext_noop(
        "{name}() is not supported in Teilhabe: count the instances with count(${{repeat}})"
    ),
    "name": _NO_NAMES,
    "local-name": _NO_NAMES,
}
