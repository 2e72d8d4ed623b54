"""The keyword vocabularies, each in one place: what a sentence or a designation states plainly, code
reads itself (who a name stands for is in ``names``).

Small models miscategorise and mislabel status; a designation or a sentence usually says it outright
("helicopters", "delivered", "USD350 million"). Each rule looks only at the record's system name or
evidence sentence, never at article-specific text. The tables are data (a word list per label, each
with a docstring saying what it decides; compiled once); the functions below each table read it.
Counts and amounts are read in ``amounts``, date words in ``dates``, an instrument's name in
``instrument_names``, a transfer's status in ``trade_status``, what a sentence only guesses, denies or
negates in ``hedges``.
"""

from __future__ import annotations

import itertools
import re

from extractor.assembly.grounding import first_span, fold, mentions, sentences
from extractor.assembly.trade_status import compiled, first_match


_CATEGORY_RULES: list[tuple[re.Pattern[str], str]] = compiled([
    (r"(surface-to-air|air[- ]defen[cs]e|anti-aircraft) missile systems?|missile defen[cs]e( systems?)?|"
     r"air[- ]defen[cs]e|surface-to-air|\bsam\b|s-[34]00|patriot|nasams|iron dome|\biris-t\b|spyder|"
     r"anti-aircraft|\bhq-9|akash|barak|thaad|mim-|\bshorad\b|counter-(drone|uas|uav)|anti-drone", "air_defence"),
    (r"ammunition|\brounds?\b|shells?\b|\bammo\b|munitions?|(?<!guided )bombs?\b|cartridges", "ammunition"),
    (r"torpedo|depth charge|naval gun|ciws|phalanx|close-in weapon|naval mines?|sea mines?", "naval_weapons"),
    (r"anti-submarine|\basw\b|sonar", "anti_submarine_warfare"),
    (r"helicopter|\bjets?\b|fighter|aircraft|airplane|plane|drone|\buav|\bucav|\buas\b|trainer|bomber|airlifter|"
     r"(unmanned )?(combat )?aerial (vehicles?|systems?)|unmanned (combat )?air (vehicles?|systems?)|gunships?|"
     r"tanker aircraft|\bf-\d|\bsu-\d|\bmig-\d|\byak-\d|\bmi-\d|\bka-\d|\bc-\d{3}|\bah-\d|\buh-\d|\bch-\d|"
     r"\bmh-\d|rafale|gripen|typhoon|apache|black hawk|chinook|huey|tejas|bayraktar|tb2|\bkc-\d|\bp-8|"
     r"hercules|super tucano|\bt-50|\bfa-50|\bkf-21|\bj-\d{1,2}\b|\bjf-17", "aircraft"),
    (r"submarine|frigate|corvette|destroyer|\bvessels?\b|\b(war)?ships?\b|\bboats?\b|patrol craft|-class\b|"
     r"landing (ship|platform|craft)|amphibious|aircraft carrier|minesweeper|mine ?hunters?|cutter|\blpd\b|"
     r"\bopvs?\b|\bcraft\b|oilers?\b", "ships"),
    (r"(?<!anti-)\btanks?\b|armou?red|\bapcs?\b|\bifvs?\b|infantry fighting|personnel carrier|\bmbt\b|vehicles?|"
     r"\bt-\d{2}|leopard|abrams|\bk2\b|humvee|stryker|bradley", "armoured_vehicles"),
    (r"howitzer|artillery|mortar|rocket launcher|\bmlrs\b|himars|multiple rocket|\bk9\b|caesar|"
     r"self-propelled gun|\bpzh", "artillery"),
    (r"missile|brahmos|harpoon|exocet|tomahawk|javelin|hellfire|\batgm|anti-ship|anti-tank|cruise|"
     r"guided (rockets?|bombs?)|\brockets?\b(?! launcher| system| artillery)", "missiles"),
    (r"radar|sensor|surveillance system|early warning|\baew|electro-optical", "sensors"),
    (r"\bengines?\b|turbofan|turbine", "engines"),
    (r"satellite", "satellites"),
])
"""Words of a designation -> its transfer ``category`` (the last word naming one wins)."""


