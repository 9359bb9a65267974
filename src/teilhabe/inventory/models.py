"""The stock-take: fields of action and the activities of each municipality, with history."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track
from teilhabe.engine import spoken


class ActivityStatus(models.TextChoices):
    """Status eines Angebots: geplant, im Aufbau, aktiv, pausiert, beendet."""

    PLANNED = "planned", _("planned")
    STARTING = "starting", _("starting")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


class ProviderKind(models.TextChoices):
    """Träger (provider): who runs an activity."""

    MUNICIPALITY = "municipality", _("municipality")
    DISTRICT = "district", _("district")
    VOLUNTEERS = "volunteers", _("volunteers' initiative")
    ASSOCIATION = "association", _("association")
    WELFARE = "welfare", _("welfare organisation")
    CHURCH = "church", _("church or religious community")
    MIGRANT_ORGANISATION = "migrant_organisation", _("migrant organisation")
    JOBCENTER = "jobcenter", _("Jobcenter or employment agency")
    EDUCATION = "education", _("school or education provider")
    OTHER = "other", _("other")


class TargetGroup(models.TextChoices):
    """Zielgruppe (target group): whom an activity is for."""

    ALL = "all", _("all immigrants")
    REFUGEES = "refugees", _("refugees")
    ASYLUM_SEEKERS = "asylum_seekers", _("asylum seekers")
    FAMILIES = "families", _("families")
    CHILDREN = "children", _("children")
    YOUTH = "youth", _("young people")
    WOMEN = "women", _("women")
    SENIORS = "seniors", _("older people")
    JOBSEEKERS = "jobseekers", _("job seekers")
    VOLUNTEERS = "volunteers", _("volunteers")
    PROFESSIONALS = "professionals", _("professionals and administration")


class Cost(models.TextChoices):
    """Kosten eines Angebots: kostenlos oder mit Kosten (for the public directory)."""

    UNKNOWN = "", _("not stated")
    FREE = "free", _("free of charge")
    FEE = "fee", _("with costs")


class Accessibility(models.TextChoices):
    """Barrierefreiheit des Ortes: barrierefrei, teilweise, nicht barrierefrei."""

    UNKNOWN = "", _("not stated")
    YES = "yes", _("barrier-free")
    PARTLY = "partly", _("partly barrier-free")
    NO = "no", _("not barrier-free")


class Registration(models.TextChoices):
    """Anmeldung: ob man sich für ein Angebot anmelden muss."""

    UNKNOWN = "", _("not stated")
    NONE = "none", _("no registration needed")
    REQUIRED = "required", _("registration needed")


class Category(models.Model):
    """Handlungsfeld (Category, a field of action): the area an activity belongs to,
    such as language, work, housing or volunteering. Every district starts with the default fields
    and may add its own."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("district"),
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "key"], name="category_key_unique"),
            models.UniqueConstraint(fields=["district", "name"], name="category_name_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the user's language, German where no English name is given."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Activity(models.Model):
    """Angebot (Activity): one concrete offer in a municipality or for the whole district,
    such as a language café, migration counselling or a volunteer-run bike workshop: the unit of
    the stock-take (Bestandsaufnahme).

    No personal data: a contact is an organisation. `version` protects against lost updates:
    a save is refused when someone else saved in between."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("district"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("municipality"),
        help_text=_("Leave empty for an activity of the whole district."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("field of action"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.ACTIVE
    )
    provider_kind = models.CharField(
        _("kind of provider"), max_length=30, choices=ProviderKind.choices
    )
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    # Codes of TargetGroup, stored as ",a,b," so that one LIKE finds a group on every database.
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    volunteers = models.PositiveIntegerField(_("volunteers involved"), null=True, blank=True)
    reach = models.PositiveIntegerField(
        _("places or people reached"),
        null=True,
        blank=True,
        help_text=_("Places offered, or people reached per year."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    contact_organisation = models.CharField(_("contact (organisation)"), max_length=200, blank=True)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the public directory.")
    )
    last_confirmed = models.DateField(_("last confirmed"), null=True, blank=True)
    # What the public directory (Wegweiser) shows: where, when, what it costs, how to get in.
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Street and number, postcode and place, as a visitor would look for it."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(47), MaxValueValidator(56)],
        help_text=_("Optional, e.g. 53.29810: puts the place on the public map."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(16)],
        help_text=_("Optional, e.g. 9.27640."),
    )
    opening_hours = models.TextField(
        _("when"),
        blank=True,
        max_length=1000,
        help_text=_("In plain words, e.g. “Every Tuesday 3–5 pm, not in the school holidays”."),
    )
    cost = models.CharField(_("costs"), max_length=10, choices=Cost.choices, blank=True)
    cost_note = models.CharField(
        _("costs in detail"), max_length=200, blank=True, help_text=_("E.g. “5 euros a month”.")
    )
    barrier_free = models.CharField(
        _("barrier-free"), max_length=10, choices=Accessibility.choices, blank=True
    )
    registration = models.CharField(
        _("registration"), max_length=10, choices=Registration.choices, blank=True
    )
    public_phone = models.CharField(_("public phone number"), max_length=50, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    public_website = models.URLField(_("website"), blank=True)
    public_contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_activities",
        verbose_name=_("named contact person"),
        help_text=_(
            "Only people of the network whose consent is recorded; the directory shows them "
            "only while it is."
        ),
    )
    seeks_volunteers = models.BooleanField(
        _("looks for volunteers"),
        default=False,
        help_text=_("Listed under “Mitmachen” in the public directory."),
    )
    volunteer_tasks = models.TextField(_("what volunteers would do"), blank=True, max_length=1000)
    volunteer_time = models.CharField(
        _("time needed"), max_length=200, blank=True, help_text=_("E.g. “2 hours a week”.")
    )
    # The codes of `languages` that were recognised (engine/spoken.py), as ",ar,de,".
    spoken_languages = models.CharField(max_length=200, blank=True, editable=False)
    is_example = models.BooleanField(_("example data"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = track()

    district_path = "district"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["district", "municipality", "category", "status"]),
            # The public directory reads a district's public offers, confirmed within a year.
            models.Index(
                fields=["district", "last_confirmed"],
                condition=models.Q(public=True),
                name="activity_public_confirmed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="activity_coordinates_both_or_none",
                violation_error_message=_("Give both coordinates, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
                violation_error_message=_("The end must not be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.spoken_languages = spoken.encode(spoken.codes(self.languages))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "languages" in update_fields:
            kwargs["update_fields"] = {*update_fields, "spoken_languages"}
        super().save(*args, **kwargs)

    @property
    def spoken_language_list(self) -> list[str]:
        return [code for code in self.spoken_languages.split(",") if code]

    @property
    def target_group_list(self) -> list[str]:
        return [code for code in self.target_groups.split(",") if code]

    def get_target_groups_display(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_group_list]


def encode_target_groups(codes: list[str]) -> str:
    return f",{','.join(sorted(set(codes)))}," if codes else ""
