"""The network: organisations and the people who do the work, listed only with their consent.

A contact is a professional or volunteer who agreed to be listed; the consent (date and how it
was given) is recorded before anything else. On request a contact is erased: everything personal
is removed, the row stays as "erased" so counts (e.g. of attendance) keep adding up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track


class OrganisationKind(models.TextChoices):
    """Art der Organisation (kind): office, association, welfare organisation …"""

    MUNICIPAL_OFFICE = "municipal_office", _("municipal office")
    DISTRICT_OFFICE = "district_office", _("district office")
    ASSOCIATION = "association", _("association")
    WELFARE = "welfare", _("welfare organisation")
    CHURCH = "church", _("church or religious community")
    MIGRANT_ORGANISATION = "migrant_organisation", _("migrant organisation")
    JOBCENTER = "jobcenter", _("Jobcenter or employment agency")
    VOLUNTEERS = "volunteers", _("volunteers' initiative")
    EDUCATION = "education", _("school or education provider")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """Akteur, Organisation (Organisation): an organisation of the office's network,
    in one municipality or for the whole district."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("district"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("Leave empty for an organisation of the whole district."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentWay(models.TextChoices):
    """How a contact gave consent to be listed (Einwilligung)."""

    WRITTEN = "written", _("in writing")
    EMAIL = "email", _("by e-mail")
    FORM = "form", _("consent form")
    IN_PERSON = "in_person", _("in person, noted")


class ContactQuerySet(models.QuerySet["Contact"]):
    """Contacts, with the filter every page and export of contacts starts from."""

    def listed(self) -> "ContactQuerySet":
        """Contacts that may appear anywhere: consent recorded and not erased."""
        return self.filter(erased_at__isnull=True, consent_date__isnull=False)


class Contact(models.Model):
    """Ansprechperson (Contact): a person of the network, listed only with their recorded
    consent; erased on request (the entry stays, without personal data, so counts remain right)."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("district"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    designated = models.BooleanField(
        _("designated contact of the municipality"),
        default=False,
        help_text=_("The municipality's contact person for the coordination office."),
    )
    consent_date = models.DateField(_("consent given on"), null=True)
    consent_way = models.CharField(_("consent given"), max_length=20, choices=ConsentWay.choices)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    history = track()
    # Readers of the district see no e-mail address or phone number on the network page.
    history_private_fields = ("email", "phone")
    objects = ContactQuerySet.as_manager()

    district_path = "district"

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
