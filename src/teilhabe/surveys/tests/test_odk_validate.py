"""ODK Validate (the JavaRosa check that ODK Collect and Central run, shipped with pyxform) accepts
what Teilhabe exports: the form with every feature, repeats with their counts and functions, file
and image questions, and the shipped default questionnaire. It needs Java, which the test
command installs (`default-jre-headless`)."""

import shutil
from pathlib import Path

import pytest
from pyxform import xls2xform
from pyxform.validators import odk_validate

from teilhabe import testing
from teilhabe.surveys.tests.test_xlsform import EVERYTHING
from teilhabe.surveys.tests.test_xlsform_repeats import workbook
from teilhabe.surveys.xlsform import Form, read_xlsform, write_xlsform

FILES = "type|name|label\ntext|name_of|Name\nfile|report|Bericht\nimage|photo|Foto\n"


def _forms() -> dict[str, Form]:
    return {
        "every feature": EVERYTHING,
        "repeats": read_xlsform(workbook(), "repeats.xlsx"),
        "files": read_xlsform(workbook(FILES), "files.xlsx"),
        "default questionnaire": testing.default_questionnaire(),
    }


@pytest.mark.parametrize("name", ["every feature", "repeats", "files", "default questionnaire"])
def test_odk_validate_accepts_the_export(name: str, tmp_path: Path):
    testing.require(shutil.which("java") is not None, "Java (for ODK Validate)")
    source = tmp_path / "form.xlsx"
    source.write_bytes(write_xlsform(_forms()[name]))
    converted = xls2xform.convert(str(source))
    # pyxform recommends max-pixels for every image question; Teilhabe refuses that parameter
    # by name (the answer is stored as uploaded), so that advice is the only warning allowed.
    assert [w for w in converted.warnings if "max-pixels" not in w] == []
    xform = tmp_path / "form.xml"
    xform.write_text(converted.xform, encoding="utf-8")
    assert odk_validate.check_xform(str(xform)) == []  # raises ODKValidateError on an error
