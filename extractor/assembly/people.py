"""Names of people as models write them -> the contract's ``Person``: titles moved out of the name, the
fullest form of a name the article gives, the body a person holds office in, and a titled person written
as a party turned into his country.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from extractor.asking.answers import PersonDraft
from extractor.assembly.actors import (
    COMPANY, GOVERNMENT, OFFICE_ONLY, country_name, country_words, firm_country, leading_country, seat_of,
    side_country, without_country,
)
from extractor.assembly.grounding import word_char
from extractor.assembly.lexicon import category_of
from extractor.assembly.names import ORGANIZATIONS
from extractor.assembly.places import city_country
from extractor.contract import Actor, Person, country_code

_GIVEN_NAME = re.compile(r"(?:Gen|Sen|Col|Maj) [A-Z][\w'-]+")  # "Gen Nakatani", where no other name ends so
#: "his Lithuanian counterpart Laurynas Kasciunas": no office of its own
_COUNTERPART = re.compile(r"(?:(?:his|her|their)\s+)?counterparts?", re.I)
_TITLE_WORDS = re.compile(
    r"^((?:(?:then|former|acting|deputy|vice|prime|chief|defen[cs]e|foreign|state|senior|general|lieutenant|"
    r"lt\.?|gen\.?|adm\.?|admiral|colonel|col\.?|major|maj\.?|brigadier|brig\.?|capt\.?|captain|commodore|cdre\.?|"
    r"field|vice-marshal|h\.e\.?|air|marshal|commander|rear|navy|army|"
    r"president|minister|secretary|ambassador|chairman|chairwoman|chair|director|ceo|premier|chancellor|king|"
    r"crown|prince|sheikh|emir|amir|sultan|his|her|excellency|mr\.?|mrs\.?|ms\.?|dr\.?|senator|sen\.?|rep\.?|governor|"
    r"undersecretary|under|of|the|national|for|and|counterparts?)\s+)+)", re.I)


_FIRM_END = re.compile(r"\b(systems|industries|aerospace|aviation|dynamics|shipyards?|shipbuilding|technologies|electronics|holdings|group|enterprises|corp\.?|corporation|ltd\.?|limited|inc\.?|plc|gmbh|llc)$", re.I)  # a firm's last word, never a person's
#: whom a minister speaks to, not meets: "told Congress", "told reporters"
AUDIENCE = (r"congress|parliament|senate|assembly|cabinet|committee|lawmakers|legislators|reporters|journalists|"
            r"press|media")
_GROUP = re.compile(r"\b(troops|peacekeepers|soldiers|officers|officials|delegations?|personnel|forces|navy|army|"
                    r"ministry|government|company|companies|team|staff|members|leaders|"
                    rf"base|airport|port|harbou?r|shipyard|island|province|city|{AUDIENCE})\b", re.I)  # nor a place: "Kainji air base"


_NOT_NAMES = re.compile(r"(the|a|an|in|on|at|by|for|from|with|after|before|when|while|then|but|and|as|since|also|"
                        r"later|earlier|meanwhile|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
                        r"february|march|april|may|june|july|august|september|october|november|december)", re.I)


def _full_name(surname: str, text: str) -> str:
    """The fullest form the article gives a name written by its surname alone ("Putin" ->
    "Vladimir Putin"): the capitalised words right before it, titles and countries left out; a
    form introduced by a title or a country ("President Vladimir Putin") before one that is not
    ("In Geelong Marles said": a sentence's first words are not a first name)."""
    best, rank = surname, (False, 1)
    for m in re.finditer(rf"((?:\b[A-Z][\w'’-]* ){{1,3}}){re.escape(surname)}\b", text):
        words, introduced = m.group(1).split(), False
        while words and (_TITLE_WORDS.match(words[0] + " x") or side_country(words[0]) or _NOT_NAMES.fullmatch(words[0])):
            introduced = introduced or not _NOT_NAMES.fullmatch(words[0])
            words = words[1:]
        if words and (introduced, len(words) + 1) > rank:
            best, rank = " ".join([*words, surname]), (introduced, len(words) + 1)
    return best


def _as_written(name: str, text: str) -> str:
    """A name as the article spells it where the model misspelt it ("Omene Boamah" for the article's
    "Omane Boamah"): the article's full form of its surname, as many words long and nearly the same."""
    written = _full_name(name.split()[-1], text)
    if len(written.split()) == len(name.split()) and fuzz.ratio(written.casefold(), name.casefold()) >= 80:
        return written
    return name


def to_person(name: str, title: str | None, country: str | None, article_text: str) -> Person | None:
    """A Person, with a title the model left inside the name moved out; None when not a person."""
    name = " ".join(name.split()).strip(" .,;")
    if firm_country(name) is not None:
        return None  # "General Electric", "General Atomics": a firm, not General Electric
    # "German Defence Minister Boris Pistorius": the country before the title
    words = name.split()
    if (found := country_words(words, (2, 1), side_country)) and _TITLE_WORDS.match(rest := " ".join(words[found[1]:])):
        name, country = rest, country or found[0]
    lead = _TITLE_WORDS.match(name)
    if lead and len(name) > lead.end() and not (_GIVEN_NAME.fullmatch(name) and _full_name(name[4:], article_text) == name[4:]):
        if not title and not _COUNTERPART.fullmatch(lead.group(1).strip()):
            title = lead.group(1).strip()
        name = name[lead.end():].strip()
    if not any(ch.isupper() for ch in name) and name.isascii():
        return None  # no name, only words: "suppliers", "the delegation"
    if re.search(r"\w['’]s\b", name):
        return None  # a side's body, not a person: "Austria's armaments directorate"
    # a weapon the model put among the people ("Chinese Y-20 transport planes", "Rafale fighters"): a digit, or a
    # category's word in lower case ("Dan Bradley" stays a person)
    if re.search(r"\d", name) or (category_of(name) and re.search(r"\b[a-z]{4,}\b", name)):
        return None
    if (not name or side_country(name) is not None or len(name.split()) > 5 or _GROUP.search(name)
            or _BODY_NOUNS.search(name) or _FIRM_END.search(name)):  # a country, a group ("Mongolian peacekeepers"),
        return None  # a body ("Australian Department of Defence") or a firm ("BlueBird Aero Systems")
    if OFFICE_ONLY.fullmatch(without_country(name)):
        return None  # an office, not a name: "PNG defence minister", "the Indian counterpart"
    if firm_country(name) is not None or (" " not in name and name.isupper() and len(name) > 2):
        return None  # a known firm ("Boeing") or an acronym ("USABC") is not a person
    if not any(len(tok) > 2 and tok.casefold() in article_text.casefold() for tok in name.split()):
        return None  # invented: no part of the name is in the article
    if title and _FIRM_KIND.search(title) and not _HOLDS_OFFICE.search(title):
        return None  # what a firm is, as its "title": "Korean Air" the "Aerospace Division", PTDI the "aircraft maker"
    if " " not in name and re.search(rf"\b{re.escape(name)}\s+(?:[a-z]+\s+)?(?:factory|plant|works|company|group|"
                                     r"shipyard|corporation|holding|firm)\b", article_text):
        return None  # a firm the article names by one word: "Giraite armament factory"
    if " " not in name:
        name = _full_name(name, article_text)
        if " " not in name and city_country(name) and re.search(rf"\b(in|at|to|from|near)\s+{re.escape(name)}\b", article_text):
            return None  # a place the model put among the people ("a ceremony in Visakhapatnam"), no first name
    elif name.casefold() not in article_text.casefold():
        name = _as_written(name, article_text)
    if title and country is None:
        country = leading_country(title) or leading_country(title + " x")
    if title:
        title = without_country(title)
    title, organization = person_organization(name, title, article_text)
    return Person(name=name, title=title or None, organization=organization, country=country)


_WORD = r"[A-Z][\w&.'’-]*"
_BODY_NAME = (rf"(?:the\s+)?(?:[A-Z]\w+(?:'s|’s)\s+(?:state-owned\s+|state\s+)?)?"
              rf"(?P<org>{_WORD}(?:\s+(?:{_WORD}|of|for|and|the|&))*?)")
_BODY_END = r"(?=\s*[,.;:)]|\s+(?:and|in|on|at|said|says|was|is|who|has|had|for|to|with)\b|\s*$)"
_HOLDS_OFFICE = re.compile(r"\b(chairman|chairwoman|chair|director|commander|president|head|chief|manager|secretary|"
                           r"officer|executive|minister|administrator|general|admiral|envoy|spokes\w+|representative)"
                           r"(?:-in-chief)?\b", re.I)
_PORTFOLIO = re.compile(r"\b(minister|secretary|ambassador)\b|^(deputy\s+|vice\s+)?chief$",  # "Minister of Defence",
                        re.I)  # "Chief of Defence Staff": the office of a portfolio, not of a body
_FIRM_KIND = re.compile(r"\b(maker|manufacturer|shipbuilder|shipyard|company|firm|conglomerate|group|division|"
                        r"subsidiary|contractor)\b", re.I)
_BODY_NOUNS = re.compile(r"\b(ministry|department|committee|commission|service|command|navy|army|air force|corps|"
                         r"agency|directorate|council|bureau|authority|office|administration|coast guard)\b", re.I)


def _is_body(words: str) -> bool:
    """A named body: a known firm, organisation or seat, an acronym ("SIBAT"), or a name with
    the noun of a body or a firm in it ("Chilean Navy", "IMI Systems"); never a country."""
    key = words.casefold()
    if country_code(words) or key in ("us", "u.s.", "uk", "eu") or words.endswith(("'", "’")):
        return False
    return bool(firm_country(words) or key in ORGANIZATIONS or seat_of(words)
                or re.fullmatch(r"[A-Z]{3,6}", words) or _BODY_NOUNS.search(words) or COMPANY.search(words))


def _office_at_body(title: str, prep: str, body: str) -> bool:
    return (bool(_HOLDS_OFFICE.search(title)) and not (prep in ("of", "for") and _PORTFOLIO.search(title))
            and _is_body(body))


#: "NAME, office at Body": what follows a mention of the person
_OFFICE_AFTER = re.compile(rf",\s+(?:the\s+|its\s+)?(?P<title>[^,.;()]{{2,60}}?(?:\([^)]{{1,40}}\))?)"
                           rf"\s+(?P<prep>of|at|in|for)\s+{_BODY_NAME}{_BODY_END}")
#: "Body office NAME": what precedes a mention of the person (searched up to the mention)
_OFFICE_BEFORE = re.compile(rf"\b(?:[Tt]he\s+)?(?P<org>{_WORD}(?:\s+{_WORD}){{0,3}}?)(?:'s|’s)?\s+"
                            rf"(?P<title>[a-z][a-z -]{{2,60}}?)\s+\Z")


def _word_edge(text: str, at: int) -> bool:
    """A word boundary at ``at``, as ``\\b`` reads it."""
    return (at > 0 and word_char(text[at - 1])) != (at < len(text) and word_char(text[at]))


def _offices_around(name: str, window: str, *, after: bool) -> Iterator[re.Match[str]]:
    """The "NAME, office at Body" (``after``) or "Body office NAME" matches in ``window``, left to
    right and not overlapping, as one pattern with the name inside would find them. The name is
    not compiled into a pattern: a pattern this size takes ~1 ms to compile, and news names new
    people every day."""
    at, free = window.find(name), 0
    while at >= 0:
        end = at + len(name)
        m = None
        if at >= free and after and _word_edge(window, at):
            m = _OFFICE_AFTER.match(window, end)
        elif at >= free and not after and _word_edge(window, end):
            m = _OFFICE_BEFORE.search(window, free, at)
        if m is not None:
            yield m
            free = m.end() if after else end
        at = window.find(name, at + 1)


def _around(name: str, text: str, reach: int = 200) -> Iterator[str]:
    """The stretches of text around each mention of ``name``, from a word boundary ``reach``
    characters before it to the end of its sentence: all the patterns above can match in."""
    at = text.find(name)
    while at >= 0:
        start = text.rfind(" ", 0, max(0, at - reach)) + 1
        end = text.find(". ", at + len(name) + reach)
        yield text[start:len(text) if end < 0 else end + 1]
        at = text.find(name, at + 1)


def person_organization(name: str, title: str | None, text: str) -> tuple[str | None, str | None]:
    """(title, organization): the body a person holds office in when the article names it apart
    from the title ("Joint Secretary at the Ministry of Defence", "Rafael executive vice president
    X", "chairman of Israel's state-owned IMI Systems"); none for a title alone ("Defence
    Minister") or a portfolio ("Minister of Defence")."""
    if title:
        m = re.fullmatch(rf"(?P<title>.+?)\s+(?P<prep>of|at|in|for)\s+{_BODY_NAME}", title.strip(" .,"))
        if m and _office_at_body(m.group("title"), m.group("prep"), m.group("org")):
            return m.group("title"), m.group("org")
    windows = list(_around(name, text))
    for m in (m for window in windows for m in _offices_around(name, window, after=True)):
        if _office_at_body(m.group("title"), m.group("prep"), m.group("org")):
            return title, m.group("org")
    for m in (m for window in windows for m in _offices_around(name, window, after=False)):
        words = m.group("org").split()  # "Abu Dhabi's EDGE": the body is the last words
        body = next((b for k in range(len(words)) if _is_body(b := " ".join(words[k:]))), None)
        if body and _HOLDS_OFFICE.search(m.group("title")):
            return title, body
    return title, None


_OFFICE = re.compile(r"\b(minister|president|secretary|ambassador|chairman|chairwoman|director|ceo|chief|premier|"
                     r"king|general|admiral|vice president)\b", re.I)


def _titled_in(name: str, text: str) -> tuple[Actor | None, Person] | None:
    """A party written by a person's name alone that the article gives with his title ("Boris
    Pistorius" where it writes "German Defence Minister Boris Pistorius")."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or firm_country(name) or side_country(name):
        return None  # a country is no person's name ("New Zealand" after "... Richard Haworth.")
    for m in re.finditer(rf"((?:[\w'’.-]+ ){{1,5}}){re.escape(name)}\b", text):
        before = m.group(1).split()
        for i in range(len(before)):
            found = person_as_party(" ".join([*before[i:], name]), text, look=False)
            if found is not None:
                return found
    return None


def person_as_party(name: str, text: str, *, look: bool = True) -> tuple[Actor | None, Person] | None:
    """"Slovak Defense Minister Peter Gajdos" written as a party: his country is the party and
    he is a signatory; no party when his country is not known ("Ambassador Marc Stanley": a
    person is never a party). None when the name is not a titled person, here or (``look``) where
    the article names him."""
    name = " ".join(name.split()).strip(" .,;")
    words = name.split()
    country = next((code for n in (3, 2, 1) if len(words) > n and (code := side_country(" ".join(words[:n])))), None)
    titled = " ".join(words[next(n for n in (3, 2, 1, 0) if n == 0 or (len(words) > n and side_country(
        " ".join(words[:n])))):])
    lead = _TITLE_WORDS.match(titled)
    if not lead or not _OFFICE.search(lead.group(1)):
        return _titled_in(name, text) if look else None
    rest = titled[lead.end():].split()
    if (not 1 <= len(rest) <= 4 or not all(w[:1].isupper() for w in rest)
            or COMPANY.search(" ".join(rest)) or GOVERNMENT.search(" ".join(rest))):
        return None
    person = to_person(titled, None, country, text)
    if person is None:
        return None
    country = country or person.country
    return (Actor(name=country_name(country), country=country, kind="state") if country else None), person


def people_of(drafts: list[PersonDraft], text: str) -> list[Person]:
    """The people a model named (signers, participants), each once; none that is not a person."""
    people: list[Person] = []
    for draft in drafts:
        person = to_person(draft.name, draft.title, draft.country, text)
        if person and all(p.name.casefold() != person.name.casefold() for p in people):
            people.append(person)
    return people


#: "and" before a name: "Richard Marles and Foreign Minister Penny Wong met ..."
_AND = re.compile(r"\s+and\s+")


def titled_beside(people: list[Person], sentence: str, text: str) -> list[Person]:
    """The titled people a sentence joins to one of ``people`` by "and" ("Australian Defence Minister Richard
    Marles and Foreign Minister Penny Wong met ..."): there too, of that person's country where their title
    names none. A name without a title ("Marles and Wong"), or one of ``people`` again, is not read."""
    found: list[Person] = []
    for p in people:
        at = sentence.find(p.name)
        m = _AND.match(sentence, at + len(p.name)) if at >= 0 else None
        words: list[str] = []
        for word in re.findall(r"[\w'’.-]+|[^\w\s]", sentence[m.end():]) if m else []:
            if not (word[:1].isupper() or word in ("of", "the", "for")):
                break
            words.append(word)
        while words and not words[-1][:1].isupper():
            words.pop()
        if not words or any(q.name.split()[-1] in [w.rstrip(".") for w in words] for q in people):
            continue
        titled = person_as_party(" ".join(words).rstrip("."), text, look=False)
        if titled is None:
            continue
        person = titled[1] if titled[1].country or not p.country else titled[1].model_copy(
            update={"country": p.country})
        if all(q.name.casefold() != person.name.casefold() for q in found + people):  # each once
            found.append(person)
    return found