def category_of(system: str) -> str | None:
    """The category a designation states by itself ("Mi-17 helicopters" -> aircraft), else None.
    The last word that names a category wins: "anti-tank missiles" are missiles; of what the words
    before "for" name, where they name one: "engines for K2 tanks" are engines, "radars for F-16 jets" sensors."""
    if SHIP_NAME.fullmatch(system.strip()):  # a ship by its name: "BRP Miguel Malvar", "HMAS Anzac"
        return "ships"
    head = re.split(r"\s+for\s+", system, maxsplit=1)[0]
    if head != system and (found := category_of(head)):
        return found
    folded = system.casefold()
    found = [(m.end(), -i, label) for i, (pattern, label) in enumerate(_CATEGORY_RULES)
             for m in pattern.finditer(folded)]
    return max(found)[2] if found else None


def named_as_weapon(name: str, text: str) -> bool:
    """A name the article writes with what it is right after it ("its second FREMM multipurpose frigate",
    "25 Eurofighter Typhoon jets"), though the name alone says nothing of a weapon."""
    folded, key = fold(text), fold(" ".join(name.split()))
    after = (re.split(r"[,.;:()]|\b(?:and|or|with|for|from|to|of)\b", text[at + len(key):])[0].split()[:2]
             for at in mentions(key, folded)) if key else ()
    nouns = (list(itertools.takewhile(lambda w: w.isalpha() and w.islower(), words)) for words in after)
    # what it is, not what it does ("Spain drops F-35 plan", "help Australia acquire submarines")
    return any(words and not re.fullmatch(rf"{MOVING_WORDS}|{_VERBS}", words[0]) and category_of(" ".join(words))
               for words in nouns)


_VERBS = (r"(has|have|had|will|would|to|is|are|was|were|said|says|plans?|wants?|operates?|flies|uses?|builds?|built|"
          r"makes?|made|drops?|needs?|seeks?|gets?|got|adds?|keeps?)")


_MEETING_KIND_RULES: list[tuple[re.Pattern[str], str]] = compiled([
    (r"\b(phone|telephone|video) (call|conversation|talks?)\b|\b(by|over the|on the) (tele)?phone\b|"
     r"\bvirtual (meeting|talks|conference|summit|session)s?\b|\b(met|meet|talks|spoke) virtually\b|"
     r"\bonline (meeting|talks)\b|\b(tele)?phoned\b|\bvideo link\b|"
     r"\bby telephone\b|\bvideo ?conferenc\w*", "call"),
    # talks on a conference's sidelines are talks, not the conference
    (r"\b(met|meets|meeting|talks)\b.{0,120}\bon the sidelines\b|\bon the sidelines\b.{0,80}\b(met|meets|talks)\b",
     "talks"),
    (r"(?<!press )\b(conference|summit|forum|symposium|ministerial meeting|ministers' meeting)\b|"
     # ministers of many states meeting ("Defence ministers of the ten ASEAN member states met ... for their annual meeting")
     r"\b(ministers|chiefs|leaders|heads) of (the )?([\w-]+ ){0,3}(member )?(states|countries|nations)\b", "conference"),
    (r"\b(received|receives) (a|the) (\w+ )?visit\b", "visit"),  # "we received the visit of the Danish minister"
    # a reception the sentence frames as part of a visit ("received his counterpart ..., during a visit that ...")
    (r"\b(received|receives|reception)\b.*\b(during|on|in the course of) (a|an|his|her|the|their) ([\w'’-]+ ){0,3}visit\b",
     "visit"),
    (r"\b(reception|received|receives|hosted a (dinner|lunch))\b", "reception"),
    (r"\b(visit|visits|visited|visiting|trip|tour|travel(s|led|ed)? to|host(s|ed|ing)?|courtesy call)\b|"
     r"\b(welcomed|welcomes|welcoming) (?!(the|a|an|this|that|its|their) (deal|agreement|decision|move|signing|contract|"
     r"news|step|announcement|offer|proposal|plan|initiative|delivery|arrival of the)\b)", "visit"),  # a host and a guest
    # a handover both sides attend is neither talks nor a visit
    (r"\b(hand(s|ed|ing)? over|handover|hand-over|(commissioning|delivery|roll-out|launch) ceremony)\b", "other"),
    (r"\b(talks|met|meets|meeting)\b", "talks"),
])
"""Words of a meeting's sentence -> its ``kind`` (a call, a conference, a visit, a handover, talks)."""


