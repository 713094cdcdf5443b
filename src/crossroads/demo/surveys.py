"""The demo's yearly surveys (``data/surveys.json``): a network's questionnaires over
several years, its member cities invited, and answers generated from a fixed seed with the
trends the file states (choice weights, scale means and number medians per year), so that
every load writes the same answers.

Memberships the file adds are written here (the network's own file keeps its members).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from crossroads.demo.loader import Loader, upsert
from crossroads.directory.models import Membership, MembershipRole, Network
from crossroads.engagement.models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
)


def _moment(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9, 0), tzinfo=dt.UTC)


def load_surveys(loader: Loader) -> None:
    for data in loader.read("surveys.json", "network"):
        with loader.record("surveys.json", data.get("network")):
            network = Network.objects.get(slug=data["network"])
            for ref in data["members"]:
                upsert(
                    Membership,
                    network=network,
                    city=loader.city(ref),
                    organisation=None,
                    defaults={"role": MembershipRole.MEMBER},
                )
            cities = sorted(
                {m.city for m in network.memberships.select_related("city") if m.city_id},
                key=lambda city: city.slug,
            )
            for index, survey_data in enumerate(data["surveys"]):
                survey = _survey(network, survey_data, data["sections"], index)
                _answers(survey, survey_data, data, cities, index)


def _survey(network: Network, data: dict, sections: list[dict], index: int) -> Survey:
    survey = upsert(
        Survey,
        network=network,
        year=data["year"],
        defaults={
            "title": data["title"],
            "introduction": data["introduction"],
            "opens_at": _moment(data["opens"]),
            "closes_at": _moment(data["closes"]),
            "results_public": data["results_public"],
        },
    )
    for order, section_data in enumerate(sections, start=1):
        section = upsert(
            Section,
            survey=survey,
            title=section_data["title"],
            defaults={"description": section_data["description"], "order": order},
        )
        for q_order, q in enumerate(section_data["questions"], start=1):
            if data["year"] not in q["years"]:
                continue
            scale = q.get("scale") or [None, None, "", ""]
            bounds = q.get("number") or [None, None]
            question = upsert(
                Question,
                survey=survey,
                code=q["code"],
                defaults={
                    "section": section,
                    "order": q_order,
                    "text": q["text"],
                    "kind": q["kind"],
                    "required": q["required"],
                    "scale_min": scale[0],
                    "scale_max": scale[1],
                    "scale_min_label": scale[2],
                    "scale_max_label": scale[3],
                    "number_min": None if bounds[0] is None else Decimal(bounds[0]),
                    "number_max": None if bounds[1] is None else Decimal(bounds[1]),
                },
            )
            for c_order, (code, label) in enumerate(q.get("choices", []), start=1):
                upsert(
                    Choice,
                    question=question,
                    code=code,
                    defaults={"label": label, "order": c_order},
                )
    return survey


def _value(q: dict, index: int, rng: random.Random) -> dict:
    """One generated answer to question ``q`` in the ``index``-th year."""
    kind = q["kind"]
    if kind == "single":
        codes = [code for code, _label in q["choices"]]
        weights = [q["weights"][code][index] for code in codes]
        return {"choices": rng.choices(codes, weights=weights)}
    if kind == "multiple":
        ticked = [
            code for code, _l in q["choices"] if rng.random() * 100 < q["weights"][code][index]
        ]
        return {"choices": ticked[:3] if q["required"] else ticked}
    if kind == "scale":
        low, high = q["scale"][0], q["scale"][1]
        value = round(rng.gauss(q["means"][index], 0.9))
        return {"number": Decimal(min(max(value, low), high))}
    if kind == "number":
        median = q["medians"][index]
        value = max(round(median * rng.lognormvariate(0, 0.6)), q["number"][0])
        return {"number": Decimal(min(value, q["number"][1]))}
    return {"text": rng.choice(q["texts"])}


def _answers(survey: Survey, data: dict, record: dict, cities: list, index: int) -> None:
    """Invite every member city; the first ``responding`` (in a seeded order) submit,
    the next ``drafts`` keep a draft; answers are replaced wholesale."""
    rng = random.Random(f"{record['seed']}-{survey.year}")
    order = list(cities)
    rng.shuffle(order)
    questions = {q.code: q for q in survey.questions.all()}
    asked = [
        q for section in record["sections"] for q in section["questions"] if q["code"] in questions
    ]
    answered_at = survey.opens_at + dt.timedelta(days=20)
    kept = []
    for position, city in enumerate(order):
        upsert(
            Invitation,
            survey=survey,
            city=city,
            defaults={"email": f"survey@{city.slug}.example.org", "sent_at": survey.opens_at},
        )
        if position >= data["responding"] + data["drafts"]:
            continue
        submitted = position < data["responding"]
        response = upsert(
            Response,
            survey=survey,
            city=city,
            defaults={
                "status": ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
                "created_at": answered_at,
                "updated_at": answered_at,
                "submitted_at": answered_at if submitted else None,
            },
        )
        kept.append(response.pk)
        rows = []
        for q in asked:
            if not submitted and rng.random() < 0.5:
                continue
            value = _value(q, index, rng)
            if value.get("choices") == []:
                continue
            rows.append(Answer(response=response, question=questions[q["code"]], **value))
        Answer.objects.filter(response=response).delete()
        Answer.objects.bulk_create(rows)
    Response.objects.filter(survey=survey).exclude(pk__in=kept).delete()
