"""Scalar types of the data contract and the validators that normalise model answers.

Each validator accepts what models typically write (a country name, "$4.5bn") and turns it into
the contract's form, or raises ``ValueError`` with a message that tells the model how to fix its
answer (instructor feeds it back on re-ask). Partial dates ("December 2021", "last week") are
``partial_dates``'s.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Literal

import pycountry
from price_parser import Price
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from extractor.contract.countries import CAPITALS, COUNTRY_ALIASES

# --- Country ---------------------------------------------------------------------------

_ARTICLES = re.compile(r"^(the|republic of)\s+", re.IGNORECASE)


def _alias(key: str) -> str | None:
    return COUNTRY_ALIASES.get(key) or CAPITALS.get(key)


_SPACED_INITIALS = re.compile(r"\b([A-Z])\.\s+(?=[A-Z]\.)")


def joined_initials(name: str) -> str:
    """Initials a model wrote apart, joined as the article writes them: "U. S." -> "U.S."."""
    return _SPACED_INITIALS.sub(r"\1.", name)


@functools.lru_cache(maxsize=8192)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-3 for a code, name, demonym or a capital that stands for its country
    ("Moscow said"); None when it names no country. Remembered (pycountry's look-up by name
    walks its whole table)."""
    raw = joined_initials(value.strip())
    if _alias(raw.casefold()):  # before stripping dots: "U.S.A.", "U.K."
        return _alias(raw.casefold())
    text = raw.strip(".,;'\"’").strip()
    if not text:
        return None
    key = text.casefold()
    if _alias(key) or _alias(key + "."):  # "U.K" once a trailing dot is stripped
        return _alias(key) or _alias(key + ".")
    if key.startswith("the ") and _alias(key[4:]):  # "the Emirates"
        return _alias(key[4:])
    if key.endswith(("'s", "’s")):  # "India's"
        return country_code(text[:-2])
    if len(text) <= 3 and not text.isupper():
        return None  # a code is written in capitals: "Lt.", "Col.", "Sen." are ranks, not Lithuania, Colombia, Senegal
    for candidate in (text, _ARTICLES.sub("", text)):
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None