def meeting_kind_in(sentence: str) -> str | None:
    """The kind of meeting a sentence names outright (a call, a visit), else None."""
    return first_match(_MEETING_KIND_RULES, sentence)


# What a sentence says an agreement covers or a meeting discussed. Each area is named by its
# own words; buying, selling and supplying weapons is ``arms_trade``.
_AREA_RULES: list[tuple[re.Pattern[str], str]] = compiled([
    (r"\b(sales?|sell(s|ing)?|sold|purchas\w*|buy(s|ing)?|bought|acqui(re|red|res|ring|sition)s?|procure\w*|"
     r"exports?|exporting|imports?|arms|weapons?|military equipment|defen[cs]e equipment|supply|supplies|"
     r"supplying|deliver(y|ies)|orders?|deal for|military trade|defen[cs]e trade|fighter|jets?|aircraft|"
     r"helicopters?|submarines?|frigates?|warships?|tanks|missiles?|howitzers?|drones?)\b", "arms_trade"),
    (r"\b(technology transfer|transfer of (\w+ ){0,4}technolog\w*|technolog\w* transfer|transfer (\w+ )?technolog\w*|"
     r"share (\w+ )?technolog\w*|technolog\w* sharing|military technolog\w*|military[- ]technical)\b",
     "technology_transfer"),
    (r"\b(joint production|co-?produc\w*|licen[cs]ed production|licen[cs]e[- ]production|under licen[cs]e|"
     r"licen[cs]e-built|produced? locally|local production|"
     r"manufactur\w* (locally|in)|assembl\w* (locally|in)|joint venture|jointly (produce|build|manufacture)|"
     r"to (produce|build) )", "joint_production"),
    (r"\b(research|r&d|joint(ly)? develop\w*|co-?develop\w*|development of)\b", "research_development"),
    (r"\b(defen[cs]e[- ]industr\w*|arms industr\w*|industrial (cooperation|co-operation|partnership|participation|"
     r"base|collaboration|partners?|consorti(um|a))|consorti(um|a)|(local|domestic|national) (defen[cs]e )?industr\w*|"
     r"industry partners?|defen[cs]e companies|defen[cs]e firms)\b", "defense_industry"),
    (r"\b(train(ing|ed|s)?|education|academ(y|ies)|instructors?)\b", "training"),
    (r"\b(exercises?|drills?|war ?games?|manoeuvres|maneuvers)\b", "exercises"),
    (r"\b(intelligence|information[- ]sharing|share (\w+ )?information|surveillance information|"
     r"classified (military )?information|military information)\b",
     "intelligence_sharing"),
    (r"\b(logistic\w*|refuel\w*|resupply|maintenance|spare parts|port calls?|use (\w+ )?ports)\b", "logistics"),
    (r"\b(maritime|naval cooperation|sea lanes|coast ?guard|illegal fishing|freedom of navigation|"
     r"south china sea|patrol vessels?|(counter-?|anti-)?pira(cy|tes?))\b", "maritime_security"),
    (r"\b(borders?|frontier|joint patrols)\b", "border_security"),
    (r"\b(peacekeep\w*|peace[- ]support)\b", "peacekeeping"),
    (r"\b(terror\w*|counter-?terror\w*|extremis\w*|(counter-?)?insurgen\w*|jihadi\w*)\b", "counterterrorism"),
    (r"\b(cyber\w*)\b", "cyber"),
    (r"\b(search[- ]and[- ]rescue|disaster[- ]relief|humanitarian assistance)\b", "search_and_rescue"),
])
"""Words of a sentence -> the ``areas`` an agreement covers or the ``topics`` a meeting discussed."""


_NAMES_NOT_AREAS = re.compile(
    r"\b(resupply|supply|training|trainer|transport|logistics?|support)"
    r"(?=\s+(vessels?|boats?|ships?|aircraft|planes?|vehicles?|jets?|helicopters?|craft|trucks?)\b)|"
    r"\bdefen[cs]e[- ]industry\s+(minister|ministry|secretary|department)\b|"
    r"\b(minister|ministry|secretary|department) (of|for) defen[cs]e[- ]industry\b")
"""What a weapon or an office is called ("ammunition resupply vehicles", "jet trainer aircraft",
"Defence Industry Minister"): words that name a thing or a title, not what a deal covers."""


