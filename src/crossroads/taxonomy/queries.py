"""Reads for topic and framework pages."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Now
from django.shortcuts import get_object_or_404

from crossroads.content.models import Item
from crossroads.content.queries import item_cards
from crossroads.taxonomy.models import Framework, Topic


def topic_list() -> QuerySet:
    published = Q(items__status="published", items__published_at__lte=Now())
    return Topic.objects.annotate(item_count=Count("items", filter=published)).order_by("name")


def framework_list() -> QuerySet:
    published = Q(items__status="published", items__published_at__lte=Now())
    return Framework.objects.annotate(item_count=Count("items", filter=published)).order_by("code")


def get_topic(slug: str) -> Topic:
    return get_object_or_404(Topic, slug=slug)


def get_framework(code: str) -> Framework:
    published = Q(items__status="published", items__published_at__lte=Now())
    framework = get_object_or_404(Framework, code=code.upper())
    framework.objective_list = list(
        framework.objectives.annotate(item_count=Count("items", filter=published))
    )
    return framework


def tagged_items(**tagged) -> QuerySet:
    return item_cards(Item.objects.published().filter(**tagged)).order_by("-published_at", "-pk")
