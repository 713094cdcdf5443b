"""The directory in the editors' admin: countries, organisations, cities, people, networks.

Every editor sees it (and picks from it by autocomplete); secretariats and site
administrators change it (``ReferenceAdmin``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crossroads.content.admin import ReferenceAdmin, ReferenceInline, timezone_formfield
from crossroads.directory.models import (
    City,
    CityAlias,
    Country,
    Membership,
    Network,
    Office,
    Organisation,
    OrganisationAlias,
    Person,
    Tenure,
)
from crossroads.matching.admin import CityNeedInline, DisplacementFigureInline


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    """Reference data seeded from pycountry: editors correct names and regions, nothing more."""

    list_display = ("name", "code", "region")
    list_filter = ("region",)
    search_fields = ("name", "code")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrganisationAliasInline(ReferenceInline, admin.TabularInline):
    model = OrganisationAlias
    fields = ("name", "language")
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    list_display = ("name", "acronym", "kind", "country")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name", "acronym", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "parent")
    fields = ("name", "acronym", "slug", "kind", "country", "parent", "website", "description")
    inlines = [OrganisationAliasInline]


class CityAliasInline(ReferenceInline, admin.TabularInline):
    model = CityAlias
    fields = ("name", "language")
    extra = 1


@admin.register(City)
class CityAdmin(ReferenceAdmin):
    list_display = ("name", "country", "region", "population", "is_intermediary")
    list_filter = ("region", ("country", admin.RelatedOnlyFieldListFilter), "is_intermediary")
    list_select_related = ("country",)
    search_fields = ("name", "slug", "aliases__name", "country__name")
    prepopulated_fields = {"slug": ("name",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return timezone_formfield(empty_label=None)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    autocomplete_fields = ("country", "local_government")
    fieldsets = (
        (None, {"fields": ("name", "slug", "country", "region", "local_government")}),
        (
            _("Place"),
            {"fields": (("latitude", "longitude"), "timezone", "population", "is_intermediary")},
        ),
        (_("Gazetteer"), {"fields": ("geonameid",), "classes": ("collapse",)}),
    )
    inlines = [CityAliasInline, DisplacementFigureInline, CityNeedInline]


class TenureInline(ReferenceInline, admin.TabularInline):
    model = Tenure
    fields = ("office", "start", "end")
    autocomplete_fields = ("office",)
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = Office.objects.select_related("city", "organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(ReferenceAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "bio")
    inlines = [TenureInline]


@admin.register(Office)
class OfficeAdmin(ReferenceAdmin):
    list_display = ("title", "city", "organisation")
    search_fields = ("title", "city__name", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("city", "organisation")
    fields = ("title", "city", "organisation")

    def get_queryset(self, request):
        # An office is named after its city or organisation: the changelist and the
        # autocomplete both print it.
        return super().get_queryset(request).select_related("city", "organisation")


class MembershipInline(ReferenceInline, admin.TabularInline):
    model = Membership
    fields = ("city", "organisation", "role", "start", "end")
    autocomplete_fields = ("city", "organisation")
    extra = 1


@admin.register(Network)
class NetworkAdmin(ReferenceAdmin):
    list_display = ("name", "acronym", "kind", "region", "secretariat", "launched_on")
    list_filter = ("kind", "region")
    list_select_related = ("secretariat",)
    search_fields = ("name", "acronym", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("secretariat",)
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "kind", "region", "secretariat")}),
        (_("Launch"), {"fields": ("launched_on", "launched_precision")}),
        (None, {"fields": ("website", "description")}),
    )
    inlines = [MembershipInline]
