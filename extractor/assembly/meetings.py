"""Meeting answers -> contract meetings: the sentence that reports the meeting, its people and
sides, its kind, status, date, place and topics, each read from the article where it says them.
"""

from __future__ import annotations

import datetime as dt
import re

from extractor.asking.answers import MeetingDraft
from extractor.assembly.actors import countries_named, side_country
from extractor.assembly.dates import SIGNED_WORDS, after_publication, date_words_in, meeting_date, upcoming
from extractor.assembly.news_dates import from_one_before
from extractor.assembly.grounding import (
    Grounded, fold, ground, mentions, reanchored, sentence_after, sentence_index, sentences,
)
from extractor.assembly.lexicon import (
    areas_in, meeting_kind_in, meeting_status_in, names_meeting, visit_ahead,
)
from extractor.assembly.people import AUDIENCE, people_of, titled_beside
from extractor.assembly.places import (
    CITY_COUNTRIES, EVENT_WORDS, city_country, dateline_city, named_as_venue, venue_place, without_venue,
)
from extractor.contract import Agreement, Location, Meeting, Person, country_code


def called(person: Person) -> list[str]:
    """What an article calls a person after naming him once: the last word of his name, or the first where the
    family name comes first ("Han" of Han Seung-won, "Dong" of Dong Jun)."""
    words = person.name.split()
    return [w.casefold() for w in dict.fromkeys([words[-1], words[0]]) if w[:1].isupper()] if words else []


def _named(people: list[Person], sentence: str) -> int:
    """How many of the people the sentence names, by the words the article calls them."""
    folded = sentence.casefold()
    return sum(any(next(mentions(key, folded), None) is not None for key in called(p)) for p in people)


def meeting_sentence(g: Grounded, participants: list[Person], text: str) -> Grounded:
    """The sentence that reports the meeting: one naming its people in meeting words. Small
    models often quote another sentence of the article (the one after, or the first)."""
    def fit(sentence: str) -> int:
        named = _named(participants, sentence)
        return named if named and names_meeting(sentence) else 0

    if g.found and fit(g.sentence) == len(participants):
        return g
    if g.found and _OTHER_OCCASION.search(g.sentence) and _THE_TWO.search(g.sentence):
        return g  # another time the same people met: "The two ministers last met in Stockholm in May"
    best = max(((fit(text[a:b]), -a, a, b) for a, b in sentences(text)), default=(0, 0, 0, 0))
    if best[0] == 0 or (g.found and fit(g.sentence) >= best[0]):
        return g
    if g.found and fit(g.sentence) and meeting_status_in(g.sentence) and not meeting_status_in(text[best[2]:best[3]]):
        return g  # a meeting to come ("Teodoro will travel to Tokyo in June"), not the one held that names more of them
    return reanchored(text, best[2], best[3])


#: one whose words a participant brings, not one present: "conveyed greetings from the President of Egypt, Abdel
#: Fattah al-Sisi", "a message from", "on behalf of President ..." (then only titles and names up to the person)
_SENT_BY = re.compile(r"\b(?:(?:greetings|messages?|letters?|regards|wishes)\s+(?:from|of)|on\s+behalf\s+of)"
                      r"(?:\s+(?:the|of|and|his|her|(?-i:[A-Z][\w'’.-]*)),?){0,8}\s*$", re.I)


def absent(people: list[Person], sentences_of: str) -> list[Person]:
    """The people of a meeting less those the sentences name only as whose greetings, message or behalf another
    brings ("Saqr conveyed greetings from President Abdel Fattah al-Sisi"): not there. None taken where no one
    would be left."""
    folded = fold(sentences_of)
    surnames = [p.name.split()[-1].casefold() for p in people if p.name.split()]

    def sent_only(p: Person) -> bool:
        own = p.name.split()[-1].casefold() if p.name.split() else ""
        at = sorted({i for key in (p.name.casefold(), own) if len(key) >= 3 for i in mentions(key, folded)})
        for i in at:
            m = _SENT_BY.search(sentences_of[max(0, i - 90):i])
            between = folded[max(0, i - 90) + m.start():i] if m else ""
            if m is None or any(other != own and next(mentions(other, between), None) is not None for other in surnames):
                return False  # named once as present, or another participant stands between ("on behalf of X, Y met")
        return bool(at)

    present = [p for p in people if not sent_only(p)]
    return present or people


