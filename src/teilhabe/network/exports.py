"""The district's contacts as an XLSX workbook, for the coordinators' address lists."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.core.tabular.download import download
from teilhabe.network.queries import listed_contacts
from teilhabe.regions.models import District


def contacts_xlsx(district: District) -> bytes:
    headers = [
        _("Name"),
        _("Function"),
        _("Organisation"),
        _("Municipality"),
        _("E-mail"),
        _("Phone"),
        _("Consent given on"),
    ]
    rows = [
        [
            c.name,
            c.role,
            c.organisation.name if c.organisation else "",
            c.municipality.name if c.municipality else _("whole district"),
            c.email,
            c.phone,
            c.consent_date,
        ]
        for c in listed_contacts(district)
    ]
    columns = [writer.Column(header) for header in headers]
    return writer.xlsx_bytes([writer.Sheet(_("Contacts"), columns, rows)])


def contacts_response(district: District) -> HttpResponse:
    return download(contacts_xlsx(district), f"kontakte-{district.ags}.xlsx")
