"""The bitmaps each process keeps: date ranges, pages in date order, the most frequent
values, and following the database through the change log."""

import datetime as dt
import random

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyroaring import BitMap

from crossroads.content.services import change_status
from crossroads.search import bitmaps
from crossroads.search.bitmaps import BitmapIndex, Dates
from crossroads.search.services import index_items, rebuild
from tests.factories import StoryFactory, TopicFactory

START = dt.date(2019, 11, 20)


def random_dates(seed: int, count: int = 400) -> dict[int, dt.date]:
    rng = random.Random(seed)
    return {pk: START + dt.timedelta(days=rng.randrange(800)) for pk in range(1, count + 1)}


def dates_of(days: dict[int, dt.date]) -> Dates:
    index = Dates()
    for pk, day in days.items():
        index.add(day, [pk])
    return index


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_date_range_holds_exactly_the_entries_within_it(seed):
    days = random_dates(seed)
    index = dates_of(days)
    rng = random.Random(seed)
    ranges = [(None, None), (START, None), (None, dt.date(2020, 2, 29))]
    for _ in range(40):
        first = START + dt.timedelta(days=rng.randrange(-30, 830))
        ranges.append((first, first + dt.timedelta(days=rng.randrange(0, 500))))

    for first, last in ranges:
        expected = {
            pk
            for pk, day in days.items()
            if (first is None or first <= day) and (last is None or day <= last)
        }
        assert set(index.between(first, last)) == expected, (first, last)


@pytest.mark.parametrize("newest_first", [True, False])
def test_a_walk_finds_the_days_holding_any_page(newest_first):
    days = random_dates(4)
    index = dates_of(days)
    within = BitMap(pk for pk in days if pk % 3)
    ordered = sorted(within, key=lambda pk: (days[pk], pk), reverse=newest_first)
    for skip, wanted in [(0, 20), (20, 20), (250, 20), (260, 50), (len(within) - 5, 20)]:
        taken, before = index.walk(within, skip, wanted, newest_first=newest_first)

        # Whole days, in order: sorting them by date gives the page at ``before``.
        chosen = sorted(taken, key=lambda pk: (days[pk], pk), reverse=newest_first)
        assert set(chosen) <= set(within)
        assert {days[pk] for pk in chosen} == {days[pk] for pk in ordered if pk in taken}
        page = chosen[before : before + wanted]
        assert [days[pk] for pk in page] == [days[pk] for pk in ordered[skip : skip + wanted]], skip


def test_emptied_buckets_are_dropped():
    index = dates_of({1: START, 2: START, 3: START + dt.timedelta(days=40)})

    index.discard(BitMap([1, 2]))

    assert START not in index.days
    assert set(index.between(None, None)) == {3}


@pytest.mark.parametrize("suffix", ["", "/organiser"])
@pytest.mark.parametrize("share", [5, 50, 500, 900])
@pytest.mark.parametrize("columns", [False, True], ids=["value by value", "by column"])
@pytest.mark.parametrize("seed", [5, 6, 7])
def test_the_most_frequent_values_are_counted_exactly(seed, columns, share, suffix, monkeypatch):
    if columns:
        monkeypatch.setattr(bitmaps, "MANY_VALUES", 0)
        monkeypatch.setattr(bitmaps, "COLUMN_SHARE", 1)
    rng = random.Random(seed)
    index = BitmapIndex()
    index.entries = BitMap(range(1000))
    for value in range(60):
        size = int(400 / (value + 1))  # Zipf-like: a few common values, many rare ones
        name = f"t{value:02}" + ("/organiser" if value % 2 else "/partner")
        index.facets["actor"][name] = BitMap(rng.sample(range(1000), size))
    within = BitMap(rng.sample(range(1000), share))

    for limit in (1, 3, 10, 100):
        top = index.top("actor", within, limit, suffix=suffix)

        every = sorted(
            (-len(within & bitmap), value)
            for value, bitmap in index.facets["actor"].items()
            if within & bitmap and value.endswith(suffix)
        )
        assert list(top.items()) == [(value, -count) for count, value in every[:limit]]


