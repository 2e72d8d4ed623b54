"""Names as models write them -> the contract's ``Actor`` (people are read in ``people``).

The model writes "Russia", "Philippine Navy", "Lockheed Martin"; code decides the kind and the country from the
words, the lexicon's tables (defence firms, armed forces, seats of government) and the model's supplier country.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry

from extractor.assembly.grounding import mentions
from extractor.assembly.places import city_country
from extractor.assembly.names import FIRM_COUNTRIES, FORCE_COUNTRIES, GOVERNMENT_SEATS, ORGANIZATIONS, firm_home
from extractor.contract import Actor, country_code, joined_initials
from extractor.contract.countries import COUNTRY_ALIASES

_MILITARY = re.compile(r"\b(navy|army|air force|armed forces|forces|marines?|marine corps|coast guard|military|"
                       r"air defen[cs]e force|self-defen[cs]e force|national guard|defen[cs]e forces?|"
                       r"command|fleet|gendarmerie|regiment|brigade|battalion|guard corps)\b", re.I)
"""A force by its words, also a command or a unit ("Tanzania Naval Command", "Pacific Fleet", "5th Brigade")."""
GOVERNMENT = re.compile(r"\b(ministry|department|agency|directorate|government|administration|office|"
                         r"secretariat|cabinet|parliament|congress|state department|pentagon|kremlin)\b", re.I)
_LEGAL_FORM = re.compile(r"\b(corp\.?|corporation|inc\.?|ltd\.?|limited|llc|plc|gmbh|ag|s\.a\.?|co\.|pte|pvt)$", re.I)
_ORGANIZATION = re.compile(r"\b(committee|commission|council|association|alliance|union|forum|"
                           r"organi[sz]ation|coalition)\b", re.I)
COMPANY = re.compile(r"\b(corp\.?|corporation|inc\.?|ltd\.?|limited|llc|plc|gmbh|ag|s\.?a\.?|co\.?|company|"
                      r"group|systems|industries|industry|aerospace|aviation|dynamics|shipyards?|shipbuilding|"
                      r"technologies|electronics|defen[cs]e|motors|heavy|holdings|enterprises?|works)\b", re.I)


def firm_country(name: str) -> str | None:
    """The country of a firm the table knows, or of its subsidiary named after a country
    ("Thales Australia", "Rolls-Royce Solutions America": Australian, American)."""
    home = firm_home(name)
    return home if home is None or name.casefold().strip() in FIRM_COUNTRIES else _trailing_country(name) or home


def home_country(actor: Actor) -> str | None:
    """The country of the firm a company belongs to: Korean for "Hanwha Defense Australia"."""
    return firm_home(actor.name) if actor.kind == "company" else None


def _trailing_country(name: str) -> str | None:
    found = country_words(name.split(), (2, 1), country_code, from_end=True)
    return found[0] if found else None


def seat_of(name: str) -> str | None:
    """The country whose government a seat of government stands for ("Pentagon's" -> USA)."""
    key = name.strip().strip(".,;'\"’").strip().casefold()
    return GOVERNMENT_SEATS.get(key[:-2] if key.endswith(("'s", "’s")) else key)


def side_country(name: str) -> str | None:
    """The country a side's name stands for: a country's name, or its government's seat."""
    return country_code(name) or seat_of(name)


def leading_country(name: str) -> str | None:
    """The country a name starts with: "Philippine Navy" -> PHL, "South Korean Army" -> KOR; not
    initials that happen to be an ISO code ("AM General", "IT Systems": not Armenia or Italy)."""
    words = name.split()
    if len(words) > 2 and words[0].casefold() == "royal":  # "Royal Thai Navy", "Royal Australian Air Force"
        words = words[1:]
    found = country_words(words, (3, 2, 1), side_country)
    return found[0] if found else None


def country_words(words: list[str], sizes: tuple[int, ...], lookup: Callable[[str], str | None], *,
                   from_end: bool = False) -> tuple[str, int] | None:
    """The country the first (or last) words of a longer name stand for, and how many words name
    it, longest first; one word of capitals counts only when it is a country's usual short name."""
    for n in sizes:
        part = words[-n:] if from_end else words[:n]
        if len(words) > n and not (n == 1 and _initials(part[0])) and (code := lookup(" ".join(part))):
            return code, n
    return None


