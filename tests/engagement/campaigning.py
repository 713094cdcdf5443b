"""What the campaign tests share: a campaign, cities and organisations to sign it, the
details a person gives, and signing and confirming in one step."""

from __future__ import annotations

from crossroads.engagement.campaigns import services
from crossroads.engagement.models import Signature
from tests.factories import CityFactory, CountryFactory


def kenya_and_jordan():
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    jordan = CountryFactory(code="JO", name="Jordan", region="middle_east")
    return kenya, jordan


def city(name: str, country, region: str, lat: str = "0.10000", lon: str = "34.70000"):
    return CityFactory(
        name=name, slug=name.lower(), country=country, region=region, latitude=lat, longitude=lon
    )


def details(n: int = 0, *, city=None, organisation=None, **overrides) -> services.Details:
    values = {
        "name": f"Signer {n}",
        "title": "Mayor",
        "email": f"signer{n}@example.org",
        "language": "en",
        "city": city,
        "organisation": organisation,
        **overrides,
    }
    return services.Details(**values)


def signed(campaign, n: int = 0, **kwargs) -> Signature:
    """A signature made and confirmed through the services."""
    signature, _new = services.sign(campaign=campaign, details=details(n, **kwargs))
    return services.confirm_email(signature=signature)


def form_data(city=None, organisation=None, **overrides) -> dict:
    data = {
        "city": city.pk if city else "",
        "organisation": organisation.pk if organisation else "",
        "name": "Amina Odhiambo",
        "title": "Governor",
        "email": "amina@example.org",
        "language": "en",
        "consent": "on",
    }
    data.update(overrides)
    return data