_AUDIENCE = re.compile(rf"\b({AUDIENCE})\b", re.I)  # "told Congress": spoken to, not met


#: a signing ceremony belongs to its agreement, not a meeting (the contract)
_CEREMONY = re.compile(r"\bsigning (ceremony|event)( (was |is )?held)?\b", re.I)
_COUNTERPART = re.compile(r"\bcounterparts?\b", re.I)
_AT_CEREMONY = re.compile(r"\b(at|during|in) a ([\w-]+ )?ceremony\b|"  # "signed the letter at a ceremony in ..."
                          # where a signing took place: "signed ... on the sidelines of the ASEAN summit"
                          r"\b(on|at) the (sidelines|margins) of (the |a |an )?([\w'’-]+ ){0,5}?"
                          r"(summit|meeting|conference|forum|dialogue|exhibition|show|expo)\b", re.I)


#: a visit by travel (a tour of two countries is a visit, not a conference)
_TRAVEL = re.compile(r"\b(visit(s|ed|ing)?|trip|tour(s|ed|ing)?|travel\w*)\b", re.I)
_HELD = re.compile(r"\b(met|visited|held|hosted|received|welcomed|talked|spoke|discussed|signed|attended|"
                   r"paid (a|an) ([\w-]+ )?visit|during (his|her|their|the|[\w'’]+) ([\w-]+ )?(visit|talks|meeting|trip))\b",
                   re.I)


#: the people of the sentence before, referred back to: "The two ministers also discussed ...", "Both leaders"
_THE_TWO = re.compile(r"\b(?:the two|both)\s+(?:defen[cs]e\s+)?(?:ministers|leaders|sides|officials|men|counterparts|"
                      r"delegations|chiefs|presidents|premiers|prime ministers|secretaries|commanders)\b", re.I)


#: a meeting of the people named before on another occasion than the one the article reports
_OTHER_OCCASION = re.compile(r"\b(?:last|previously|earlier|first|had|also)\s+met\b(?!\s+(?:on the sidelines|during))|"
                             r"\bmet\s+(?:(?:in person|face to face)\s+)?(?:again|before|earlier|previously)\b", re.I)


def _talks_after(g: Grounded, text: str) -> Grounded | None:
    """The sentence of the next three that tells of talks between the people a signing's sentence names, referring
    back to them ("The two ministers also discussed maritime security during their talks"), re-anchored."""
    spans = [(a, b) for a, b in sentences(text) if a >= (g.evidence.end or 0)][:3]
    found = next(((a, b) for a, b in spans if _THE_TWO.search(text[a:b]) and names_meeting(text[a:b])
                  and not SIGNED_WORDS.search(text[a:b])), None)
    return reanchored(text, *found) if found else None


def _talks_referred(participants: list[Person], text: str) -> tuple[Grounded, str] | None:
    """The sentence that refers back to the people one of the two before it names ("Albanese and Marape signed
    the treaty ... The two leaders held talks at Parliament House"), in meeting words, re-anchored, and the one
    that names them; None if none."""
    spans = sentences(text)
    for i, (a, b) in enumerate(spans):
        if _THE_TWO.search(text[a:b]) and names_meeting(text[a:b]):
            naming = [text[c:d] for c, d in spans[max(i - 2, 0):i]
                      if _named(participants, text[c:d]) == len(participants)]
            if naming:
                return reanchored(text, a, b), naming[-1]
    return None