def _initials(word: str) -> bool:
    """Capitals (dots allowed) that are not a country's usual short name ("US", "U.K.", "UAE" and
    "PNG" are; "AM", "IT", "NG" are a firm's or a designation's letters)."""
    letters = word.strip(".,;:'’")
    bare, key = letters.replace(".", ""), letters.casefold()
    return (bare.isalpha() and len(bare) >= 2 and letters.isupper()
            and key not in COUNTRY_ALIASES and key + "." not in COUNTRY_ALIASES)


_OTHER_SIDE = {"with", "from", "to", "by", "and", "or", "for", "against"}


def country_before(name: str, text: str) -> str | None:
    """The country the article puts right before a name: "Turkey's Dearsan Shipyard",
    "UAE defence group EDGE", "Swedish firm Saab" (only lower-case words in between)."""
    for at in mentions(name, text):
        words = re.findall(r"[\w.'’-]+", text[max(0, at - 80):at])[-6:]
        while words:
            for n in (3, 2, 1):
                phrase = " ".join(words[-n:])
                if not phrase[:1].isupper() or _initials(phrase):
                    continue  # "and", "NG": a word or a designation's letters, not a country
                if len(words) >= n and (code := side_country(phrase)):
                    return code
            if not words[-1][:1].islower() or words[-1] in _OTHER_SIDE:
                break  # "Portugal signed a contract with Eurosam": the country is the other side
            words.pop()  # a descriptor: "defence group", "state-owned manufacturer"
    return None


_PLACE = r"(?!(?:The|A|An) )([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)-based"
_BASED_BEFORE = re.compile(_PLACE + r"\s+(?:[a-z-]+\s+){0,3}$")  # "the Paris-based joint venture " + name
_BASED_AFTER = re.compile(r",?\s+(?:an?|the)\s+" + _PLACE + r"\b")  # name + ", the Paris-based ..."


def based_in(name: str, text: str) -> str | None:
    """The country of the place a firm is said to be based in: "the Paris-based joint venture
    Eurosam", "Eurosam, the Paris-based joint venture of MBDA and Thales"."""
    for at in mentions(name, text):
        m = _BASED_BEFORE.search(text, max(0, at - 120), at) or _BASED_AFTER.match(text, at + len(name))
        if m:
            return side_country(m.group(1)) or city_country(m.group(1))
    return None


def countries_named(text: str) -> set[str]:
    """The countries a stretch of text names: by name, demonym, capital or seat ("Serbian", "Beijing")."""
    words = [re.sub(r"['’]s?$", "", w.rstrip(".,")) for w in re.findall(r"[A-Z][\w.'’-]*", text)]  # "Poland's"
    return {code for n in (1, 2, 3) for i in range(len(words) - n + 1) if (code := side_country(" ".join(words[i:i + n])))}


#: the sides a sentence says are states alone: "The two countries signed a letter of intent ..."
_STATES_ALONE = re.compile(r"\b(the|both) (two |three )?(countries|nations|governments)\b", re.I)


def sides_its_sentence_names(parties: list[Actor], sentence: str) -> list[Actor]:
    """An instrument's parties less a state its sentence does not name, where the sentence names two
    states of the list ("Japan and the Philippines are expected to sign an agreement ...": not the United
    States, whose minister was at the talks); less a firm it does not name, where it says the countries
    concluded it ("The two countries signed a letter of intent": not Diehl Defence, of the contract before);
    all of them otherwise."""
    if _STATES_ALONE.search(sentence):
        folded = sentence.casefold()
        states = [p for p in parties
                  if p.kind != "company" or next(mentions(p.name.casefold(), folded), None) is not None]
        if sum(p.kind != "company" for p in states) >= 2:
            parties = states
    named = countries_named(sentence)
    if sum(p.kind == "state" and p.country in named for p in parties) < 2:
        return parties
    return [p for p in parties if p.kind != "state" or not p.country or p.country in named]


