"""Names as models write them -> the contract's ``Actor`` and ``Person``.

The model writes "Russia", "Philippine Navy", "Lockheed Martin"; code decides the kind and the country from the
words, the lexicon's tables (defence firms, armed forces, seats of government) and the model's supplier country.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pycountry

from extractor.asking.answers import PersonDraft
from extractor.assembly.grounding import mentions, word_char
from extractor.assembly.places import city_country
from extractor.assembly.names import FIRM_COUNTRIES, FORCE_COUNTRIES, GOVERNMENT_SEATS, ORGANIZATIONS, firm_home
from extractor.contract import Actor, Person, country_code, joined_initials
from extractor.contract.countries import COUNTRY_ALIASES

_MILITARY = re.compile(r"\b(navy|army|air force|armed forces|forces|marines?|marine corps|coast guard|military|"
                       r"air defen[cs]e force|self-defen[cs]e force|national guard|defen[cs]e forces?)\b", re.I)
_GOVERNMENT = re.compile(r"\b(ministry|department|agency|directorate|government|administration|office|"
                         r"secretariat|cabinet|parliament|congress|state department|pentagon|kremlin)\b", re.I)
_LEGAL_FORM = re.compile(r"\b(corp\.?|corporation|inc\.?|ltd\.?|limited|llc|plc|gmbh|ag|s\.a\.?|co\.|pte|pvt)$", re.I)
_ORGANIZATION = re.compile(r"\b(committee|commission|council|association|alliance|union|forum|"
                           r"organi[sz]ation|coalition)\b", re.I)
_COMPANY = re.compile(r"\b(corp\.?|corporation|inc\.?|ltd\.?|limited|llc|plc|gmbh|ag|s\.?a\.?|co\.?|company|"
                      r"group|systems|industries|industry|aerospace|aviation|dynamics|shipyards?|shipbuilding|"
                      r"technologies|electronics|defen[cs]e|motors|heavy|holdings|enterprises?|works)\b", re.I)


def _firm_country(name: str) -> str | None:
    """The country of a firm the table knows, or of its subsidiary named after a country
    ("Thales Australia", "Rolls-Royce Solutions America": Australian, American)."""
    home = firm_home(name)
    return home if home is None or name.casefold().strip() in FIRM_COUNTRIES else _trailing_country(name) or home


def home_country(actor: Actor) -> str | None:
    """The country of the firm a company belongs to: Korean for "Hanwha Defense Australia"."""
    return firm_home(actor.name) if actor.kind == "company" else None


def _trailing_country(name: str) -> str | None:
    found = _country_words(name.split(), (2, 1), country_code, from_end=True)
    return found[0] if found else None


def _seat(name: str) -> str | None:
    """The country whose government a seat of government stands for ("Pentagon's" -> USA)."""
    key = name.strip().strip(".,;'\"’").strip().casefold()
    return GOVERNMENT_SEATS.get(key[:-2] if key.endswith(("'s", "’s")) else key)


def side_country(name: str) -> str | None:
    """The country a side's name stands for: a country's name, or its government's seat."""
    return country_code(name) or _seat(name)


def leading_country(name: str) -> str | None:
    """The country a name starts with: "Philippine Navy" -> PHL, "South Korean Army" -> KOR; not
    initials that happen to be an ISO code ("AM General", "IT Systems": not Armenia or Italy)."""
    words = name.split()
    if len(words) > 2 and words[0].casefold() == "royal":  # "Royal Thai Navy", "Royal Australian Air Force"
        words = words[1:]
    found = _country_words(words, (3, 2, 1), side_country)
    return found[0] if found else None