def areas_in(text: str) -> list[str]:
    """Every area a text names in its own words, in vocabulary order (not the words of a weapon's
    or an office's name)."""
    folded = _NAMES_NOT_AREAS.sub(" ", text.casefold())
    return [label for pattern, label in _AREA_RULES if pattern.search(folded)]


PROGRAMME = r"(?:cooperation|co-operation) program(?:me)?s?"  # an instrument of the plan kind
_INSTRUMENT = re.compile(  # not one only possible ("removing an obstacle to a possible order of 48 jets")
    r"(?<!possible )(?<!potential )(?<!prospective )"
    r"\b(agreements?|agreed(?! to (step|expand|deepen|boost|strengthen|increase|enhance|continue|work|explore|hold|"
    r"cooperate|intensify|further))|accords?|mous?|memorand\w+|contracts?|deals?|treat(y|ies)|pacts?|letters? of intent|"
    r"lois?|joint statements?|declarations?|plans?(?! to )|road ?maps?|" + PROGRAMME + "|"
    r"protocols?|arrangements?|framework|orders?|"
    r"signed|inked|conclu\w+|charter|partnership|conventions?(?! cent(re|er)| hall)|letters? of (offer|acceptance)|"
    r"(exchange[sd]? of|exchanged) notes)\b", re.I)
"""Words that name an instrument at all: an agreement whose sentence names none is dropped."""


def names_instrument(sentence: str) -> bool:
    """Whether a sentence names an agreement, contract or other instrument at all."""
    return bool(_INSTRUMENT.search(sentence))


_AGREEMENT_KINDS: list[tuple[re.Pattern[str], str]] = compiled([
    (r"\b(memorand(um|a)(?! of intent)|mous?)\b", "mou"),  # "a memorandum on defence industry cooperation"
    (r"\b(letters? of intent|lois?|(statements?|declarations?) of intent)\b", "letter_of_intent"),
    (r"\b(treat(y|ies)|pacts?|conventions?(?! cent(re|er)| hall))\b", "treaty"),
    (r"\b(joint statements?|joint declarations?)\b", "joint_statement"),
    (r"\b(contracts?|orders? (worth|for)|letters? of offer and acceptance)\b", "contract"),
    (rf"\b((cooperation|co-operation|action|work) plans?|road ?maps?|{PROGRAMME})\b", "plan"),
    (r"\b(agreements?|accords?|(exchange[sd]? of|exchanged) notes)\b", "agreement"),
    (r"\b(framework(?! (agreement|contract|accord|deal))|arrangements?)\b", "other"),
])
"""Names of instruments -> an agreement's ``kind`` (an MoU, a letter of intent, a contract...)."""


def instrument_kinds(sentence: str) -> list[str]:
    """The kinds of instrument a sentence names, in the order it names them."""
    folded = sentence.casefold()
    return [kind for _, kind in sorted((m.start(), kind) for pattern, kind in _AGREEMENT_KINDS
                                       for m in [pattern.search(folded)] if m)]


#: the words that move a weapon, without "contract" (an upgrade has one too) or "included"
MOVING_WORDS = (r"buy(s|ing)?|bought|purchas\w*|acqui\w+|procure\w*|sales?|sell(s|ing)?|sold|exports?|export(ed|ing)|"
                r"imports?|imported|orders?|ordered|suppl(y|ies|ied)|deliver\w*|handed over|receiv\w*|transfer\w*|"
                r"donat\w+|provid(e|es|ed|ing) (\S+ ){1,3}with|gift(s|ed)?|hand(s|ing)? over|leas(e|es|ed|ing)")
TRADE_WORDS = re.compile(rf"\b({MOVING_WORDS}|contracts?|included)\b", re.I)
"""Words that move a weapon from one side to the other: buying, selling, ordering, supplying,
delivering, receiving (one list for every rule that asks whether a sentence speaks of trade)."""


def speaks_of_purchase(sentence: str) -> bool:
    """Whether a sentence speaks of buying, selling or supplying: "an agreement to buy two
    frigates" is a purchase contract (the contract's ``contract`` kind)."""
    return first_span(TRADE_WORDS, sentence) is not None