def split_countries(name: str) -> list[str]:
    """"Australia, New Zealand and France" -> three names, when every part is a country."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", name) if p.strip()]
    if len(parts) > 1 and all(side_country(p) for p in parts):
        return parts
    return [name]


def spelled_out(acronym: str, text: str) -> str | None:
    """"TKMS" -> "ThyssenKrupp Marine Systems" when the article writes "ThyssenKrupp Marine Systems (TKMS)"."""
    m = re.search(rf"(?:\b([a-z][\w&.'-]*)\s+)?((?:[A-Z][\w&.'-]*\s+){{1,5}}[A-Z][\w&.'-]*)\s+\({re.escape(acronym)}\)",
                  text)
    if m is None:
        return None
    # a brand written in lower case before the capitals ("thyssenkrupp Marine Systems (TKMS)"), where the acronym
    # starts with its letter and the capitals do not
    lower = m.group(1)
    if lower and lower[0].upper() == acronym[0] != m.group(2)[0]:
        return f"{lower} {m.group(2)}"
    return m.group(2)


#: a firm the model wrote with the words that introduce it: "Czech company Excalibur International", "South Korean
#: shipbuilder Hanwha Ocean", "US defence contractor Lockheed Martin"
_INTRODUCED = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){1,2})(?:[a-z][\w-]*\s+){0,2}(?:company|firm|group|shipbuilder|shipyard|"
                         r"manufacturer|maker|contractor|conglomerate|giant|producer|supplier)\s+(?=[A-Z])")
#: how a firm is owned, no part of its name: "Hungary's state-owned N7 Holding", "privately held Baykar"
_OWNED = re.compile(r"^(?:the\s+)?(?:(?:state|government|family|employee|foreign)[- ](?:owned|run|controlled|backed)|"
                    r"privately[- ](?:held|owned)|publicly[- ](?:listed|traded))\s+(?=[A-Z\d])", re.I)
_OF_COUNTRY = re.compile(r"\S\s+of\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})$")


def to_actor(name: str, country_hint: str | None = None, text: str | None = None) -> Actor:
    """An Actor from the words a model wrote for a party, supplier or recipient; ``text``, the
    article, can say which country a company belongs to and what an acronym stands for."""
    name = joined_initials(" ".join(name.split())).strip(" .,;")
    if text and re.fullmatch(r"[A-Z]{2,6}", name) and (full := spelled_out(name, text)):
        name = full  # "TKMS" -> "Germany's ThyssenKrupp Marine Systems", whose owner goes next
    possessive = re.match(r"^(.+?)['’]s\s+(.+)$", name)
    if possessive and (owner := side_country(possessive.group(1))):
        name, country_hint = possessive.group(2), country_hint or owner  # "Turkey's Dearsan Shipyard"
    name = _OWNED.sub("", name)
    introduced = _INTRODUCED.match(name)
    if introduced and (home := side_country(introduced.group(1).strip())):
        name, country_hint = name[introduced.end():], country_hint or home
    if text and name.casefold() not in text.casefold():
        name = _as_the_article_writes(name, text)
    if name.casefold() in FORCE_COUNTRIES:
        return Actor(name=name, country=FORCE_COUNTRIES[name.casefold()], kind="military")
    if seat := seat_of(re.sub(r"^the\s+", "", name, flags=re.I)):  # "the Pentagon": the US government, not the state
        return Actor(name=name, country=seat, kind="government")
    code = country_code(name)
    if code is not None:
        return Actor(name=name, country=code, kind="state")
    key = name.casefold()
    firm = firm_country(name)
    if key in ORGANIZATIONS or (key.upper() == name and key in ORGANIZATIONS):
        return Actor(name=name, country=None, kind="organization")
    of = _OF_COUNTRY.search(name)  # "Royal Navy of Oman", "Armed Forces of Ukraine"
    prefix = leading_country(name) or (country_code(of.group(1)) if of else None)
    if firm is not None:
        return Actor(name=name, country=firm, kind="company")
    if _LEGAL_FORM.search(name):  # "Defence Force Technologies Ltd" is a firm whatever its words
        return Actor(name=name, country=prefix or country_hint, kind="company")
    if OFFICE_ONLY.fullmatch(without_country(name)):  # an office for its state ("Philippine Defence Secretary")
        code = prefix or country_hint
        return Actor(name=country_name(code), country=code, kind="state") if code else Actor(name=name, kind="government")
    if _MILITARY.search(name):  # "Air Force" of "Brazil's Air Force": the country the article puts before it
        near = country_before(name, text) if text and not (prefix or country_hint) else None
        return Actor(name=name, country=prefix or country_hint or near, kind="military")
    if GOVERNMENT.search(name):
        return Actor(name=name, country=prefix or country_hint, kind="government")
    if _ORGANIZATION.search(name) and not COMPANY.search(name):
        return Actor(name=name, country=prefix or country_hint, kind="organization")
    near = (country_before(name, text) or based_in(name, text)) if text and not (prefix or country_hint) else None
    return Actor(name=name, country=prefix or country_hint or near, kind="company")


def _as_the_article_writes(name: str, text: str) -> str:
    """A name the model wrote with its country's word changed ("Turkey Aerospace") as the article writes it
    ("Turkish Aerospace"): the same words after a word of the same country; ``name`` where the article has none."""
    first, _, rest = name.partition(" ")
    country = side_country(first) if rest else None
    if country is None:
        return name
    for m in re.finditer(rf"\b([A-Z][\w'’-]+)\s+{re.escape(rest)}\b", text):
        if side_country(m.group(1)) == country:
            return f"{m.group(1)} {rest}"
    return name


OFFICE_ONLY = re.compile(r"(?:(?:the|his|her|its|their|a|an)\s+)?(?:[a-z][\w-]*\s+)*(?:minister|president|secretary|"
                          r"ambassador|counterpart|chief|commander|official|envoy|spokes\w+|chairman|director|head)s?"
                          r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:defen[cs]e|foreign affairs|state))?",  # "Secretary for Defence"
                          re.I)


def unnamed(actor: Actor) -> bool:
    """A side the article does not name: "foreign customers", "partners" (no capital, no country), "several
    navies in Asia and Africa", "European manufacturers", "a European country", "European options", "an unnamed
    country in Europe"."""
    return actor.country is None and ((not any(ch.isupper() for ch in actor.name) and actor.name.isascii())
                                      or bool(_SOME.match(actor.name) or _KIND_LAST.search(actor.name)))