def meeting(draft: MeetingDraft, text: str, published: dt.date | None) -> Meeting | str:
    g = ground(draft.quote, text)
    participants = people_of(draft.participants, text)
    if not participants:
        return "meeting without a named participant in the article"
    if len(participants) == 1 and any(_AUDIENCE.search(p.name) for p in draft.participants):
        return "a statement to a legislature or the press, not a meeting"  # "Astudillo told Congress on Thursday"
    # a side the model lists that neither the meeting's sentence nor the next names, nor one of its people
    # stands for, is not the meeting's ("Vucic told reporters during a visit to the Batajnica air base")
    represented = [p.country for p in participants if p.country]
    named = countries_named(g.sentence + " " + sentence_after(text, g.evidence.end or 0)) | {*represented} \
        if g.found else None
    countries = [c for c in (side_country(n) for n in draft.countries) if c and (named is None or c in named)]
    countries = list(dict.fromkeys(countries + represented))
    location = _location(draft.city, text)
    if not countries or (len(countries) < 2 and draft.kind != "conference"):
        return "meeting with fewer than two sides"
    g = meeting_sentence(g, participants, text)
    after = sentence_after(text, g.evidence.end or 0)
    if g.found:
        participants = absent(participants, g.sentence + " " + after)
        participants += titled_beside(participants, g.sentence, text)
    aside = _CEREMONY.sub(" ", g.sentence)  # "attended a signing ceremony held at ...": no meeting word
    if SIGNED_WORDS.search(aside):  # "X and his counterpart Y signed ...": who signed with whom, no meeting word
        aside = _COUNTERPART.sub(" ", _AT_CEREMONY.sub(" ", aside))
    talks_after = None  # talks a sentence tells by referring back to the people another names: that one
    if g.found and not names_meeting(aside) and (SIGNED_WORDS.search(g.sentence) or aside != g.sentence):
        if (told := _talks_after(g, text)) is None:
            return "a signing, not a meeting"
        g, talks_after = told, g.sentence  # "A and B signed ... . The two ministers also held talks on ..."
    if g.found and not names_meeting(g.sentence) and not names_meeting(after):
        if (referred := _talks_referred(participants, text)) is None:
            return "meeting the article does not report"  # "Malaysia will pay ..., Defence Minister Khaled said"
        g, talks_after = referred
    if g.found and not talks_after and not _named(participants, g.sentence) and any(
            _named(participants, text[a:b]) == len(participants) and SIGNED_WORDS.search(text[a:b])
            and not names_meeting(text[a:b]) for a, b in sentences(text)):
        return "a signing, not a meeting"  # "signed a roadmap during Putin's state visit. The document was signed by A and B"
    if talks_after:  # dated where the people are named (the model's words, where that sentence has them)
        said = draft.date if draft.date and draft.date.casefold() in talks_after.casefold() else None
        date = meeting_date(said, talks_after, text, published)
    else:
        date = meeting_date(draft.date, g.sentence, text, published)
    kind = meeting_kind_in(g.sentence) or draft.kind
    if len(countries) >= 3 and kind in ("talks", "visit") and not _TRAVEL.search(g.sentence) \
            and "sidelines" not in g.sentence:
        kind = "conference"  # ministers of three or more countries meeting ("The meeting was hosted by ...")
    # the model's status read the sentence it quoted; a sentence code chose instead that tells of a meeting
    # in the past tense reports one held ("signed a plan on 14 March, during Papadatos' visit to Nicosia")
    held = g.evidence.match == "reanchored" and _HELD.search(g.sentence)
    status = meeting_status_in(g.sentence) or ("held" if held else draft.status)
    if status == "held" and after_publication(date, published):
        status = "planned"  # "will sign ... during Macron's visit to Nancy in May", in an article of March
    if status == "planned" and kind in ("call", "talks", "reception") and visit_ahead(g.sentence):
        kind = "visit"
    if status == "planned":
        date = upcoming(date, f"{draft.date or ''} {date_words_in(g.sentence) or ''}", published)
    if kind == "call":
        location = Location()  # a call has no venue (the model often gives the dateline city)
    summary = f"{kind} ({status}): " + ", ".join(p.name for p in participants)
    return Meeting(participants=participants, countries=countries, kind=kind, status=status,
                   date=date, location=location, topics=meeting_topics(g, participants, text),
                   summary=summary + ".",
                   evidence=[g.evidence], grounded=g.supported)


#: a sentence that tells what talks covered ("The two discussed ...", "Discussions will focus on ...")
_DISCUSSION = re.compile(r"\b(discuss\w*|talks|conferred|focus\w*|the two (sides|ministers|officials|leaders|countries))\b",
                         re.I)