def agreement_kind_in(sentence: str, guess: str) -> str | None:
    """The instrument a sentence names: the model's kind when the sentence names it among
    others, else the one it names first; None when it names none."""
    kinds = instrument_kinds(sentence)
    if not kinds:
        return None
    return guess if guess in kinds else kinds[0]


_AGREEMENT_STATUS: list[tuple[re.Pattern[str], str]] = compiled([
    (r"\b(terminat\w+|expired|scrapped|cancel\w+|annull\w+|withdr[ae]w from|pulled out of|"
     r"lapsed|walked away from|(tore|torn|ripped) up)\b|"
     # an instrument another replaces ("It replaces a 1997 accord"), not weapons ("replaced the ageing MiG-21s")
     r"\breplac(es|ed|ing) (a|an|the|its|their) ([\w'’-]+ ){0,4}(agreements?|accords?|pacts?|treat(y|ies)|memorand\w+|"
     r"mous?|arrangements?|contracts?)\b", "ended"),
    (r"\b((expected|set|due|scheduled|poised|aim(s|ed|ing)?|hop(e|es|ed|ing)|plan(s|ned|ning)?|intend(s|ed)?|"
     r"seek(s|ing)?|ready|likely|about|going) to (be )?(sign|ink|conclude|seal)\w*|"
     r"(to|will|would) be (\w+ly )?(signed|inked|concluded|sealed|finali[sz]ed)|(will|would|shall) (also |soon |now )?(sign|ink|conclude|seal)|"
     r"(yet|not yet|still) (to be|been) (signed|inked|concluded)|negotiat\w+|wrap up|finali[sz]e|draft(ing)?|"
     r"under discussion|(begin|start|launch|open)\w* (formal )?talks|"
     r"agreed to (work towards|negotiate|conclude|sign|draft|start)|(possible|proposed|potential|prospective|planned) "
     r"(\w+ ){0,3}(agreements?|accords?|pacts?|treat(y|ies)|deals?|mous?|contracts?)|"
     r"await(s|ing)? (\w+ )?(approval|ratification|signature|signing)|to (sign|ink|seal)|"
     r"(seek(s|ing)?|eye(s|ing)?) (an? |the )?([\w-]+ ){0,3}(agreements?|accords?|pacts?|treat(y|ies)|mous?))\b|"
     # a purchase cleared, its contract not yet signed: "the cabinet cleared the purchase of 26 Rafale M jets"
     r"^(?!.*\b(signed|inked|concluded)\b).*\b(cleared|approved|authori[sz]ed)\s+(the\s+)?(\w+\s+){0,2}"
     r"(purchase|acquisition|procurement)\b", "planned"),
    # an instrument whose signing the sentence reports is signed, though it has since entered into force
    (r"^(?!.*\b(signed|inked|concluded)\b).*\b(entered into force|came into force|took effect)\b|"
     r"\b(implement\w*(?! (arrangements?|agreements?|accords?|protocols?)\b)|in force|(runs?|run|valid) until|"
     r"under (the|an|a|its|their) (existing |current )?\w*\s?(agreement|accord|pact|treaty|arrangement)|"
     r"already cooperate)\b",
     "in_force"),
    (r"\b(signed|inked|concluded|agreed|sealed|signs?|inks?|seals?)\b", "signed"),  # a headline's "sign", "inks"
])
"""Words of an agreement's sentence -> its ``status``, strongest first."""


#: "signed an executive contract ... under a framework agreement": the one signed under the other
_SIGNED_UNDER = re.compile(r"(\b(?:signed|inked|concluded)\b[^;]*?)\bunder (?:the|an|a|its|their) [^;]*?"
                           r"\b(?:agreement|accord|pact|treaty)\b", re.I)


def agreement_status_in(sentence: str) -> str | None:
    """The status a sentence states for an instrument, strongest first; None when it states none. The
    instrument it was signed under is another one's, in force ("signed ... under a framework agreement")."""
    return first_match(_AGREEMENT_STATUS, _SIGNED_UNDER.sub(r"\1", sentence))


_MEETING_WORDS = re.compile(
    r"\b(met|meet(s|ing)?|talks|visit\w*|call|spoke|speaks|discuss\w*|host\w*|hosted|"
    # a guest received, not weapons: "has received the first two of 24 M-346 aircraft"
    r"receiv(ed|es)(?!\s+(the\s+|its\s+|their\s+)?(first|last|final|latest|\d+|two|three|four|five|six|delivery)\b)|"
    r"travel\w*|conference|summit|ceremony|counterpart|held|holds|sidelines|welcomed|exchanged views|conferr\w*|"
    r"dialogue|co-chair\w*|(tele)?phoned)\b", re.I)