_SOME = re.compile(r"(several|many|various|numerous|multiple|other|some|a number of|dozens of|"
                   r"(an? )?(unnamed|undisclosed|unidentified|unspecified|anonymous))\s", re.I)
#: a word in lower case last, after where the side is from, says what kind of side it is, not which one:
#: "European manufacturers", "Gulf forces", "a European country", "an Asian customer", "European options"
_KIND_LAST = re.compile(r"\s[a-z]+$")


def without_country(title: str) -> str:
    """A title without the country it starts with, which ``country`` holds: "Russian Defence
    Minister" -> "Defence Minister" (small models copy one side's nationality onto the other's)."""
    words = title.split()
    found = country_words(words, (3, 2, 1), side_country)
    return " ".join(words[found[1]:]) if found else title


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code)


_SERVED = re.compile(r"\b(?:to|for)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
                     # the force that bought them: "the 24 drones that the Indonesian Air Force ordered from Korean Air"
                     r"|\b(?:that|which)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+"
                     r"(?:has\s+|had\s+)?(?:ordered|bought|purchased|acquired)\b")


def force_served(sentence: str) -> Actor | None:
    """The armed force, ministry or state a sentence says weapons go to, are for, or were bought by ("... and deliver
    them to the Peruvian Navy", "for the Italian Army"): the first named, a force before a state."""
    found = [a for m in _SERVED.finditer(sentence) for a in [to_actor(m.group(1) or m.group(2))]
             if a.country and a.kind in ("military", "government", "state")]
    return next((a for a in found if a.kind != "state"), found[0] if found else None)


#: a sale one government makes to another (the US Foreign Military Sales announcements)
_GOVERNMENT_SALE = re.compile(r"\b(State Department|Defen[cs]e Security Cooperation Agency|DSCA|foreign military sales?)\b",
                              re.I)


def contractor_of_government_sale(supplier: Actor, text: str) -> Actor:
    """The United States where the model gave as supplier the firm a US government sale names its principal
    contractor ("Sikorsky, a Lockheed Martin company, would be the principal contractor"): the firm builds, the
    government sells. The model's supplier otherwise."""
    if supplier.kind != "company" or not _GOVERNMENT_SALE.search(text):
        return supplier
    name = re.escape(supplier.name)
    if re.search(rf"\b(principal|prime) contractors?\b[^.;]{{0,80}}\b{name}\b|\b{name}\b[^.;]{{0,60}}\b(will|would|is|are) "
                 rf"(be )?the (principal|prime) contractors?\b", text, re.I):
        return Actor(name="United States", country="USA", kind="state")
    return supplier
