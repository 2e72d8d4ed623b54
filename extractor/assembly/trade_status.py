"""Words of a transfer's sentence -> its ``status``: a cancellation, a delivery, a clearance, an
offer, an order, strongest first (a cancellation beats an order). Each rule reads only the evidence
sentence (or a clause of it), never article-specific text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable


def compiled(rules: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:  # once, at import
    """A rule table's patterns compiled (each vocabulary of ``trade_status`` and ``lexicon``)."""
    return [(re.compile(pattern), label) for pattern, label in rules]


def first_match(rules: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    """The label of the first rule whose pattern the (case-folded) text matches."""
    folded = text.casefold()
    return next((label for pattern, label in rules if pattern.search(folded)), None)


_DEAL_NOUNS = r"(talks|negotiations|sales?|deal|purchase|order|contract|exports?|deliveries|transfers?|plans?|programme|program)"
#: what a firm or a government receives that is no weapon: "Saab has received an order from Lithuania"
_PAPERS = r"(?:orders?|contracts?|requests?|offers?|bids?|proposals?|approval|letters?|invitations?|notifications?)\b"
CANCELLED = (
    r"\b(cancel(l)?(ed|ing|s)|scrap(s|ped|ping)?|terminat(ed|ing)|call(ed|s)? off|pull(ed|s)? out of|"
    r"abandon(ed|s|ing)?|shelv(ed|es|ing)|back(ed|s)? out of|(broke|broken|breaks?) off|withdr(ew|awn|aws) from|"
    r"ax(ed|es|ing)|ditch(ed|es|ing)|dropp(ed|ing) (its|the|their|plans?)|collapsed|decided against|"
    r"(decided|chose|opted|voted) not to (proceed|buy|purchase|acquire|go ahead)|(will|would) not (proceed|go ahead) with)\b|"
    r"\b(rejected|blocked|vetoed|turned down|refused)\b[^.;]{0,30}\b(sales?|exports?|purchase|deal|transfer|request|"
    r"proposal|plan|bid)\b|"
    # a deal stopped: "suspended talks over the purchase", "froze the sale", "the order was put on hold"
    rf"\b(suspend(ed|s|ing)?|halt(ed|s|ing)?|froze|frozen|freez(es|ing)|put on hold)\b[^.;]{{0,40}}\b{_DEAL_NOUNS}\b|"
    rf"\b{_DEAL_NOUNS}\b[^.;]{{0,30}}\b(suspended|halted|frozen|on hold)\b|"
    # talks that came to nothing: "talks ... had ended without a deal", "negotiations broke down", "fell through"
    r"\b(talks|negotiations)\b[^.;]{0,60}\b(ended|closed|concluded) without (a|an|any) (deal|agreement|contract|order)\b|"
    r"\b(talks|negotiations|deal|sale|purchase)\b[^.;]{0,60}\b(broke down|fell through)\b")
_STATUS_RULES: list[tuple[re.Pattern[str], str]] = compiled([
    (CANCELLED, "cancelled"),
    # a delivery put off is none yet: "Switzerland's Patriot delivery delayed", "delays in delivering the jets"
    (r"\b(deliver(y|ies)|handover|arrival)\b[^.;]{0,30}\b(delayed|postponed|pushed back|held up)\b|"
     r"\b(delay(s|ed)?|postpon\w+)\b[^.;]{0,20}\bdeliver(y|ies|ing)\b", "ordered"),
    (r"\b(delivered|handed over|took delivery|taken delivery|complet(ed|es) (the )?deliver(y|ies)|"
     r"(has|have) (also |already |now |recently |finally |since )?"
     rf"received\b(?! (?:an? |the |its |their )?(?:[\w-]+ )?{_PAPERS})|"
     r"receiv(ed|es) ((about|some|around|nearly|almost|roughly|approximately|at least|more than|over|up to) )?"
     r"(its|their|the|an?|\d+|first|second|third|fourth|fifth|sixth|final|last|latest|two|three|four|five|six|seven|"
     r"eight|nine|ten|eleven|twelve|dozens|"
     rf"hundreds)\b(?! (?:[\w-]+ )?{_PAPERS})|"
     r"arrived|inducted|commissioned|entered service|in service|has supplied|have included|"
     r"(having|has|have) (already )?acquired|"  # "one of the largest buyers ..., having acquired Su-30MK2 jets"
     # in service, or leased: "already leases 18 Leopard 2A6 tanks from Germany"
     r"(operates|operated|fields|fielded|leases|leased) ((some|about|around|nearly|more than) )?(\d+|a fleet of)|"
     r"(began|begun|started|starts|begins) (delivering|deliveries|supplying)|deliveries (began|started)|"
     r"exporting|(has|have|had) been sold|sold to|delivers|shipped|took possession|taken possession|"
     r"handed to|transferred|donated|gifted|(has|have|had) provided|provided (the|its|\w+ with)|"
     # "Seoul gave the Philippines its first corvette"; not "gave the green light", "gave approval"
     r"gave (the |an? )?[A-Z\w-]+ (its|their|the|an?|\d+|first|two|three|four|five|six)\b"
     r"(?! (green light|go-ahead|approval|permission|nod|clearance|assurances?)\b)|"
     r"(was|were|has been|have been) provided)\b", "delivered"),
    (r"\b(approved|approves|cleared|clears|clearance|green light|authori[sz]ed|allowed|permitted)\b.*"
     r"\b(sales?|exports?|deliver\w*|transfers?|procurement|purchase|acquisition|buy|package)\b|"
     r"\b(sale|export|package|deal)\b.*\b(approved|cleared)\b|\bagree(s|d)? to sell\b|"
     r"\b(approved|cleared)\s+(?:[\w-]+\s+){1,4}?worth\b|"  # "also approved radar systems worth an estimated $828m"
     # a buyer's funds voted: "parliament approved spending of 34 billion crowns on 44 Leopard 2A8 tanks"
     r"\b(approved|approves|cleared|clears|voted|authori[sz]ed)\s+(the\s+)?(spending|funding|funds|financing)\b|"
     r"(?<!discussing a )(?<!discussed a )(?<!discuss a )(?<!talks on a )\bpossible (foreign military )?sale\b|"
     r"\b(decided|decides) to (sell|supply|export|donate|transfer)\b|"  # a government's decision to sell: clearance
     # a veto lifted: "will no longer block the sale of Eurofighter jets", "lifted its objections to the export"
     r"\b(no longer|not) (block|oppose|object to|veto)\w*\b[^.;]{0,30}\b(sales?|exports?|deliver\w*|transfers?)\b|"
     r"\blift(s|ed|ing)? (its |their |the )?(objections?|veto|embargo|ban|block)\b|"
     r"\bnotifi(ed|es) congress\b|\bcongress (was|has been) notified\b|"
     r"\b(approvals?|clearances?) (is|are|was|were) for\b|\b(approvals?|clearances?) (covers?|includes?)\b|"  # "The approval is for"
     r"\b((is|are) (also )?(donating|gifting|lending|loaning)|"
     r"(will|to|would) (also )?(donate|gift|lend|loan|send|give))\b", "approved"),
    (r"\b((expected|set|due|scheduled|poised|aim(s|ed|ing)?|hop(e|es|ed|ing)|ready|likely|about|going) to (be )?"
     r"(\w+ly )?(sign|ink|conclude|seal)\w*|to be (\w+ly )?(signed|inked)|(will|would) (be )?(\w+ly )?(sign|ink)\w*|"
     r"(yet|not yet|still) (to be|been) (signed|inked|concluded)|plan(s|ned|ning)? to (buy|acquire|purchase|"
     r"export|sell|supply|order|procure)|possibility of|negotiat\w+|considering|intends? to (buy|acquire|purchase)|"
     r"offered|offers|offer(ing)? to|"
     # a supply that may come, beside an instrument signed ("a memorandum, signed ..., under which Japan may supply")
     r"((?-i:may)|could|might) (also |one day |eventually )?(supply|sell|provide|transfer|export|buy|acquire|purchase)|"
     # a letter of intent or a memorandum to buy is no order yet
     r"(signed|inked|signs|inks) ((a|an|the) )?([\w-]+ )?(letters? of intent|lois?|memorand\w+ of understanding|mous?)|"
     r"letters? of request)\b",  # a buyer's request to buy, sent or signed
     "proposed"),
    (r"\b(signed|inked|ordered|placed an order|awarded|contracted|purchased|bought|procured|procures)\b|"
     r"\breceiv(ed|es) (an?|the|its|their) ([\w-]+ )?(order|contract)s?\b|"
     r"\b(finali[sz]ed|completed) (the |a |its )?(\w+ )?(purchase|deal|contract|order|acquisition)\b|"
     r"\b(exercised|exercises|exercising) (an|the|its|their) options?\b", "ordered"),
    (r"\b(proposed|(intends|intention) to|may (buy|acquire)|wants to buy|interested in|seeking to (buy|acquire)|"
     r"expects? to (buy|order|acquire|purchase)|(likely|plans?) (that )?(we|it|they) will (buy|order)|"
     r"possible (foreign military )?sale|(possible|potential|prospective) (order|purchase|deal|contract|acquisition)|"
     r"in talks|eye(s|ing) (the )?(purchase|acquisition|buying)|request(s|ed)? to (buy|purchase|acquire)|"
     r"look(s|ing) to (buy|acquire|purchase|procure)|(is|are) (also )?to (buy|acquire|purchase|procure)|"
     r"(stud(y|ies|ying)|weigh(s|ing)?|mull(s|ing)?|evaluat(e|es|ing)) (a |the )?(possible )?"
     r"(buying|acquiring|purchasing|purchase|acquisition)|"
     r"(pursue|pursues|pursuing|seek|seeks|seeking) (a|an) ([\w-]+ )?(deal|purchase|contract|acquisition)|"
     # a buyer's choice, no contract yet: "Colombia has selected the Gripen", "chose the Mogami-class frigate"
     r"(selected|selects|chose|chosen|chooses|picked|picks|opted for|preferred bidder|shortlisted|down-?selected))\b",
     "proposed"),
])
"""Words of a transfer's sentence -> its ``status``, strongest first (a cancellation beats an order)."""


_FUTURE_DELIVERY = re.compile(
    r"\b(will|would|shall|to|could|may|might|should|must)\s+(now\s+|soon\s+|also\s+)?(be\s+)?"
    r"(deliver\w*|handed over|handed to|commissioned|inducted|arriv\w*|enter(ing)? service|transferred|shipped)\b",
    re.I)
"""A delivery still to come ("will be delivered in 2026", "scheduled to arrive"): not a delivery."""


#: after a negation, what was not said rather than not done ("did not disclose when the contract was signed")
NOT_SAID = r"(?![^.;,]{0,40}?\b(disclos|say|said|reveal|specif|confirm|comment|give|gave|announce)\w*)"
#: a signing the sentence says has not happened ("though no contract has been signed", "the deal was not inked"):
#: one still to be signed, not an order
_UNSIGNED = re.compile(rf"\b(no|not)\b(?! (only|the first|the last|the only)\b){NOT_SAID}"
                       r"[^.;,]{0,40}?\b(signed|inked)\b", re.I)


#: a clearance told of the deal an order was placed under ("has ordered 12 AH-1Z helicopters under a deal approved by
#: the State Department in 2022"): the deal's earlier stage, where the sentence orders
_APPROVED_BY = re.compile(r"\b(deal|sale|package|contract|agreement)\s+(approved|cleared)\s+by\b", re.I)
_ORDERS = re.compile(r"\b(ordered|signed|purchased|bought|placed an order)\b", re.I)


def transfer_status_in(sentence: str) -> str | None:
    """A status the evidence sentence states outright, strongest first; None when it says none.
    A delivery the sentence puts in the future is no delivery ("are to be delivered by 2022"), a signing
    it negates one still to come ("no contract has been signed")."""
    if _ORDERS.search(sentence):
        sentence = _APPROVED_BY.sub(r"\1 ", sentence)
    return first_match(_STATUS_RULES, _UNSIGNED.sub(" yet to be signed ", _FUTURE_DELIVERY.sub(" ", sentence)))


#: a sentence that lists what a deal told before covers ("The package includes 48 AIM-120C-8 missiles ...",
#: "The sale would also include ...", "The contract covers ..."): its items are at that deal's stage
_LISTS_THE_DEAL = re.compile(r"^\W*(?:the|this|that)\s+(?:[\w-]+\s+){0,2}(?:package|sale|deal|contract|order|purchase|"
                             r"request|agreement)\s+(?:also\s+|would\s+|will\s+|could\s+)*(?:includes?|comprises?|"
                             r"covers?|consists?\s+of|contains?)\b", re.I)


def stage_referred(sentence: str, before: Iterable[str]) -> tuple[str, str] | None:
    """Where a sentence lists what a deal told before covers and states no status itself: that deal's
    status and the sentence that states it (``before``: the earlier sentences, nearest first; of them, three)."""
    if not _LISTS_THE_DEAL.match(sentence) or transfer_status_in(sentence) is not None:
        return None
    return next(((status, s) for s in itertools.islice(before, 3) if (status := transfer_status_in(s))), None)