@pytest.mark.parametrize("share", [5, 50, 500])
@pytest.mark.parametrize("seed", [8, 9])
def test_facets_counted_together_count_as_each_alone(seed, share, monkeypatch):
    rng = random.Random(seed)
    index = BitmapIndex()
    index.entries = BitMap(range(1000))
    for facet, values in (("topic", 60), ("country", 7), ("year", 1)):
        for value in range(values):
            size = int(400 / (value + 1))
            index.facets[facet][f"{facet}{value:02}"] = BitMap(rng.sample(range(1000), size))
    within = BitMap(rng.sample(range(1000), share))
    facets = ["topic", "country", "year", "city"]  # no entry has a city
    alone = {facet: index.top(facet, within, 10) for facet in facets}

    monkeypatch.setattr(bitmaps, "SHARED_SHARE", 0)  # counted together, however many
    together = index.top_of_each(facets, within, 10)

    assert together == alone
    assert list(together) == facets and together["city"] == {}
    assert all(together[facet] for facet in ("topic", "country", "year"))


# -- following the database ------------------------------------------------------------------
def story(title: str = "Quokkas", **values):
    item = StoryFactory(title=title, **values)
    index_items([item.pk])
    return item


def loaded() -> BitmapIndex:
    index = BitmapIndex()
    index.refresh()
    return index


@pytest.mark.django_db
def test_another_process_replays_only_the_items_changed_since():
    first = story()
    index = loaded()  # another process, up to date
    second = story()
    topic = TopicFactory(slug="water")
    first.topics.add(topic)

    with CaptureQueriesContext(transaction.get_connection()) as captured:
        index.refresh()

    assert set(index.entries) == {first.pk, second.pk}
    assert set(index.value("topic", "water")) == {first.pk}
    log_reads = [q for q in captured if "search_searchlog" in q["sql"]]
    entry_reads = [q for q in captured if 'FROM "search_searchentry"' in q["sql"]]
    assert len(log_reads) == 1
    assert len(entry_reads) == 1 and str(first.pk) in entry_reads[0]["sql"]


@pytest.mark.django_db
def test_unpublished_and_deleted_items_leave_every_bitmap():
    kept, hidden, deleted = story("Kept"), story("Hidden"), story("Deleted")
    topic = TopicFactory(slug="water")
    for item in (kept, hidden, deleted):
        item.topics.add(topic)
    index = loaded()

    change_status(item=hidden, status="archived")
    deleted.delete()
    index.refresh()

    assert set(index.entries) == {kept.pk}
    assert set(index.value("topic", "water")) == {kept.pk}
    assert all(kept.pk in bitmap or not bitmap for bitmap in index.starts.days.values())


@pytest.mark.django_db
def test_a_rebuild_or_falling_too_far_behind_reloads_everything(monkeypatch):
    index = loaded()
    item = story()
    rebuild()
    loads = []
    init = BitmapIndex.__init__
    monkeypatch.setattr(BitmapIndex, "__init__", lambda self: loads.append(1) or init(self))

    index.refresh()
    assert loads == [1] and set(index.entries) == {item.pk}

    monkeypatch.setattr(bitmaps, "MAX_REPLAY", 2)
    others = [story(f"Story {n}") for n in range(3)]
    index.refresh()
    assert loads == [1, 1] and set(index.entries) == {item.pk, *(o.pk for o in others)}


@pytest.mark.django_db
def test_a_version_number_reused_after_a_rollback_is_told_apart():
    index = loaded()
    with transaction.atomic():
        rolled_back = story("Rolled back")
        index.refresh()
        assert rolled_back.pk in index.entries
        transaction.set_rollback(True)
    kept = story("Kept")  # takes the same version number, with another token

    index.refresh()

    assert set(index.entries) == {kept.pk}


@pytest.mark.django_db
def test_a_scheduled_item_appears_when_its_time_comes():
    now = timezone.now()
    later = story("Later", published_at=now + dt.timedelta(hours=1))
    index = loaded()

    assert later.pk not in index.visible(now)
    assert later.pk in index.visible(now + dt.timedelta(hours=2))


@pytest.mark.parametrize(
    "text, ids",
    [
        ("7", [7]),
        ("3,1,2,3", [1, 2, 3]),
        ("4294967295,0,65536", [0, 65536, 4294967295]),
        (",".join(map(str, range(1, 200_001, 3))), range(1, 200_001, 3)),
    ],
)
def test_ids_joined_by_commas_become_a_bitmap(text, ids):
    assert bitmaps.bitmap_of(text) == BitMap(ids)
