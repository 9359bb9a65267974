"""Read and write questionnaires as XLSForm workbooks (.xlsx).

XLSForm is the spreadsheet format of ODK, KoboToolbox and SurveyCTO, so a coordinator can design
a questionnaire in Excel or export one from Kobo, and take ours elsewhere. We support the part
of it that our answering pages can show: text, integer, decimal, date, select_one,
select_multiple and note questions in one level of groups (our sections) and repeat
groups (begin_repeat ... end_repeat, with repeat_count; a group in a repeat is refused), with
labels, hints, guidance hints, constraint and required messages in several languages,
required, relevant, constraint, default, read_only and choice_filter.

Nothing is dropped silently (`vocabulary`): every spelling pyxform accepts for a column or type
is read as pyxform reads it ("relevance", "bind::relevant", "bind:constraint", "label:English",
"select one from x", ...); a column or type pyxform knows and we do not implement is refused
with a message naming the feature, the sheet, the row and the column. Columns pyxform does not
know are kept as `extra`, further settings as `Form.settings`, and both are written back.

As in `regions.regionlist`, reading yields plain frozen dataclasses or raises one
XLSFormError that points at sheet, row and column; nothing is returned half-read.
Files we write convert with pyxform, and reading them gives back the same Form.

Conventions a reader of the code should know:
- Languages are keyed by their code: `label::Deutsch (de)`, `label::de` and, with the setting
  default_language "de", plain `label` all become "de". A language without a code in
  parentheses keeps its name ("English"); columns without language in a form without the
  default_language setting are keyed "default", as pyxform calls them.
- A select_one over a list with exactly the choices `yes` and `no` is our `yes_no` type;
  it keeps its list and labels, so that exporting gives back the same file.
- Kobo's metadata rows (start, end, today, deviceid, ...: the types pyxform preloads from the
  device) record the device, not answers; they are skipped.
- Cell text is stripped; columns we do not interpret (appearance, a `category` of our own,
  Kobo's `$kuid`, ...) are kept as `extra` and written back.

Import from this package; its modules are
    model         Form, Section, Question, Choice, the types we support, XLSFormError, languages
    table         a sheet as text cells keyed by column
    reading       the workbook, settings and choice lists into a Form (`read_xlsform`)
    survey_sheet  the survey sheet's rows into sections and questions, with every check
    vocabulary    every column and type pyxform knows: ours, refused (by feature) or kept
    parameters    a range's parameters; whether an expression parses and what it names
    writing       a Form as a workbook (`write_xlsform`)
    storing       a Form as JSON for the database (`form_to_dict`, `form_from_dict`)
"""

from teilhabe.surveys.xlsform.model import (
    DEFAULT_LANGUAGE,
    FILE_TYPES,
    LANGUAGE_NAMES,
    QUESTION_TYPES,
    SELECT_TYPES,
    UNANSWERED_TYPES,
    YES_NO_CHOICES,
    YES_NO_LIST,
    Choice,
    Form,
    Question,
    Section,
    XLSFormError,
    language_code,
    language_column,
)
from teilhabe.surveys.xlsform.reading import read_xlsform
from teilhabe.surveys.xlsform.storing import form_from_dict, form_to_dict
from teilhabe.surveys.xlsform.vocabulary import METADATA as METADATA_TYPES
from teilhabe.surveys.xlsform.writing import choice_files, write_xlsform

__all__ = [
    "DEFAULT_LANGUAGE",
    "FILE_TYPES",
    "LANGUAGE_NAMES",
    "METADATA_TYPES",
    "QUESTION_TYPES",
    "SELECT_TYPES",
    "UNANSWERED_TYPES",
    "YES_NO_CHOICES",
    "YES_NO_LIST",
    "Choice",
    "Form",
    "Question",
    "Section",
    "XLSFormError",
    "choice_files",
    "form_from_dict",
    "form_to_dict",
    "language_code",
    "language_column",
    "read_xlsform",
    "write_xlsform",
]
