"""Agreement drafts -> ``Agreement`` records: the parties as actors, the instrument its sentence names
(kind, name, status, date, areas, signatories), and what cannot be one dropped with its reason; and the
purchase contract a transfer's own sentence reports."""

from __future__ import annotations

import datetime as dt
import re

from extractor.asking.answers import AgreementDraft
from extractor.assembly.actors import (
    home_country, side_country, sides_its_sentence_names, split_countries, to_actor, unnamed,
)
from extractor.assembly.dates import (
    after_publication, before_publication, date_words_in, instrument_year, signed_when, signing_date,
)
from extractor.assembly.grounding import Grounded, clause_of, ground, reanchored, sentence_after
from extractor.assembly.hedges import denied, denied_report, denies_signing, only_alike, only_guessed, only_sought
from extractor.assembly.lexicon import (
    agreement_kind_in, agreement_status_in, areas_in, category_of, civil_before, civil_only, instrument_kinds,
    named_as_weapon, names_instrument, speaks_of_purchase,
)
from extractor.assembly.names import firm_home
from extractor.assembly.instrument_names import agreement_summary, instrument_name, instrument_sentence
from extractor.assembly.people import people_of, person_as_party
from extractor.assembly.signers import signed_before, signed_by
from extractor.contract import Actor, Agreement, ArmsTransfer, Person


_PROGRAMME_NAME = re.compile(r"\bprogram(me)?s?$", re.I)
#: words of a body's name, which may name a weapon too ("Missile Defense Agency", "Armoured Corps")
_BODY = re.compile(r"\b(agency|command|forces?|corps|ministry|department|board|brigade|regiment|division|group|"
                   r"corporation|company|industries|systems|works|yards?|directorate|office|authority|cent(re|er)|"
                   r"institute|council|administration|bureau|navy|army)\b", re.I)


_LEGISLATURE = re.compile(r"\b(parliament|congress|senate|legislature|national assembly|legislative assembly|"
                          r"house of representatives)\b", re.I)


def agreement_parties(names: list[str], text: str, signers: list[Person] | None = None) -> list[Actor]:
    """Actors from the model's party names: lists of countries split, duplicates dropped, a
    titled person written as a party turned into his country (and added to ``signers``), and
    a state dropped when a company of that state is the party ("Russia's Rosoboronexport")."""
    parties: list[Actor] = []
    unnamed_side = False
    for name in (part for n in names for part in split_countries(n)):
        if firm_home(name) is None and side_country(name) is None and not _BODY.search(name) and (
                category_of(name) or named_as_weapon(name, text) or _PROGRAMME_NAME.search(name)):
            continue  # a weapon or a programme the model wrote among the parties ("25 Eurofighter Typhoon jets")
        if _LEGISLATURE.search(name):
            continue  # a parliament approves or ratifies; it is no side of the instrument
        as_person = person_as_party(name, text)
        if as_person is not None:
            actor, person = as_person
            if signers is not None and all(p.name.casefold() != person.name.casefold() for p in signers):
                signers.append(person)
            if actor is None:
                continue
        else:
            actor = to_actor(name, text=text)
            if unnamed(actor):
                unnamed_side = True  # "foreign customers"
                continue
        if all(actor.name.casefold() != p.name.casefold() and (actor.kind != "state" or actor.country != p.country)
               for p in parties):
            parties.append(actor)
    if unnamed_side:  # the other side a customer the article does not name, not the firm's own state
        firms = {p.country for p in parties if p.kind == "company"}
        parties = [p for p in parties if not (p.kind == "state" and p.country in firms)]
    if unnamed_side and len(parties) == 1:
        return []  # a deal with customers the article does not name
    if len({p.country for p in parties}) == 1:  # a foreign firm's local arm: "Hanwha Defense Australia" with Australia
        parties = [p.model_copy(update={"country": home_country(p) or p.country}) for p in parties]
    firm_countries = {p.country for p in parties if p.kind == "company" and p.country}
    states = {p.country for p in parties if p.kind != "company"}
    return [p for p in parties if not (p.kind == "state" and p.country in firm_countries
                                       and len(states) > 1)]


