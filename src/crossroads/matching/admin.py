"""Profiles in the editors' admin: who a city hosts, what it needs, and how a network's
survey answers read as needs. Permitted as the directory is (``ReferenceAdmin``): every
editor sees them, secretariats and administrators change them.

Needs read from survey answers or pledges follow those (``upkeep``): they are shown,
never edited; editors add and change their own. ``DisplacementFigureInline`` and
``CityNeedInline`` are for the city's own page (``directory.admin.CityAdmin.inlines``)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crossroads.content.admin import ReferenceAdmin, ReferenceInline
from crossroads.matching.models import CityNeed, DisplacementFigure, NeedReading, NeedSource


@admin.register(DisplacementFigure)
class DisplacementFigureAdmin(ReferenceAdmin):
    list_display = ("city", "group", "people", "year", "source_name")
    list_filter = ("group", "year")
    list_select_related = ("city",)
    search_fields = ("city__name", "source_name")
    autocomplete_fields = ("city",)
    fields = ("city", "group", "people", "year", "source_name", "source_url")


class EditorNeedForm(forms.ModelForm):
    """An editor's need: its source is always "editors" (a hidden field, so that the
    form checks the city has no such need from editors already)."""

    class Meta:
        model = CityNeed
        fields = ("city", "topic", "source", "year", "note")
        widgets = {"source": forms.HiddenInput}

    def clean_source(self) -> str:
        return NeedSource.EDITOR


def _is_read(need) -> bool:
    """Whether ``need`` was read from a survey or a pledge (not to be edited)."""
    return isinstance(need, CityNeed) and need.source != NeedSource.EDITOR


@admin.register(CityNeed)
class CityNeedAdmin(ReferenceAdmin):
    form = EditorNeedForm
    list_display = ("city", "topic", "source", "year")
    list_filter = ("source", "year", "topic")
    list_select_related = ("city", "topic")
    search_fields = ("city__name", "topic__name", "note")
    autocomplete_fields = ("city", "topic")
    fields = ("city", "topic", "source", "year", "note")

    def has_change_permission(self, request, obj=None) -> bool:
        return not _is_read(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _is_read(obj) and super().has_delete_permission(request, obj)


@admin.register(NeedReading)
class NeedReadingAdmin(ReferenceAdmin):
    list_display = ("network", "question_code", "choice_code", "topic")
    list_filter = ("network",)
    list_select_related = ("network", "topic")
    search_fields = ("question_code", "choice_code", "topic__name")
    autocomplete_fields = ("network", "topic")
    fields = ("network", "question_code", "choice_code", "topic")


class DisplacementFigureInline(ReferenceInline, admin.TabularInline):
    model = DisplacementFigure
    fields = ("group", "people", "year", "source_name", "source_url")
    extra = 1


class CityNeedInline(ReferenceInline, admin.TabularInline):
    """The editors' needs of a city; those read from surveys and pledges are on its
    public page."""

    model = CityNeed
    form = EditorNeedForm
    fields = ("topic", "source", "year", "note")
    autocomplete_fields = ("topic",)
    extra = 1
    verbose_name_plural = _("needs from editors")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(source=NeedSource.EDITOR)
