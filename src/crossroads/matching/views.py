"""/peers/: cities like a city, and who can help with topics, from a GET form that works
without JavaScript. Unknown topics and overlong text are ignored, never an error."""

from __future__ import annotations

from django.shortcuts import render

from crossroads.matching import queries, scoring

#: The longest city name read, and the most topics asked about at once.
MAX_CITY_TEXT = 140
MAX_TOPICS = 10


def _clean(value: str) -> str:
    return "".join(char for char in value[: MAX_CITY_TEXT * 4] if char.isprintable()).strip()[
        :MAX_CITY_TEXT
    ]


def peers(request):
    topics = queries.topic_list()
    by_slug = {topic.slug: topic for topic in topics}
    asked = list(dict.fromkeys(_clean(slug) for slug in request.GET.getlist("topic")[:50]))
    chosen = [by_slug[slug] for slug in asked if slug in by_slug][:MAX_TOPICS]
    text = _clean(request.GET.get("city", ""))
    city, choices = queries.find_city(text)
    profile = queries.profile_of(city) if city else None
    return render(
        request,
        "matching/peers.html",
        {
            "topics": topics,
            "chosen": chosen,
            "chosen_slugs": {topic.slug for topic in chosen},
            "city_text": text,
            "city": city,
            "choices": choices,
            "profile": profile,
            "peers": queries.peers_like(city, limit=10, profile=profile) if city else [],
            "helpers": queries.helpers_for(chosen, limit=10, exclude=[city] if city else []),
            "weights": scoring.WEIGHTS,
            "half_life": scoring.HALF_LIFE_YEARS,
            "peer_points": scoring.PEER_POINTS,
        },
    )