def names_meeting(sentence: str) -> bool:
    """Whether a sentence speaks of people meeting, visiting or talking."""
    return bool(_MEETING_WORDS.search(sentence))


_PAY_A_VISIT = r"pay (a|an) ([\w-]+ ){0,2}visit"  # "will pay an official visit", "to pay a three-day visit"
_PLANNED_MEETING = re.compile(
    r"\b(will (visit|travel|host|meet|hold|attend)|(set|due|scheduled|expected) to (visit|travel|host|meet|hold|"
    r"return|attend|arrive|discuss|confer)|plans? to (visit|travel|meet|discuss)|"
    r"planned to (visit|travel|meet|discuss)|upcoming|"
    r"travels to|is to (visit|meet)|next (week|month)|(will|is to) (take place|be held)|"
    rf"(will|to) {_PAY_A_VISIT}|slated to (visit|meet|travel|host))\b", re.I)


def meeting_status_in(sentence: str) -> str | None:
    """``planned`` when the sentence puts the meeting ahead ("will visit", "set to host"), else None."""
    return "planned" if _PLANNED_MEETING.search(sentence) else None


_PLANNED_VISIT = re.compile(r"\b(will|would|plans? to|planned to|(set|due|scheduled|expected|slated|invited \w+) to) "
                            rf"(visit|travel to|come to|{_PAY_A_VISIT})\b", re.I)


def visit_ahead(sentence: str) -> bool:
    """Whether the sentence says someone will visit ("said he plans to visit him in Delhi"): the
    planned meeting is that visit, also when the sentence reports it in a phone call."""
    return bool(_PLANNED_VISIT.search(sentence))


_CIVIL = re.compile(r"\b(passenger|airliners?|airlines?|carrier's|civil aviation|air traffic|commercial (jets?|aircraft)|"
                    r"cruise ships?|ferr(y|ies)|fishing (boats?|vessels?)|investments?|"
                    r"free[- ]trade|trade (deals?|agreements?|pacts?)|double taxation|"
                    # the civil deals of a state visit, signed beside the defence ones
                    r"(nuclear )?energy|education(al)?|cultur(e|al)|tourism|health(care)?|agricultur\w*|railways?|"
                    r"infrastructure|economic (cooperation|partnership))\b", re.I)
_DEFENCE = re.compile(r"\b(defen[cs]e|military|arms|weapons?|army|navy|naval|air force|armed forces|security|"
                      r"troops|warships?|missiles?|fighters?)\b", re.I)
_NOT_WEAPONS = re.compile(r"\b(passenger|airliners?|simulators?|uniforms?|buildings?|barracks|hospitals?|"
                          r"ambulances?|civil(ian)?|commercial|commodit(y|ies)|palm oil|crude oil|"
                          # where weapons are made, not a weapon: "patrol boat production lines", "a drone factory"
                          r"production lines?|assembly lines?|factor(y|ies)|plants?|shipyards?|facilit(y|ies)|"
                          # what is taught or licensed, not a weapon: "will transfer production technology"
                          r"technolog(y|ies)|know-how)\b", re.I)


def civil_only(sentence: str) -> bool:
    """A sentence about a civil deal (airliners, air traffic, investment, trade) with no defence word."""
    return bool(first_span(_CIVIL, sentence)) and not first_span(_DEFENCE, sentence)


#: a sentence that speaks of an instrument the article has named before: "The agreement, first signed in 2002,
#: allows ...", "The treaty was signed in Santiago by ...", "The value of the contract was not disclosed"
REFERS_BACK = re.compile(r"^\W*(?:(?:under|by|through|according\s+to)\s+)?"
                         r"(?:the\s+(?:value|cost|price|terms|details|size|scope|signing|financing)\s+of\s+)?"
                         r"(?:the|this|that)\s+(agreement|accord|treaty|pact|memorandum|mou|arrangement|plan|"
                         r"deal|contract|declaration)\b", re.I)