def _normalise_country(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if not value.strip() or value.strip().casefold() in {"null", "none", "n/a", "unknown"}:
        return None
    code = country_code(value)
    if code is None:
        raise ValueError(
            f"{value!r} is not a country: answer with an ISO 3166-1 alpha-3 code such as "
            "'VNM', 'RUS' or 'USA', or null for a group that is not a state"
        )
    return code


_ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Country = Annotated[_ISO3, BeforeValidator(_normalise_country)]
CountryOrNull = Annotated[_ISO3 | None, BeforeValidator(_normalise_country)]


def _country_or_none(value: object) -> object:
    return country_code(value) if isinstance(value, str) else None


#: A country a model names in passing (a person's, a supplier's): its ISO3 code, or null when
#: the words name no country. Never a re-ask: an answer is not worth a second call for it.
CountryGuess = Annotated[str | None, BeforeValidator(_country_or_none)]

# --- Money -----------------------------------------------------------------------------

_MULTIPLIERS = [
    (r"trillion|tn\b|trn\b", 10**12), (r"billion|bn\b|bln\b|b\b", 10**9),
    (r"million|mn\b|mln\b|m\b", 10**6), (r"crore|cr\b", 10**7), (r"lakh|lac\b", 10**5),
    (r"thousand|k\b", 10**3),
]
_CURRENCY_WORDS = [
    (r"us\$|usd|\$|dollars?", "USD"), (r"a\$|aud|australian dollars?", "AUD"),
    (r"c\$|cad|canadian dollars?", "CAD"), (r"nz\$|nzd|new zealand dollars?", "NZD"),
    (r"s\$|sgd|singapore dollars?", "SGD"), (r"hk\$|hkd|hong kong dollars?", "HKD"),
    (r"€|eur|euros?", "EUR"), (r"£|gbp|pounds?( sterling)?", "GBP"),
    (r"₹|rs\.?|inr|rupees?", "INR"), (r"₩|krw|won", "KRW"), (r"¥|jpy|yen", "JPY"),
    (r"cny|rmb|yuan|renminbi", "CNY"), (r"₽|rub|roubles?|rubles?", "RUB"),
    (r"₪|ils|nis|shekels?", "ILS"), (r"try|liras?|tl", "TRY"), (r"sar|riyals?", "SAR"),
    (r"aed|dirhams?", "AED"), (r"pln|zlot(y|ys|ies)", "PLN"), (r"chf|swiss francs?", "CHF"),
    (r"sek|swedish (kron(a|or)|crowns?)|kronor|krona", "SEK"), (r"nok|norwegian (kron(e|er)|crowns?)", "NOK"),
    (r"dkk|danish (kron(e|er)|crowns?)", "DKK"), (r"czk|czech crowns?|korunas?", "CZK"),
    (r"r\$|brl|reais|real", "BRL"), (r"₱|php|philippine pesos?", "PHP"), (r"mxn|mexican pesos?", "MXN"),
    (r"clp|chilean pesos?", "CLP"), (r"cop|colombian pesos?", "COP"), (r"ars|argentine pesos?", "ARS"),
    (r"idr|rp|rupiah", "IDR"), (r"myr|rm|ringgit", "MYR"), (r"pkr", "PKR"), (r"twd|nt\$|taiwan dollars?", "TWD"),
    (r"thb|baht", "THB"), (r"zar|rand", "ZAR"), (r"bdt|tk|taka", "BDT"), (r"uah|hryvnias?", "UAH"),
    (r"ngn|naira", "NGN"), (r"vnd|dong", "VND"),
]
# "pesos", "crowns", "dinars" and "shillings" alone name the money of several countries: no currency.


#: Currency signs written before the amount ("NT$5 billion"), longest first; the amount
#: parser and the keyword rules that find amounts in a sentence read the same signs.
CURRENCY_SIGNS = ("US$", "NZ$", "NT$", "HK$", "A$", "C$", "S$", "R$", "$", "€", "£", "₹", "₩", "¥", "₽", "₪", "₱")
#: Currency words written after the amount ("5 billion zloty").
CURRENCY_NAMES = ("euros?", "dollars?", "rupees?", "won", "yen", "pounds", "yuan", "roubles?", "rubles?",
                  "zlot(?:y|ys|ies)", "shekels?", "riyals?", "dirhams?", "swiss francs?", "kron(?:a|or|e|er)",
                  "crowns?", "korunas?", "reais", "pesos?", "rupiah", "ringgit", "baht", "rand", "taka", "hryvnias?",
                  "naira", "dong", "liras?")
#: Currency abbreviations written before the amount as words ("Rs 2,971 crore", "RM 2 billion").
CURRENCY_PREFIXES = (r"Rs\.?", "Rp", "RM", "NIS", "Tk", "TL")
#: Countries named before a currency several share ("Swedish crowns", "Chilean pesos", "Taiwan dollars").
CURRENCY_QUALIFIERS = ("swedish", "norwegian", "danish", "czech", "mexican", "chilean", "colombian", "argentine",
                       "philippine", "taiwan", "singapore", "hong kong", "new zealand", "canadian", "australian")
#: ISO 4217 codes the amount parser knows by name (TRY is also an English word).
CURRENCY_CODES = tuple(sorted({code for _, code in _CURRENCY_WORDS} - {"TRY"}))


def _currency(text: str) -> str | None:
    t = text.casefold()
    iso = re.search(r"\b([A-Z]{3})\b", text)
    if iso and pycountry.currencies.get(alpha_3=iso.group(1)) and iso.group(1) != "TRY":
        return iso.group(1)
    # The most specific spelling wins: "A$" before "$", "US$" before "$".
    best: tuple[int, str] | None = None
    for pattern, code in _CURRENCY_WORDS:
        m = re.search(rf"(?<![a-z])({pattern})(?![a-z])", t)
        if m and (best is None or len(m.group(1)) > best[0]):
            best = (len(m.group(1)), code)
    return best[1] if best else None


#: a count of millions or billions written in words: "a five-billion-euro contract", "two billion dollars"
AMOUNT_WORDS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten".split())}
_AMOUNT_IN_WORDS = re.compile(rf"\b({'|'.join(AMOUNT_WORDS)})(?=[\s-]+(?:trillion|billion|million)\b)", re.I)


def parse_money(text: str) -> dict[str, Any] | None:
    """``{"amount": 350000000, "currency": "USD"}`` from "USD350 million", "$4.5bn", "€3.75bn",
    "five-billion-euro"."""
    if "(" in text:  # "36 billion peso ($700 million)": the amount written first, else its conversion
        head, _, rest = text.partition("(")
        return parse_money(head) or parse_money(rest.split(")")[0])
    text = _AMOUNT_IN_WORDS.sub(lambda m: str(AMOUNT_WORDS[m.group(1).casefold()]), text)
    currency = _currency(text)
    number = re.search(r"\d[\d,.\s]*\d|\d", text)
    if currency is None or number is None:
        return None
    amount = Price.fromstring(number.group(0).replace(" ", ""), decimal_separator=None).amount
    if amount is None:
        return None
    tail = text[number.end():].casefold().lstrip(" -–")  # "$2.9-billion" is $2.9 billion
    for _ in range(2):  # "1.2 lakh crore" is 1.2 x 10^5 x 10^7
        factor = next(((m.end(), f) for pattern, f in _MULTIPLIERS for m in [re.match(rf"(?:{pattern})", tail)] if m),
                      None)
        if factor is None:
            break
        amount *= factor[1]
        tail = tail[factor[0]:].lstrip()
    return {"amount": int(amount) if amount == int(amount) else float(amount), "currency": currency}


class Money(BaseModel):
    """A deal value: the full number and its ISO 4217 currency."""

    model_config = ConfigDict(extra="forbid")
    amount: float = Field(gt=0, description="the full number: 350000000 for 'USD350 million'")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code such as USD, EUR, INR")

    @field_validator("amount", mode="after")
    @classmethod
    def _whole(cls, v: float) -> float:
        return int(v) if float(v).is_integer() else v

    @classmethod
    def coerce(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip() or value.strip().casefold() in {"null", "none", "unknown", "n/a"}:
                return None
            parsed = parse_money(value)
            if parsed is None:
                raise ValueError(
                    f"{value!r} is not an amount of money: write it as in the article with its "
                    "currency ('USD350 million', '€3.75bn') or as {\"amount\": 350000000, \"currency\": \"USD\"}"
                )
            return parsed
        return value


MoneyField = Annotated[Money | None, BeforeValidator(Money.coerce)]

# --- Evidence --------------------------------------------------------------------------


EvidenceMatch = Literal["exact", "normalised", "fuzzy", "reanchored"]


class Evidence(BaseModel):
    """A verbatim quote; the pipeline, not the model, fills the character offsets."""

    model_config = ConfigDict(extra="forbid")
    quote: str = Field(min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    match: EvidenceMatch | None = Field(
        default=None,
        description="how the model's own quote was found in the text: exact; normalised (whitespace, case or "
                    "quote marks differ); fuzzy (close alignment); reanchored (not where the model pointed: code "
                    "chose the sentence that names the record; a record whose only evidence it is is not "
                    "grounded); null when not found")

    @classmethod
    def coerce(cls, value: Any) -> Any:
        return {"quote": value} if isinstance(value, str) else value
