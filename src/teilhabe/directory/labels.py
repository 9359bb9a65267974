"""Words of the stock-take as the public directory says them, in every language of the
Wegweiser.

The labels repeat the msgids of inventory (target groups, costs, access, registration) and the
English names of the default fields of action (inventory/taxonomy.py): listed here, their
catalog entries carry a location in directory/, so scripts/i18n.py checks them for every
language of the public pages. A field of action a district added itself has no translation:
the visitor sees its English name (in English) or its German one."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from teilhabe.inventory.models import Category

FIELDS_OF_ACTION = {
    "orientation": _("First orientation and counselling"),
    "language": _("Language"),
    "early-childhood": _("Early childhood education"),
    "education": _("School, training and further education"),
    "work": _("Work and recognition of qualifications"),
    "housing": _("Housing"),
    "health": _("Health incl. psychosocial care"),
    "sport-culture": _("Sport and culture"),
    "volunteering": _("Volunteering"),
    "participation": _("Social participation (advisory councils, migrant organisations)"),
    "intercultural-opening": _("Intercultural opening of the administration"),
    "residence": _("Residence and naturalisation"),
    "anti-discrimination": _("Anti-discrimination"),
    "networking": _("Networking and coordination"),
}

TARGET_GROUPS = {
    "all": _("all immigrants"),
    "refugees": _("refugees"),
    "asylum_seekers": _("asylum seekers"),
    "families": _("families"),
    "children": _("children"),
    "youth": _("young people"),
    "women": _("women"),
    "seniors": _("older people"),
    "jobseekers": _("job seekers"),
    "volunteers": _("volunteers"),
    "professionals": _("professionals and administration"),
}

COST = {"free": _("free of charge"), "fee": _("with costs")}
ACCESS = {
    "yes": _("barrier-free"),
    "partly": _("partly barrier-free"),
    "no": _("not barrier-free"),
}
REGISTRATION = {"none": _("no registration needed"), "required": _("registration needed")}


def field_of_action(category: Category) -> str:
    """A field of action's name in the active language."""
    if translation.get_language() == "de":
        return category.name
    if category.key in FIELDS_OF_ACTION and category.name == _german(category.key):
        return str(FIELDS_OF_ACTION[category.key])
    return (
        category.name_en
        if translation.get_language() == "en" and category.name_en
        else category.name
    )


def _german(key: str) -> str:
    """The default German name of a field of action; a district that renamed it keeps its name."""
    from teilhabe.inventory.taxonomy import DEFAULT_CATEGORIES

    return next((de for k, de, _en in DEFAULT_CATEGORIES if k == key), "")
