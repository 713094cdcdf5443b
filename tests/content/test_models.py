import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crossroads.accounts.models import Grant
from crossroads.accounts.permissions import items_visible_to
from crossroads.content.models import Item, ItemTranslation
from crossroads.events.models import Event
from crossroads.library.models import Resource
from crossroads.news.models import Story
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "model", "kind", "url"),
    [
        (EventFactory, Event, "event", "/events/same-name/"),
        (StoryFactory, Story, "story", "/news/same-name/"),
        (ResourceFactory, Resource, "resource", "/resources/same-name/"),
    ],
)
def test_the_kind_is_set_by_the_subclass(factory, model, kind, url):
    created = factory(slug="same-name")

    item = Item.objects.get(pk=created.pk)
    assert (created.kind, item.kind) == (kind, kind)
    assert type(item.specific) is model
    assert item.specific.pk == created.pk
    assert created.specific is created
    assert item.get_absolute_url() == url


@pytest.mark.parametrize(
    ("factory", "field", "value", "label"),
    [
        (EventFactory, "event_type", "side_event", "Side event"),
        (StoryFactory, "news_type", "interview", "Interview"),
        (ResourceFactory, "resource_type", "policy_brief", "Policy brief"),
    ],
)
def test_each_kind_names_its_type(factory, field, value, label):
    item = factory(**{field: value})

    assert item.type_label == label == getattr(item, f"get_{field}_display")()
    setattr(item, field, "not-a-type")
    assert item.type_label == "not-a-type"


def test_a_kind_cannot_be_changed_by_hand():
    story = StoryFactory()
    story.kind = "event"
    story.save()

    assert Item.objects.get(pk=story.pk).kind == "story"


def test_slugs_are_unique_across_kinds():
    EventFactory(slug="africities-2022")

    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(slug="africities-2022")


def test_full_clean_reports_a_slug_taken_by_another_kind():
    EventFactory(slug="africities-2022")
    story = StoryFactory.build(slug="africities-2022")

    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert list(error.value.message_dict) == ["slug"]


@pytest.mark.parametrize(
    "slug", ["Upper", "under_score", "-lead", "trail-", "double--hyphen", "two words", "é"]
)
def test_the_database_refuses_a_malformed_slug(slug):
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(slug=slug)


@pytest.mark.parametrize("slug", ["Upper", "under_score", "trail-"])
def test_full_clean_refuses_a_malformed_slug(slug):
    story = StoryFactory.build(slug=slug)

    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert error.value.message_dict == {
        "slug": ["Use lowercase letters and digits, with single hyphens between words."]
    }


@pytest.mark.parametrize("slug", ["a", "gfmd-13", "2022-africities-kisumu"])
def test_well_formed_slugs_are_accepted(slug):
    assert StoryFactory(slug=slug).slug == slug


def test_a_published_item_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(status="published", published_at=None)


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_an_unpublished_item_needs_no_publication_date(status):
    assert StoryFactory(status=status, published_at=None).published_at is None


def test_one_translation_per_language():
    story = StoryFactory()
    ItemTranslationFactory(item=story, language="fr")

    with pytest.raises(IntegrityError), transaction.atomic():
        ItemTranslationFactory(item=story, language="fr")


def test_a_translation_cannot_be_in_the_items_own_language():
    translation = ItemTranslation(item=StoryFactory(language="fr"), language="fr", title="Titre")

    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert error.value.message_dict == {
        "language": ["This is the item's own language; edit the item instead."]
    }


def test_the_language_rule_holds_before_the_item_is_saved():
    translation = ItemTranslation(item=StoryFactory.build(language="fr"), language="fr")

    with pytest.raises(ValidationError) as error:
        translation.clean()
    assert error.value.message_dict == {
        "language": ["This is the item's own language; edit the item instead."]
    }


def test_a_translation_in_another_language_is_valid():
    ItemTranslation(item=StoryFactory(language="fr"), language="en", title="Title").full_clean()


def make_items_in_every_state():
    now = timezone.now()
    return {
        "published": StoryFactory(slug="published"),
        "scheduled": StoryFactory(slug="scheduled", published_at=now + dt.timedelta(hours=1)),
        "draft": StoryFactory(slug="draft", status="draft", published_at=None),
        "review": StoryFactory(slug="review", status="review", published_at=None),
        "archived": StoryFactory(slug="archived", status="archived"),
    }


def test_only_published_items_dated_in_the_past_are_public():
    items = make_items_in_every_state()

    assert list(Item.objects.published().values_list("slug", flat=True)) == ["published"]
    assert {slug: item.is_public for slug, item in items.items()} == {
        "published": True,
        "scheduled": False,
        "draft": False,
        "review": False,
        "archived": False,
    }


def test_administrators_see_every_item(django_user_model):
    make_items_in_every_state()
    admin = django_user_model.objects.create_superuser("admin")

    assert items_visible_to(admin, Item.objects.all()).count() == 5


def test_editors_see_published_items_and_their_own(django_user_model):
    items = make_items_in_every_state()
    own, other = OrganisationFactory(), OrganisationFactory()
    for slug in ("draft", "scheduled"):
        ItemActorFactory(item=items[slug], organisation=own)
    ItemActorFactory(item=items["review"], organisation=other)
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    Grant.objects.create(user=editor, role="editor", organisation=own)

    visible = items_visible_to(editor, Item.objects.all()).values_list("slug", flat=True)

    assert sorted(visible) == ["draft", "published", "scheduled"]


@pytest.mark.parametrize("who", ["anonymous", "member", "staff without a role", "inactive admin"])
def test_everyone_else_sees_public_items_only(django_user_model, who):
    make_items_in_every_state()
    users = {
        "anonymous": AnonymousUser(),
        "member": django_user_model.objects.create_user("member"),
        "staff without a role": django_user_model.objects.create_user("staff", is_staff=True),
        "inactive admin": django_user_model.objects.create_superuser("former", is_active=False),
    }

    visible = items_visible_to(users[who], Item.objects.all()).values_list("slug", flat=True)
    assert list(visible) == ["published"]
