"""Counts and amounts as a sentence writes them: "12 Yakovlev Yak-130", "two dozen F-16 jets", "a new
patrol boat"; "USD 350 million", "1.6 billion euros". Amounts found here are parsed by the contract's
one parser (``parse_money``), with its currency signs, codes and names.
"""

from __future__ import annotations

import re

from extractor.contract.scalars import (
    AMOUNT_WORDS, CURRENCY_CODES, CURRENCY_NAMES, CURRENCY_PREFIXES, CURRENCY_QUALIFIERS, CURRENCY_SIGNS, parse_money,
)

_NUMBER_WORDS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve thirteen "
                                                 "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_NUMBER_WORDS |= {w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_NUMBER_WORDS |= {"a dozen": 12, "two dozen": 24, "three dozen": 36, "a hundred": 100, "one hundred": 100,
                  "a pair": 2, "a single": 1}


#: a count as news writes it (digits or words), not a year
COUNT = (r"(?<![\w.,$€£₹-])(\d{1,3}(?:,\d{3})+(?![.,]\d)|(?!(?:19|20)\d\d\b)\d{1,5}(?![.,]\d)|"  # not a year
          + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")")
#: a count and up to four words (a size such as "1,400-ton", not an amount's "million"), up to the system
_COUNT_BEFORE = re.compile(
    rf"{COUNT}\s+(?:(?!(?:million|billion|crore|bn|m)\b)[\w/'-]+(?:,\d{{3}}[\w/'-]*)?\s+){{0,4}}?\Z", re.I)
#: "a new Guardian-class ...": an article and up to two words, up to the system
_ONE_BEFORE = re.compile(r"(?<!\w)an?\s+(?:(?!(?:contract|deal|order|package|sale|batch|number|fleet|pair|"
                         r"squadron|for|of|with|the)\b)[\w,/'-]+\s+){0,2}\Z", re.I)


def _leftmost_before(pattern: re.Pattern[str], head: str, sentence: str) -> re.Match[str] | None:
    """The leftmost match of ``pattern`` that ends where the sentence names ``head`` (any case):
    what one pattern with the system's word at its end would find. Only the word's own small
    pattern is new per system; a whole pattern per system took milliseconds to compile, and news
    names new systems every day."""
    found = [m for at in re.finditer(rf"(?={re.escape(head)})", sentence, re.I)
             if (m := pattern.search(sentence, 0, at.start()))]
    return min(found, key=lambda m: (m.start(), m.end()), default=None)


#: a count of units of a system named further on: "two additional units of the most recent version of the Type 209"
#: (between: a version's words or a proper name, not a clause: "two units of the navy will train with the boats")
_UNITS_OF = re.compile(rf"{COUNT}\s+(?:[\w-]+\s+)?(?:units|examples|pieces|sets|copies)\s+of\s+"
                       r"(?:(?:the|its|their|an?|most|recent|latest|new|newest|upgraded|improved|same|version|"
                       r"variant|model|of|(?-i:[A-Z][\w/'-]*))\s+){0,8}?\Z", re.I)


_LEADING_COUNT = re.compile(rf"^{COUNT}\s+(?=[A-Za-z])", re.I)


def without_count(system: str) -> tuple[str, int | None]:
    """A system name the model wrote with its count ("50 Bradley infantry fighting vehicles"): the name
    and the count apart."""
    m = _LEADING_COUNT.match(system)
    return (system[m.end():], count_value(m.group(1))) if m else (system, None)


def count_value(raw: str) -> int:
    """The number a count matched by ``COUNT`` writes: "1,200" -> 1200, "two dozen" -> 24."""
    raw = " ".join(raw.casefold().replace(",", "").split())
    return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]


def _count_before_expansion(acronym: str, sentence: str) -> re.Match[str] | None:
    """The count before the words an acronym in brackets stands for: "three National Advanced
    Surface-to-Air Missile Systems (NASAMS)"."""
    at = sentence.find(f"({acronym})")
    if at < 0 or not acronym.isupper():
        return None
    return re.search(rf"{COUNT}\s+(?:[A-Z][\w/'-]*\s+){{1,8}}\Z", sentence[:at])


_MONTH_BEFORE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+$", re.I)


