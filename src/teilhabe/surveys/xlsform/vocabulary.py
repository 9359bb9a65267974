"""Every column and type XLSForm (as pyxform reads it) knows, and what we make of each.

A header is read the way pyxform reads it: split at "::" (or, in a sheet without any "::", at
":" with "jr:..." kept whole), the first part lower-cased with spaces as "_" and de-aliased
("relevance", "bind::relevant" and "bind:relevant" are all `relevant`). What follows is one of
  - a column we implement (KNOWN / TRANSLATED in `table`), keyed by our name;
  - a column pyxform knows but we do not implement: REFUSED, with the feature it stands for,
    so that a cell in it is refused naming the feature, sheet, row and column;
  - any other column, which pyxform ignores too and we keep as `extra` and write back.
Types likewise: `question_type` gives our type (and list name) for every spelling pyxform
accepts, or raises Refused naming the feature. The test suite reads pyxform's own alias tables
and asserts that each entry lands in one of these places.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Our column names by pyxform's path for it (after de-aliasing the first part of a header).
_BIND = {
    "relevant": "relevant",
    "constraint": "constraint",
    "required": "required",
    "readonly": "read_only",
    "jr:constraintmsg": "constraint_message",
    "jr:requiredmsg": "required_message",
    "calculate": "calculation",
    "jr:noapperrorstring": "no_app_error_string",
    "entities:saveto": "save_to",
    "type": "bind_type",
    "jr:preload": "preload",
    "jr:preloadparams": "preload",
}
_CONTROL = {"appearance": "appearance", "jr:count": "repeat_count"}

# pyxform's survey header aliases (pyxform.aliases.survey_header), resolved to our names.
_SURVEY_ALIASES = {
    "read_only": "read_only",
    "readonly": "read_only",
    "relevant": "relevant",
    "relevance": "relevant",
    "required": "required",
    "constraint": "constraint",
    "constraining_message": "constraint_message",
    "constraint_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "required_message": "required_message",
    "jr:requiredmsg": "required_message",
    "calculation": "calculation",
    "calculate": "calculation",
    "caption": "label",
    "command": "type",
    "tag": "name",
    "value": "name",
    "appearance": "appearance",
    "count": "repeat_count",
    "repeat_count": "repeat_count",
    "jr:count": "repeat_count",
    "noapperrorstring": "no_app_error_string",
    "no_app_error_string": "no_app_error_string",
    "compact_tag": "compact_tag",
    "autoplay": "autoplay",
    "rows": "rows",
    "image": "media",
    "big-image": "media",
    "audio": "media",
    "video": "media",
    "save_to": "save_to",
}
_CHOICES_ALIASES = {
    "caption": "label",
    "value": "name",
    "list name": "list_name",
    "list_name": "list_name",
    "image": "media",
    "big-image": "media",
    "audio": "media",
    "video": "media",
}
_SETTINGS_ALIASES = {"set_form_title": "form_title", "set_form_id": "form_id"}

# Columns pyxform knows that we do not implement, with the feature each stands for.
REFUSED_COLUMNS: dict[str, str] = {
    "media": gettext_noop("images, audio and video in labels"),
    "trigger": gettext_noop("triggers for recalculation"),
    "no_app_error_string": gettext_noop("error texts for missing apps"),
    "compact_tag": gettext_noop("compact submissions"),
    "save_to": gettext_noop("entities"),
    "autoplay": gettext_noop("media that plays by itself"),
    "rows": gettext_noop("the height of text fields"),
    "sms": gettext_noop("SMS forms"),
    "bind_type": gettext_noop("data types set by hand"),
    "preload": gettext_noop("preloaded values"),
    "bind": gettext_noop("further XForm bind attributes"),
    "control": gettext_noop("further XForm body attributes"),
    "instance": gettext_noop("further XForm instance attributes"),
    "pyxform": gettext_noop("fields pyxform fills in itself"),
}
# Columns pyxform knows by their own name, ours and not.
_PLAIN = frozenset(
    {"type", "name", "label", "hint", "guidance_hint", "default", "choice_filter"}
    | {"parameters", "trigger"}
)
# Columns that are pyxform's own fields rather than something to write in a sheet.
_INTERNAL = frozenset(
    {"actions", "choices", "extra_data", "itemset", "list_name", "parent", "query"}
    | {"bind", "control", "body", "instance", "media"}  # without an attribute after "::"
)

# Translated columns, and which of them are ours.
TRANSLATABLE = frozenset(
    {"label", "hint", "guidance_hint", "constraint_message", "required_message", "media"}
)


def _snake(text: str) -> str:
    return "_".join(text.split()).casefold()


def _tokens(header: str, double_colon: bool) -> list[str]:
    if double_colon or "::" in header:
        return [token.strip() for token in header.split("::")]
    tokens = [token.strip() for token in header.split(":")]
    if "jr" in (token.casefold() for token in tokens[:-1]):
        index = [token.casefold() for token in tokens].index("jr")
        tokens[index : index + 2] = [f"jr:{tokens[index + 1]}"]
    return tokens


@dataclass(frozen=True)
class Header:
    """What a header means: our column name and, for translated ones, the language text."""

    name: str
    language: str | None = None
    known: bool = True  # False: a column of one's own, kept as `extra` under its header


def survey_header(header: str, double_colon: bool) -> Header:
    """The meaning of a survey sheet header; `double_colon` if any header of the sheet has
    "::" (pyxform then splits at "::" only)."""
    tokens = _tokens(header, double_colon)
    first = _snake(tokens[0])
    rest = tokens[1:]
    if first in ("bind", "control", "body", "instance", "media") and rest:
        path = "control" if first == "body" else first
        attribute = rest[0].casefold()
        if path == "bind":
            name = _BIND.get(attribute, "bind")
        elif path == "control":
            name = _CONTROL.get(attribute, "control")
        elif path == "media":
            name = "media"
        else:
            name = "instance"
        # What follows the attribute is a language, for translated ones only ("bind:jr:
        # constraintMsg:English"); otherwise it is part of the attribute ("bind:entities:saveto").
        rest = rest[1:] if name in TRANSLATABLE else []
    elif first.startswith("sms_"):
        name = "sms"
    elif first in _INTERNAL:
        name = "pyxform"
    elif first in _SURVEY_ALIASES:
        name = _SURVEY_ALIASES[first]
    elif first in _PLAIN:
        name = first
    else:
        return Header(header, known=False)
    if name in TRANSLATABLE:
        return Header(name, " :: ".join(rest) if rest else None)
    if rest:
        return Header(header, known=False)
    return Header(name)


def choices_header(header: str, double_colon: bool) -> Header:
    tokens = _tokens(header, double_colon)
    first = tokens[0].strip().casefold()
    name = _CHOICES_ALIASES.get(first, _CHOICES_ALIASES.get(_snake(first), first))
    if name in ("label", "media"):
        return Header(name, " :: ".join(tokens[1:]) if len(tokens) > 1 else None)
    if name in ("name", "list_name") and len(tokens) == 1:
        return Header(name)
    return Header(header, known=False)  # columns of one's own, e.g. for choice filters


def settings_header(header: str) -> str:
    name = _snake(header)
    return _SETTINGS_ALIASES.get(name, name)


# --- types ---------------------------------------------------------------------------------

# Every spelling pyxform accepts for the types we implement.
_OUR_TYPES = {
    "text": "text",
    "string": "text",
    "q_string": "text",
    "add_text_prompt": "text",
    "integer": "integer",
    "int": "integer",
    "q_int": "integer",
    "add_integer_prompt": "integer",
    "decimal": "decimal",
    "q_decimal": "decimal",
    "add_decimal_prompt": "decimal",
    "date": "date",
    "q_date": "date",
    "add_date_prompt": "date",
    "note": "note",
    "q_note": "note",
    "add_note_prompt": "note",
    "time": "time",
    "datetime": "datetime",
    "date_time": "datetime",
    "q_date_time": "datetime",
    "q_datetime": "datetime",
    "add_date_time_prompt": "datetime",
    "add_datetime_prompt": "datetime",
    "range": "range",
    "acknowledge": "acknowledge",
    "q_acknowledge": "acknowledge",
    "add_acknowledge_prompt": "acknowledge",
    "trigger": "acknowledge",
    "hidden": "hidden",
    "calculate": "calculate",
    "q_calculate": "calculate",
    "add_calculate_prompt": "calculate",
    "file": "file",
    "add_file_prompt": "file",
    "image": "image",
    "photo": "image",
    "q_image": "image",
    "q_picture": "image",
    "add_image_prompt": "image",
    "add_photo_prompt": "image",
}
_SELECTS = {
    "select_one": "select_one",
    "select1": "select_one",
    "select_one_from": "select_one",
    "add_select_one_prompt_using": "select_one",
    "select_multiple": "select_multiple",
    "select_all_that_apply": "select_multiple",
    "select_all_that_apply_from": "select_multiple",
    "select_multiple_from": "select_multiple",
    "add_select_multiple_prompt_using": "select_multiple",
}
SELECT_COMMANDS = frozenset(_SELECTS)

# Kobo and ODK add these rows to record the device and the times; they ask nothing.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "phonenumber",
        "username",
        "email",
        "simserial",
        "subscriberid",
        "start_time",
        "end_time",
        "get_start_time",
        "get_end_time",
        "get_today",
        "device_id",
        "get_device_id",
        "imei",
        "get_phone_number",
        "sim_id",
        "get_sim_id",
        "subscriber_id",
        "get_subscriber_id",
        "uri:deviceid",
        "uri:email",
        "uri:phonenumber",
        "uri:simserial",
        "uri:subscriberid",
        "uri:username",
    }
)

# Every other type pyxform knows, by the feature it stands for (snake_case, lower case).
_FEATURES: dict[str, tuple[str, ...]] = {
    "location": (
        "geopoint",
        "geoshape",
        "geotrace",
        "gps",
        "location",
        "q_geopoint",
        "q_geoshape",
        "q_geotrace",
        "q_location",
        "add_location_prompt",
        "start-geopoint",
        "background-geopoint",
    ),
    "audio and video answers": (
        "audio",
        "video",
        "q_audio",
        "q_video",
        "add_audio_prompt",
        "add_video_prompt",
        "background-audio",
    ),
    "barcodes": (
        "barcode",
        "q_barcode",
        "add_barcode_prompt",
    ),
    "ranking": ("rank",),
    "OpenStreetMap": ("osm",),
    "external data": (
        "xml-external",
        "csv-external",
        "select_one_external",
        "select_one_from_file",
        "select_multiple_from_file",
    ),
    "cascading selects": ("cascading_select",),
    "loops": (
        "begin_loop",
        "end_loop",
    ),
    "percentages": ("percentage",),
    "phone numbers": ("phone_number",),
    "audit logs": ("audit",),
    "counts of days": (
        "number_of_days_in_last_month",
        "number_of_days_in_last_six_months",
        "number_of_days_in_last_year",
    ),
    "untyped questions": (
        "q_select",
        "q_select1",
        "select_one_using",
        "select_multiple_using",
    ),
    "“other” answers (or_other)": (),
}
# pyxform's aliases for a repeat group (pyxform.aliases.control: repeat, lgroup, looped group).
REPEAT_BEGIN = frozenset({"begin_repeat", "begin_lgroup", "begin_looped_group"})
REPEAT_END = frozenset({"end_repeat", "end_lgroup", "end_looped_group"})
_FEATURE_NAMES = {
    "location": _("locations"),
    "audio and video answers": _("audio and video answers"),
    "barcodes": _("barcodes"),
    "ranking": _("rankings"),
    "OpenStreetMap": _("OpenStreetMap"),
    "external data": _("choices and data from external files"),
    "cascading selects": _("cascading selects from pyxform's old template"),
    "loops": _("loops"),
    "percentages": _("percentages"),
    "phone numbers": _("phone numbers"),
    "audit logs": _("audit logs of the data collection app"),
    "counts of days": _("counts of days"),
    "untyped questions": _("select questions without a choice list"),
    "“other” answers (or_other)": _("“other” answers (or_other)"),
}
_TYPE_FEATURE = {
    spelling: feature for feature, spellings in _FEATURES.items() for spelling in spellings
}


class Refused(Exception):
    """A type pyxform knows and we do not implement (`feature` names it), or one neither knows
    (`feature` is "")."""

    def __init__(self, feature: str = "") -> None:
        super().__init__(feature)
        self.feature = feature


def feature_name(key: str) -> str:
    """The feature as the user reads it, in the active language."""
    return str(_FEATURE_NAMES[key])


@dataclass(frozen=True)
class Kind:
    """What a type cell says: `keyword` is ours (text, select_one, begin_group, metadata...)."""

    keyword: str
    list_name: str = ""
    or_other: bool = False
    from_file: bool = False  # "select_one_from_file towns.csv": the choices are in that file


def question_type(text: str) -> Kind:
    """Our reading of a type cell, for every spelling pyxform accepts; Refused otherwise."""
    words = text.split()
    snake = "_".join(words).casefold()
    if snake == "begin_group":
        return Kind("begin_group")
    if snake == "end_group":
        return Kind("end_group")
    if snake in REPEAT_BEGIN:
        return Kind("begin_repeat")
    if snake in REPEAT_END:
        return Kind("end_repeat")
    if snake in _OUR_TYPES:
        return Kind(_OUR_TYPES[snake])
    if snake in METADATA or text.strip() in METADATA:
        return Kind("metadata")
    if snake in _SELECTS:
        raise Refused("")  # a select without its list: the caller says what is missing
    if snake in _TYPE_FEATURE:
        raise Refused(_TYPE_FEATURE[snake])
    lowered = [word.casefold() for word in words]
    # "select_one x or_other" (also "or other", "or specify other"): a choice "other" and a
    # text field to say what it is.
    for suffix in (["or_other"], ["or", "other"], ["or", "specify", "other"]):
        if len(lowered) > len(suffix) + 1 and lowered[-len(suffix) :] == suffix:
            kind = question_type(" ".join(words[: -len(suffix)]))
            if kind.keyword not in ("select_one", "select_multiple"):
                raise Refused("“other” answers (or_other)")
            return Kind(kind.keyword, kind.list_name, or_other=True)
    from_file = "_".join(lowered[:-1]) if len(words) >= 2 else ""
    if from_file in ("select_one_from_file", "select_multiple_from_file") and lowered[-1].endswith(
        ".csv"
    ):
        return Kind(from_file.removesuffix("_from_file"), words[-1], from_file=True)
    for length in range(len(words) - 1, 0, -1):  # "select one from x": the longest command
        command = "_".join(lowered[:length])
        if length == len(words) - 1 and command in _SELECTS:
            return Kind(_SELECTS[command], words[-1])
        if length == len(words) - 1 and command in _TYPE_FEATURE:
            raise Refused(_TYPE_FEATURE[command])
        if command == "begin_loop":
            raise Refused("loops")
    raise Refused("")