def meeting_topics(g: Grounded, participants: list[Person], text: str) -> list[str]:
    """What the meeting's sentence and the one after it ("The two discussed ...") name; else what
    the article says about its people, or about the talks within four sentences after it ("During
    the call, the two officials also discussed ..."); "other" when none names an area (defence
    cooperation in general)."""
    if not g.found:
        return ["other"]
    found = areas_in(g.sentence + " " + sentence_after(text, g.evidence.end or 0))
    if found:
        return found
    names = [p.name.split()[-1] for p in participants]
    spans = sentences(text)
    at = sentence_index(text, g.evidence.start or 0) or 0
    about = [text[a:b] for i, (a, b) in enumerate(spans)
             if any(next(mentions(n, text[a:b]), None) is not None for n in names)
             or (at < i <= at + 4 and _DISCUSSION.search(text[a:b]))]
    return areas_in(" ".join(about)) or ["other"]


_EVENT_NAME = re.compile(rf"\b(dialogue|symposium|meeting|{EVENT_WORDS})\b", re.I)


def _location(city: str | None, text: str) -> Location:
    """A named city with its country ("Lima, Peru" in the text, else a gazetteer), or a country (of a
    region or of a venue named after one); the dateline's city for a venue or an event no town is named with."""
    if not city or city.casefold() not in text.casefold():
        return Location()
    if _EVENT_NAME.search(city):  # an event's name ("Shangri-La Dialogue"), not a place: where the report is from
        return _dateline_place(text)
    city = city.strip()
    if city.isupper() and len(city) > 3:  # a dateline's capitals ("ULAANBAATAR"): as the article writes it elsewhere
        city = next((m.group(0) for m in re.finditer(re.escape(city), text, re.I) if not m.group(0).isupper()),
                    city.title())
    key = city.casefold()
    if key in CITY_COUNTRIES:
        return Location(city=city, country=CITY_COUNTRIES[key])
    code = country_code(city)
    if code:
        return Location(city=None, country=code)
    named = re.search(rf"{re.escape(city)}(?:,| in)\s+(?:the )?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)", text)
    in_text = country_code(named.group(1)) if named else None
    if in_text and city != (core := without_venue(city)):  # "Ramstein Air Base in Germany": a venue, not a city
        return Location(city=core if city_country(core) == in_text else None, country=in_text)
    country = in_text or city_country(city)
    if country:
        return Location(city=city, country=country)
    if named_as_venue(city, text):  # a building's name, no town ("the Casa de Narino presidential palace", "Camp
        return _dateline_place(text)  # Aguinaldo"): the dateline's town
    town, country = venue_place(city)  # a region or a venue ("Western Australia", "Laikipia Air Base")
    if country:
        return Location(city=town, country=country)
    if without_venue(city) != city:  # a venue no gazetteer places ("the Presidential Palace"): the dateline's town
        return _dateline_place(text)
    return Location(city=city)


def _dateline_place(text: str) -> Location:
    """The place of the article's dateline, for a venue or an event the model gave; none without a dateline."""
    town = dateline_city(text)
    return _location(town, text) if town else Location()


_SIDELINES = re.compile(r"\bon the (sidelines|margins)\b", re.I)


def dated_by_sidelines(meetings: list[Meeting]) -> list[Meeting]:
    """An undated meeting held "on the sidelines" takes the date of the dated conference the article
    tells before it ("Khaled held separate talks with Teodoro on the sidelines" of Thursday's meeting)."""
    return from_one_before(meetings, _SIDELINES, lambda c, m: c.kind == "conference")


#: talks told around a signing: "held talks ... before the signing ceremony", "after signing the agreement"
_AROUND_SIGNING = re.compile(r"\b(before|after|ahead of|following|during|at)\s+(the\s+)?signing\b", re.I)


def dated_by_signing(meetings: list[Meeting], agreements: list[Agreement]) -> list[Meeting]:
    """An undated meeting held before, at or after "the signing" takes the day of the article's one signed instrument
    dated to the day, between countries of the meeting ("Erdogan held talks with the crown prince ... before the
    signing ceremony", the contract signed on Tuesday)."""
    out = []
    for m in meetings:
        days = {a.date for a in agreements if a.status == "signed" and a.date and len(a.date) == 10
                and {p.country for p in a.parties} & set(m.countries)}
        if m.date is None and m.evidence and _AROUND_SIGNING.search(m.evidence[0].quote) and len(days) == 1:
            m = m.model_copy(update={"date": days.pop()})
        out.append(m)
    return out