def agreement(draft: AgreementDraft, text: str, published: dt.date | None) -> Agreement | str:
    g = ground(draft.quote, text)
    if g.found and draft.read_beside:  # code's reading: the sentence asked about, where the model quoted another
        g = reanchored(text, g.evidence.start or 0, g.evidence.end or 0)
    signers = people_of(draft.signers, text)
    parties = agreement_parties(draft.parties, text, signers)
    if not parties:
        return "agreement without parties"
    if len(parties) > 1 and len({p.country for p in parties}) == 1 and parties[0].country:
        return "agreement within one country"  # a ministry's contract with its own country's firm
    if not g.found:  # a quote the article lacks (once a name repeated): a sentence naming an instrument of its sides
        anchor = instrument_sentence(text, draft.kind, [p.name for p in parties])
        if anchor is None:
            return "agreement whose quote is not in the article, nor an instrument of its parties"
        g = reanchored(text, *anchor)
    if g.found and not names_instrument(g.sentence):
        return "agreement whose sentence names no instrument"
    if g.found and only_sought(g.sentence):
        return "agreement still to be bid for"  # "opening the way for British firms to bid for contracts there"
    if g.found and only_alike(g.sentence):
        return "agreement its sentence only likens another to"  # "the first country to sign such an agreement"
    parties = sides_its_sentence_names(parties, g.sentence) if g.found else parties
    if g.found and (civil_only(g.sentence) or civil_before(g.sentence, text, g.evidence.start or 0)):
        return "agreement about a civil deal"  # or "The treaty was signed ..." after "an investment treaty"
    if g.found and (denied(g.sentence) or denied_report(g.sentence, text)):
        return "agreement the article denies"  # "denied media reports that it had signed a deal"
    if g.found and only_guessed(g.sentence) and agreement_status_in(g.sentence) is None:
        return "agreement only guessed at"  # "Vietnam could become the next buyer ..."
    # the instrument its sentence names decides: the model's kind where the sentence names it among
    # others, else the first it names ("signed a letter of intent" the model called a contract, "a
    # military cooperation accord" it called a treaty); the model's guess where it names none. An
    # agreement to buy is a purchase contract, as the model said.
    kind = agreement_kind_in(g.sentence, draft.kind) or draft.kind
    if kind == "agreement" and draft.kind == "contract" and speaks_of_purchase(g.sentence):
        kind = "contract"
    date = signing_date(draft.date, g.sentence, text, published, kind=kind)
    # the status the model's quote states, where it quotes one clause of a sentence that tells of two deals
    # ("Madrid signed a contract for 25 jets in December 2024 | , and is negotiating ... to acquire 45 trainers")
    status = (agreement_status_in(draft.quote) if g.evidence.match != "reanchored" and draft.quote != g.sentence
              else None) or agreement_status_in(g.sentence) or draft.status
    if status == "signed" and g.found and denies_signing(g.sentence):
        return "agreement whose sentence says it was not signed"
    if status == "planned" and (before_publication(date, published) or (published and date == published.isoformat())):
        date = None  # the day they agreed to negotiate, not the day it is to be signed
    borrowed = bool(draft.date) and draft.date.casefold() not in g.sentence.casefold()
    # an older instrument known by its year ("the 2020 contract", "under the 2021 AUKUS pact")
    # (of whatever kind, where the sentence names one instrument: "Under a 2008 agreement" the model's contract)
    one = len(instrument_kinds(g.sentence)) == 1
    known_by = instrument_year(g.sentence, None if one else kind) if g.found and status != "planned" else None
    if g.found and status != "planned" and (date is None or status == "ended" or borrowed):
        # an ended one's date is only that, when it was signed ("the 2020 contract ... has been terminated"), not
        # the day of the news of its end, nor a day the model took from another sentence
        date = known_by or (None if status == "ended" else date)
    if known_by and date and not date.startswith(known_by) and len(instrument_kinds(g.sentence)) == 1:
        date = known_by  # "received five helicopters on Monday ... under a 2022 contract": the contract's year
    # "met on Wednesday, days after the two countries signed a ... treaty": the meeting's day, not the signing's;
    # days before it fall in its month (near enough), weeks or months before in its year
    if g.found and date and len(date) == 10 and (before := signed_before(g.sentence)) \
            and date_words_in(g.sentence[:before.start()]):
        date = date[:7] if before.group(1).casefold() in ("days", "a day", "hours", "shortly", "soon") else date[:4]
    if status != "planned" and after_publication(date, published):
        date = None  # "signed a contract ..., with deliveries from 2026": when it is due, not when it was signed
    name = (instrument_name(g.sentence, kind) if g.found else None) or draft.name
    if kind == "agreement" and name and len(named := set(instrument_kinds(name))) == 1 and "agreement" not in named:
        kind = named.pop()  # "12 agreements, including a memorandum of understanding on ...": the one named
    return Agreement(name=name, kind=kind, parties=parties, signatories=signed_by(signers, kind, status, g.sentence, text),
                     date=date, status=status, areas=agreement_areas(kind, g.sentence + " " + _scope_after(g, text)),
                     summary=agreement_summary(kind, status, parties),
                     evidence=[g.evidence], grounded=g.supported)