def _country_words(words: list[str], sizes: tuple[int, ...], lookup: Callable[[str], str | None], *,
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


def split_countries(name: str) -> list[str]:
    """"Australia, New Zealand and France" -> three names, when every part is a country."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", name) if p.strip()]
    if len(parts) > 1 and all(side_country(p) for p in parts):
        return parts
    return [name]


def spelled_out(acronym: str, text: str) -> str | None:
    """"TKMS" -> "ThyssenKrupp Marine Systems" when the article writes "ThyssenKrupp Marine Systems (TKMS)"."""
    m = re.search(rf"((?:[A-Z][\w&.'-]*\s+){{1,5}}[A-Z][\w&.'-]*)\s+\({re.escape(acronym)}\)", text)
    return m.group(1) if m else None


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
    if name.casefold() in FORCE_COUNTRIES:
        return Actor(name=name, country=FORCE_COUNTRIES[name.casefold()], kind="military")
    if seat := _seat(re.sub(r"^the\s+", "", name, flags=re.I)):  # "the Pentagon": the US government, not the state
        return Actor(name=name, country=seat, kind="government")
    code = country_code(name)
    if code is not None:
        return Actor(name=name, country=code, kind="state")
    key = name.casefold()
    firm = _firm_country(name)
    if key in ORGANIZATIONS or (key.upper() == name and key in ORGANIZATIONS):
        return Actor(name=name, country=None, kind="organization")
    of = _OF_COUNTRY.search(name)  # "Royal Navy of Oman", "Armed Forces of Ukraine"
    prefix = leading_country(name) or (country_code(of.group(1)) if of else None)
    if firm is not None:
        return Actor(name=name, country=firm, kind="company")
    if _LEGAL_FORM.search(name):  # "Defence Force Technologies Ltd" is a firm whatever its words
        return Actor(name=name, country=prefix or country_hint, kind="company")
    if _OFFICE_ONLY.fullmatch(_without_country(name)):  # an office for its state ("Philippine Defence Secretary")
        code = prefix or country_hint
        return Actor(name=country_name(code), country=code, kind="state") if code else Actor(name=name, kind="government")
    if _MILITARY.search(name):
        return Actor(name=name, country=prefix or country_hint, kind="military")
    if _GOVERNMENT.search(name):
        return Actor(name=name, country=prefix or country_hint, kind="government")
    if _ORGANIZATION.search(name) and not _COMPANY.search(name):
        return Actor(name=name, country=prefix or country_hint, kind="organization")
    near = (country_before(name, text) or based_in(name, text)) if text and not (prefix or country_hint) else None
    return Actor(name=name, country=prefix or country_hint or near, kind="company")


_GIVEN_NAME = re.compile(r"(?:Gen|Sen|Col|Maj) [A-Z][\w'-]+")  # "Gen Nakatani", where no other name ends so
_TITLE_WORDS = re.compile(
    r"^((?:(?:then|former|acting|deputy|vice|prime|chief|defen[cs]e|foreign|state|senior|general|lieutenant|"
    r"lt\.?|gen\.?|adm\.?|admiral|colonel|col\.?|major|maj\.?|brigadier|brig\.?|capt\.?|captain|commodore|cdre\.?|"
    r"field|vice-marshal|h\.e\.?|air|marshal|commander|rear|navy|army|"
    r"president|minister|secretary|ambassador|chairman|chairwoman|chair|director|ceo|premier|chancellor|king|"
    r"crown|prince|sheikh|his|her|excellency|mr\.?|mrs\.?|ms\.?|dr\.?|senator|sen\.?|rep\.?|governor|"
    r"undersecretary|under|of|the|national|for|and)\s+)+)", re.I)


_FIRM_END = re.compile(r"\b(systems|industries|aerospace|aviation|dynamics|shipyards?|shipbuilding|technologies|electronics|holdings|group|enterprises|corp\.?|corporation|ltd\.?|limited|inc\.?|plc|gmbh|llc)$", re.I)  # a firm's last word, never a person's
_GROUP = re.compile(r"\b(troops|peacekeepers|soldiers|officers|officials|delegations?|personnel|forces|navy|army|"
                    r"ministry|government|company|companies|team|staff|members|leaders|"
                    r"base|airport|port|harbou?r|shipyard|island|province|city)\b", re.I)  # nor a place: "Kainji air base"


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


_OFFICE_ONLY = re.compile(r"(?:(?:the|his|her|its|their|a|an)\s+)?(?:[a-z][\w-]*\s+)*(?:minister|president|secretary|"
                          r"ambassador|counterpart|chief|commander|official|envoy|spokes\w+|chairman|director|head)s?",
                          re.I)


def unnamed(actor: Actor) -> bool:
    """A side the article does not name: "foreign customers", "partners" (no capital, no country)."""
    return actor.country is None and not any(ch.isupper() for ch in actor.name) and actor.name.isascii()


def to_person(name: str, title: str | None, country: str | None, article_text: str) -> Person | None:
    """A Person, with a title the model left inside the name moved out; None when not a person."""
    name = " ".join(name.split()).strip(" .,;")
    lead = _TITLE_WORDS.match(name)
    if lead and len(name) > lead.end() and not (_GIVEN_NAME.fullmatch(name) and _full_name(name[4:], article_text) == name[4:]):
        if not title:
            title = lead.group(1).strip()
        name = name[lead.end():].strip()
    if not any(ch.isupper() for ch in name) and name.isascii():
        return None  # no name, only words: "suppliers", "the delegation"
    if not name or side_country(name) is not None or len(name.split()) > 5 or _GROUP.search(name) or _FIRM_END.search(name):
        return None  # a country, a body, a group ("Mongolian peacekeepers") or a firm ("BlueBird Aero Systems")
    if _OFFICE_ONLY.fullmatch(_without_country(name)):
        return None  # an office, not a name: "PNG defence minister", "the Indian counterpart"
    if _firm_country(name) is not None or (" " not in name and name.isupper() and len(name) > 2):
        return None  # a known firm ("Boeing") or an acronym ("USABC") is not a person
    if not any(len(tok) > 2 and tok.casefold() in article_text.casefold() for tok in name.split()):
        return None  # invented: no part of the name is in the article
    if " " not in name:
        name = _full_name(name, article_text)
    if title and country is None:
        country = leading_country(title) or leading_country(title + " x")
    if title:
        title = _without_country(title)
    title, organization = person_organization(name, title, article_text)
    return Person(name=name, title=title or None, organization=organization, country=country)


def _without_country(title: str) -> str:
    """A title without the country it starts with, which ``country`` holds: "Russian Defence
    Minister" -> "Defence Minister" (small models copy one side's nationality onto the other's)."""
    words = title.split()
    found = _country_words(words, (3, 2, 1), side_country)
    return " ".join(words[found[1]:]) if found else title


_WORD = r"[A-Z][\w&.'’-]*"
_BODY_NAME = (rf"(?:the\s+)?(?:[A-Z]\w+(?:'s|’s)\s+(?:state-owned\s+|state\s+)?)?"
              rf"(?P<org>{_WORD}(?:\s+(?:{_WORD}|of|for|and|the|&))*?)")
_BODY_END = r"(?=\s*[,.;:)]|\s+(?:and|in|on|at|said|says|was|is|who|has|had|for|to|with)\b|\s*$)"
_HOLDS_OFFICE = re.compile(r"\b(chairman|chairwoman|chair|director|commander|president|head|chief|manager|secretary|"
                           r"officer|executive|minister|administrator|general|admiral|envoy|spokes\w+|representative)"
                           r"(?:-in-chief)?\b", re.I)
_PORTFOLIO = re.compile(r"\b(minister|secretary|ambassador)\b|^(deputy\s+|vice\s+)?chief$",  # "Minister of Defence",
                        re.I)  # "Chief of Defence Staff": the office of a portfolio, not of a body
_BODY_NOUNS = re.compile(r"\b(ministry|department|committee|commission|service|command|navy|army|air force|corps|"
                         r"agency|directorate|council|bureau|authority|office|administration|coast guard)\b", re.I)


def _is_body(words: str) -> bool:
    """A named body: a known firm, organisation or seat, an acronym ("SIBAT"), or a name with
    the noun of a body or a firm in it ("Chilean Navy", "IMI Systems"); never a country."""
    key = words.casefold()
    if country_code(words) or key in ("us", "u.s.", "uk", "eu") or words.endswith(("'", "’")):
        return False
    return bool(_firm_country(words) or key in ORGANIZATIONS or _seat(words)
                or re.fullmatch(r"[A-Z]{3,6}", words) or _BODY_NOUNS.search(words) or _COMPANY.search(words))


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


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code)


def person_as_party(name: str, text: str) -> tuple[Actor | None, Person] | None:
    """"Slovak Defense Minister Peter Gajdos" written as a party: his country is the party and
    he is a signatory; no party when his country is not known ("Ambassador Marc Stanley": a
    person is never a party). None when the name is not a titled person."""
    name = " ".join(name.split()).strip(" .,;")
    words = name.split()
    country = next((code for n in (3, 2, 1) if len(words) > n and (code := side_country(" ".join(words[:n])))), None)
    titled = " ".join(words[next(n for n in (3, 2, 1, 0) if n == 0 or (len(words) > n and side_country(
        " ".join(words[:n])))):])
    lead = _TITLE_WORDS.match(titled)
    if not lead or not _OFFICE.search(lead.group(1)):
        return None
    rest = titled[lead.end():].split()
    if (not 1 <= len(rest) <= 4 or not all(w[:1].isupper() for w in rest)
            or _COMPANY.search(" ".join(rest)) or _GOVERNMENT.search(" ".join(rest))):
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