def civil_before(sentence: str, text: str, at: int) -> bool:
    """A sentence (starting at ``at`` in the text) speaking of "the treaty" where the sentence before it that
    names a treaty is about a civil one ("signed a bilateral investment treaty"): the same civil instrument."""
    refers = REFERS_BACK.match(sentence)
    if not refers:
        return False
    noun = re.compile(rf"\b{refers.group(1)}\b", re.I)
    before = [text[a:b] for a, b in sentences(text) if b <= at and noun.search(text[a:b])]
    return bool(before) and civil_only(before[-1])


DESIGNATIONS = re.compile(r"\b([A-Z][a-z]+-class|[A-Z][A-Za-z]{0,3}-\d+[A-Za-z0-9/-]*|[A-Z]{2,4}\d+[A-Za-z0-9/-]*|"
                          r"[A-Z]\d{3,4}[A-Z]?\b|(?<!\d\s)[A-Z]\d{1,2}[A-Z]{1,2}\d?\b|Type \d+[A-Za-z0-9/-]*|"
                          r"[A-Z][a-z]{3,} (?:[A-Z]\d{1,2}(?:[A-Z]{1,2}\d?)?|\d[A-Z]\d?[A-Z]{0,2})\b)")
"""Weapon designations as news writes them: "Kilo-class", "Su-30MK2", "T-90S/SK", "Type 23", "C295", "A400M", "S26T",
"K9A1", a name with its version ("Rafale F3R", "Leopard 2A8")."""


SHIP_NAME = re.compile(r"(?:BRP|HMS|HMAS|HMNZS|HMCS|HMPNGS|INS|USS|USNS|KRI|RSS|ARA|BAP|TCG|ROKS|JS|RFNS|HTMS|PNS|BNS|"
                       r"KD|SLNS|NRP|HNLMS|HDMS|HNoMS|HSwMS|FGS|ITS|ESPS|ENS|FNS|CNS|SAS|TNS|VNS|LÉ)"
                       r"\s+(?:[A-Z][\w'’.-]*\s*){1,3}")
"""A ship by its navy's prefix and its name ("BRP Diego Silang", "INS Vikrant", "HMAS Anzac")."""
_SHIP_TYPE = re.compile(r"\b(?:[A-Z][\w-]*-class\s+)?(?:(?:offshore|fast|missile|guided-missile|multi-?role|patrol|"
                        r"attack|diesel-electric|amphibious|light|stealth)\s+){0,2}(?:corvettes?|frigates?|destroyers?|"
                        r"submarines?|(?:patrol|landing|support) (?:vessels?|boats?|ships?|craft)|landing platform docks?|"
                        r"aircraft carriers?|mine ?hunters?|minesweepers?|cutters?|oilers?|OPVs?)\b")


def ship_type(system: str, sentence: str) -> str | None:
    """What a ship written by its name is, as its sentence says nearest the name ("BRP Diego Silang, the
    second of two corvettes built by ..." -> "corvettes"; "the Gowind-class corvette KRI Bung Tomo"); None
    for a system that is no ship's name, or a sentence that names no type."""
    if not SHIP_NAME.fullmatch(system):
        return None
    at = sentence.find(system)
    types = list(_SHIP_TYPE.finditer(sentence))
    return min(types, key=lambda m: abs(m.start() - at)).group(0) if types and at >= 0 else None


def other_designations(sentence: str, system: str) -> list[str]:
    """The weapon designations a sentence names that are not part of ``system``'s."""
    key = system.casefold()
    return [d for d in DESIGNATIONS.findall(sentence)
            if d.casefold() not in key and d.casefold().removesuffix("s") not in key]  # "FA-50s" is the FA-50


_GEAR = re.compile(r"\b(body armou?r|bullet-?proof|ballistic vests?|helmets?|goggles|night[- ]vision|tents?|"
                   r"medical (supplies|equipment)|rations|first[- ]aid|spare parts|spares)\b", re.I)
"""Soldiers' gear and supplies, not weapon systems, unless the name also names a weapon."""


def not_a_weapon(system: str) -> bool:
    """A system name that says it is not a weapon system: "passenger jets", "flight simulator",
    "body armour and helmets" (gear, unless it also names a weapon: "night-vision sights for tanks")."""
    return bool(_NOT_WEAPONS.search(system)) or (bool(_GEAR.search(system)) and category_of(system) is None)