#: a sentence that says what the instrument just told covers ("The agreement covers training, ...", "It also
#: provides for ...")
_COVERS = re.compile(r"^\W*(?:it|(?:the|this|that)\s+(?:[\w-]+\s+){0,3}(?:agreement|pact|accord|memorandum|mou|treaty|"
                     r"deal|document|plan|protocol|arrangement|roadmap|framework))\s+(?:also\s+|will\s+|would\s+)*"
                     r"(?:covers?|includes?|provides?\s+for|focus(?:es)?\s+on|envisages?|calls?\s+for|spans?|"
                     r"foresees?|deals?\s+with)\b", re.I)


def _scope_after(g: Grounded, text: str) -> str:
    """The next sentence, where it says what the instrument covers; else nothing."""
    after = sentence_after(text, g.evidence.end or 0) if g.found else ""
    return after if _COVERS.match(after) else ""


def agreement_areas(kind: str, sentence: str) -> list[str]:
    """What the sentence says the instrument covers; a purchase contract is arms trade."""
    areas = areas_in(sentence)
    if kind == "contract" and "arms_trade" not in areas:
        areas.insert(0, "arms_trade")
    return list(dict.fromkeys(areas))


_CONTRACT_WORDS = re.compile(r"\b(contracts?|orders?|deals?|purchase agreement)\b", re.I)


def implied_contracts(transfers: list[ArmsTransfer], text: str = "",
                      published: dt.date | None = None) -> list[Agreement]:
    """The purchase contract a transfer's own sentence reports ("signed a contract for 54 K9A1
    howitzers"): its sides are the recipient and the supplier."""
    contracts = []
    for t in transfers:
        sentence = t.evidence[0].quote if t.evidence else ""
        if t.status not in ("ordered", "cancelled") or not _CONTRACT_WORDS.search(sentence):
            continue
        status = (agreement_status_in(clause_of(t.system, sentence)) or agreement_status_in(sentence)
                  or ("ended" if t.status == "cancelled" else "signed"))  # its own clause's first
        # an ended contract's date is when it was signed, not when the purchase was cancelled
        # (or the date a sentence of its own gives its signing: "The contract was signed in March 2024.")
        date = (instrument_year(sentence) or signed_when(text, "contract", published, sentence)) \
            if status == "ended" else t.date
        contracts.append(Agreement(
            kind="contract", parties=[t.recipient, t.supplier], date=date, status=status,
            areas=list(dict.fromkeys(["arms_trade", *areas_in(sentence)])),
            summary=agreement_summary("contract", status, [t.recipient, t.supplier]),
            evidence=list(t.evidence), grounded=t.grounded))
    return contracts
