"""The network's directory: who and where."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.content.dates import DatePrecision, format_date
from crossroads.content.links import url_for


class Region(models.TextChoices):
    HORN_OF_AFRICA = "horn_of_africa", _("Horn of Africa")
    EAST_AFRICA = "east_africa", _("East Africa")
    SAHEL = "sahel", _("Sahel")
    NORTH_AFRICA = "north_africa", _("North Africa")
    WEST_AFRICA = "west_africa", _("West Africa")
    CENTRAL_AFRICA = "central_africa", _("Central Africa")
    SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")
    MIDDLE_EAST = "middle_east", _("Middle East")
    MEDITERRANEAN_EUROPE = "mediterranean_europe", _("Mediterranean Europe")
    EUROPE = "europe", _("Europe")
    ASIA = "asia", _("Asia")
    AMERICAS = "americas", _("Americas")
    OCEANIA = "oceania", _("Oceania")


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code (seeded from pycountry)."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
                violation_error_message=_("A country code is two capital letters (ISO 3166-1)."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    UN_AGENCY = "un_agency", _("UN agency")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    LOCAL_GOVERNMENT = "local_government", _("Local or regional government")
    CITY_NETWORK = "city_network", _("City network")
    NGO = "ngo", _("NGO")
    REFUGEE_LED = "refugee_led", _("Refugee- or migrant-led organisation")
    ACADEMIA = "academia", _("Academia")
    DONOR = "donor", _("Donor")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return url_for("directory:organisation", self.slug)

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Alias(models.Model):
    """Another name of an organisation or a city, in a given language."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class OrganisationAlias(Alias):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_org_alias")
        ]


class City(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    geonameid = models.PositiveIntegerField(_("GeoNames id"), unique=True, null=True, blank=True)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64)
    is_intermediary = models.BooleanField(
        _("intermediary city"),
        default=False,
        help_text=_("A secondary or intermediary city, as opposed to a capital or metropolis."),
    )
    local_government = models.ForeignKey(
        Organisation,
        verbose_name=_("local government"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governed_cities",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
                violation_error_message=_("Latitude must lie between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
                violation_error_message=_("Longitude must lie between -180 and 180."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("directory:city", self.slug)

    def clean(self) -> None:
        from crossroads.content.timezones import is_valid_timezone

        if self.timezone and not is_valid_timezone(self.timezone):
            raise ValidationError({"timezone": _("Unknown time zone.")})


class CityAlias(Alias):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="unique_city_alias")]


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    bio = models.TextField(_("biography"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A position tied to a city or an organisation: "Vice-Mayor of Sfax"."""

    title = models.CharField(_("title"), max_length=200)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(city__isnull=False) | Q(organisation__isnull=False),
                name="office_has_city_or_organisation",
                violation_error_message=_(
                    "An office belongs to a city or an organisation: give one."
                ),
            ),
            models.UniqueConstraint(
                fields=["title", "city"],
                condition=Q(organisation__isnull=True),
                name="unique_city_office",
            ),
            models.UniqueConstraint(
                fields=["title", "organisation"],
                condition=Q(city__isnull=True),
                name="unique_organisation_office",
            ),
            models.UniqueConstraint(
                fields=["title", "city", "organisation"], name="unique_city_organisation_office"
            ),
        ]

    def __str__(self) -> str:
        place = self.organisation or self.city
        return _("%(title)s of %(place)s") % {"title": self.title, "place": place}

    @property
    def holder_of(self):
        return self.organisation or self.city


class Tenure(models.Model):
    """A person holding an office for a time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tenures")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="tenures")
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("office held")
        verbose_name_plural = _("offices held")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="tenure_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.office}"


class NetworkKind(models.TextChoices):
    CITY_NETWORK = "city_network", _("City network")
    PROGRAMME = "programme", _("Programme")
    PLATFORM = "platform", _("Platform")
    COALITION = "coalition", _("Coalition")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    secretariat = models.ForeignKey(
        Organisation,
        verbose_name=_("secretariat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretariat_of",
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    launched_precision = models.CharField(
        _("launch date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("directory:network", self.slug)

    @property
    def launched_display(self) -> str:
        return format_date(self.launched_on, self.launched_precision) if self.launched_on else ""


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FOUNDING_MEMBER = "founding_member", _("Founding member")
    OBSERVER = "observer", _("Observer")
    PARTNER = "partner", _("Partner")
    SECRETARIAT = "secretariat", _("Secretariat")


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(city__isnull=False) & Q(organisation__isnull=True))
                | (Q(city__isnull=True) & Q(organisation__isnull=False)),
                name="membership_city_xor_organisation",
                violation_error_message=_(
                    "A member is either a city or an organisation: give exactly one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city or self.organisation} — {self.network}"

    @property
    def member(self):
        return self.city or self.organisation