def quantity_before(system: str, sentence: str, *, one_of: bool = True) -> int | None:
    """"12 Yakovlev Yak-130" -> 12, "a new patrol boat" -> 1: a count within a few words before
    the system's first word (not a year, a price or a designation's digits). "The first of 42 Rafale
    jets" is one of them (``one_of``: what arrives), or all 42 (what was ordered)."""
    words = system.split()
    if not words:
        return None
    # the first word, or where the sentence leaves it out, the next word that names the system
    # ("its first 18 Chunmoo launchers" for "K239 Chunmoo rocket launchers")
    named = [w for w in words[1:] if len(w) >= 3 and (w[0].isupper() or any(c.isdigit() for c in w))]
    # a name in the plural ("Gripens") where the sentence writes it once counted ("24 Gripen E/F fighters")
    forms = [form for w in [words[0], *named] for form in (w, w[:-1] if len(w) > 4 and w.endswith("s") else w)]
    head = next((w for w in forms if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", sentence, re.I)), words[0])
    m = (_leftmost_before(_COUNT_BEFORE, head, sentence) or _count_before_expansion(head, sentence)
         or _leftmost_before(_UNITS_OF, head, sentence))
    if not m:
        # "a new Guardian-class patrol boat": one, when the system is singular
        single = _leftmost_before(_ONE_BEFORE, head, sentence)
        return 1 if single and not system.split()[-1].casefold().endswith("s") else None
    if one_of and re.search(r"\b(first|last|second|third) of\s+$", sentence[:m.start()], re.I):
        return 1  # "the first of two FREMM frigates", "the last of four P-8As": one of them
    if _MONTH_BEFORE.search(sentence[:m.start()]):
        return None  # a day: "YEREVAN, Dec 27 - Armenia has received Ground Master 200 radars"
    value = count_value(m.group(1))
    if 1900 <= value <= 2100:  # a year, not a count
        return None
    return value


# An amount as a sentence writes it, with its currency before ("NT$5 billion", "USD 350
# million", "Rs 2,971 crore") or after ("1.6 billion euros", "5 billion zloty"); the signs,
# codes and names are the contract's, which parses what is found (``parse_money``).
_MONEY = re.compile(
    r"(?:" + "|".join(re.escape(sign) for sign in CURRENCY_SIGNS)
    + r"|\b(?:" + "|".join(CURRENCY_CODES + CURRENCY_PREFIXES) + r")\s?)"
    r"\s?\d[\d,.]*[\s-]*(?:(?:lakh|lac) crore|trillion|billion|million|crore|lakh|bn|mln|mn|m|b)?\b"
    r"|\b(?:\d[\d,.]*|(?:" + "|".join(AMOUNT_WORDS) + r")(?=[\s-]+(?:trillion|billion|million)))"
    r"[\s-]*(?:(?:lakh|lac) crore|trillion|billion|million|crore|lakh|bn|mln|mn)[\s-]+"
    r"(?:(?:" + "|".join(CURRENCY_QUALIFIERS) + r") )?(?:" + "|".join(CURRENCY_NAMES) + r")\b", re.I)


_DIGIT = re.compile(r"\d")
_ILLION = re.compile(r"illion", re.I)  # an amount has a digit, or a count of millions in words


def money_in(sentence: str) -> dict | None:
    """The one amount a sentence states; None when it states none or several."""
    found = _MONEY.findall(sentence) if _DIGIT.search(sentence) or _ILLION.search(sentence) else []
    if len(found) != 1:
        # "1.6 billion euros ($1.8 billion)" states one amount twice: the first, or the conversion where the
        # first names a currency several countries share ("36 billion peso ($700 million)")
        if len(found) == 2 and "(" in sentence:
            return parse_money(found[0]) or parse_money(found[1])
        return None
    return parse_money(found[0])


def package_total(sentence: str) -> bool:
    """Whether the sentence's amount is a package's ("as part of a military aid package worth 1.4 billion
    euros", "a $23 billion package", "contracts worth 5.6 billion dirhams, including an order for"): a total
    for several things, no one system's price."""
    money = f"(?:{_MONEY.pattern})"
    return bool(re.search(rf"\bpackages?\s+(?:worth|valued\s+at|of|totall?ing)\s+(?:about\s+|some\s+|nearly\s+)?{money}"
                          rf"|{money}\s+(?:[\w-]+\s+){{0,3}}packages?\b"
                          # several deals' total: "contracts worth 5.6 billion dirhams, including an order for ..."
                          rf"|{money}[^.;]{{0,40}}\bincluding\s+(?:an?|one|two|three|the)\s+(?:[\w-]+\s+)?"
                          r"(?:orders?|contracts?|deals?|purchases?)\b", sentence, re.I))


#: a firm's or a state's own figures, no deal's price: "its order backlog rose to a record 52 billion euros",
#: "sales of $2.1 billion", "a defence budget of 1.2 trillion won"
_FIGURE = re.compile(r"\b(?:backlogs?|order (?:book|intake)s?|revenues?|turnover|profits?|earnings|budgets?|spending|"
                     r"market|sales(?!\s+(?:contract|agreement|deal|package|case)s?\b))"  # not "a sales contract"
                     r"\b(?:[^.;$€£¥₹\d]{0,40}?)(?=[$€£¥₹\d]|(?-i:\b[A-Z]{2,3}\b))", re.I)


#: an order counted by what it buys: "a six-boat order", "a 12-aircraft contract"
_COUNTED_ORDER = re.compile(rf"\b{COUNT}-[a-z]+\s+(?:order|contract|deal)\b", re.I)


def order_count(words: str) -> int | None:
    """The count an order's own words give ("completing a six-boat order" -> 6), or None."""
    m = _COUNTED_ORDER.search(words)
    return count_value(m.group(1)) if m else None


#: an amount a deal's word follows is that deal's price, whatever figure came before ("a review of defence spending
#: found the 380-million-euro purchase unaffordable")
_DEAL_AFTER = re.compile(r"[\s-]+(?:purchases?|deals?|contracts?|orders?|acquisitions?|sales?)\b", re.I)


def figures_in(sentence: str) -> list[dict]:
    """The amounts a sentence gives as a backlog, sales, a budget or a market: figures, not prices."""
    found = []
    for m in _FIGURE.finditer(sentence):
        amount = _MONEY.match(sentence, m.end())
        if amount and _DEAL_AFTER.match(sentence, amount.end()):
            continue
        if amount and (money := parse_money(amount.group(0))):
            found.append(money)
    return found
