"""Names whose kind or country the words alone do not say: firms, forces, organisations, seats of
government. Data (each table with a docstring saying what it decides), and ``firm_home``, the one
look-up of a table firm inside a longer name; ``actors`` reads them. ``as_written`` spells a
designation as the article does; ``named_in`` says whether a text names a thing at all.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from extractor.assembly.grounding import mentions

FIRM_COUNTRIES: dict[str, str] = {
    "lockheed martin": "USA", "boeing": "USA", "raytheon": "USA", "rtx": "USA", "northrop grumman": "USA",
    "general dynamics": "USA", "general atomics": "USA", "l3harris": "USA", "bell": "USA", "sikorsky": "USA",
    "textron": "USA", "oshkosh": "USA", "bae systems inc": "USA", "huntington ingalls": "USA",
    "pratt & whitney": "USA", "general electric": "USA", "ge aerospace": "USA", "anduril": "USA",
    "bae systems": "GBR", "bae systems hägglunds": "SWE", "bae systems bofors": "SWE", "rolls-royce": "GBR", "babcock": "GBR", "mbda uk": "GBR",
    "dassault": "FRA", "dassault aviation": "FRA", "naval group": "FRA", "thales": "FRA", "safran": "FRA",
    "nexter": "FRA", "mbda": "FRA", "airbus": "FRA", "arquus": "FRA",
    "tkms": "DEU", "thyssenkrupp marine systems": "DEU", "thyssenkrupp": "DEU", "rheinmetall": "DEU",
    "krauss-maffei wegmann": "DEU", "kmw": "DEU", "hensoldt": "DEU", "diehl": "DEU", "lurssen": "DEU",
    "leonardo": "ITA", "fincantieri": "ITA", "iveco defence vehicles": "ITA", "oto melara": "ITA",
    "saab": "SWE", "kongsberg": "NOR", "nammo": "NOR", "patria": "FIN", "navantia": "ESP", "indra": "ESP",
    "damen": "NLD", "fn herstal": "BEL", "ruag": "CHE", "pilatus": "CHE",
    "rafael": "ISR", "elbit": "ISR", "elbit systems": "ISR", "israel aerospace industries": "ISR", "iai": "ISR",
    "imi systems": "ISR", "israel military industries": "ISR", "sibat": "ISR",
    "rosoboronexport": "RUS", "rostec": "RUS", "irkut": "RUS", "sukhoi": "RUS", "mig": "RUS",
    "almaz-antey": "RUS", "uralvagonzavod": "RUS", "united shipbuilding corporation": "RUS", "yakovlev": "RUS",
    "norinco": "CHN", "avic": "CHN", "china state shipbuilding corporation": "CHN", "cssc": "CHN",
    "poly technologies": "CHN", "hanwha": "KOR", "hanwha aerospace": "KOR", "hanwha ocean": "KOR",
    "hyundai rotem": "KOR", "hd hyundai": "KOR", "hd hyundai heavy industries": "KOR",
    "korea aerospace industries": "KOR", "kai": "KOR", "lig nex1": "KOR", "daewoo shipbuilding": "KOR",
    "mitsubishi heavy industries": "JPN", "kawasaki heavy industries": "JPN",
    "hindustan aeronautics": "IND", "hal": "IND", "bharat electronics": "IND", "bel": "IND", "drdo": "IND",
    "brahmos aerospace": "IND", "mazagon dock": "IND", "goa shipyard": "IND", "garden reach": "IND",
    "aselsan": "TUR", "baykar": "TUR", "tai": "TUR", "turkish aerospace": "TUR", "roketsan": "TUR",
    "otokar": "TUR", "fnss": "TUR", "stm": "TUR", "edge group": "ARE", "embraer": "BRA", "avibras": "BRA",
    "denel": "ZAF", "paramount group": "ZAF", "austal": "AUS", "pt pal": "IDN", "pindad": "IDN",
    "st engineering": "SGP", "ukroboronprom": "UKR", "antonov": "UKR", "pgz": "POL", "ceska zbrojovka": "CZE",
    "am general": "USA", "leonardo drs": "USA", "qinetiq": "GBR", "ultra electronics": "GBR", "chemring": "GBR",
    "mowag": "CHE", "steyr": "AUT", "glock": "AUT", "john cockerill": "BEL", "milrem": "EST", "sako": "FIN",
    "huta stalowa wola": "POL", "czechoslovak group": "CZE", "tatra": "CZE", "excalibur army": "CZE",
    "united aircraft corporation": "RUS", "kalashnikov": "RUS", "kamov": "RUS", "tupolev": "RUS", "ilyushin": "RUS",
    "tactical missiles corporation": "RUS", "motor sich": "UKR", "chengdu aircraft": "CHN", "shenyang aircraft": "CHN",
    "cetc": "CHN", "casc": "CHN", "casic": "CHN", "bharat dynamics": "IND", "bharat forge": "IND",
    "larsen & toubro": "IND", "tata advanced systems": "IND", "hyundai heavy industries": "KOR", "poongsan": "KOR",
    "japan marine united": "JPN", "pakistan aeronautical complex": "PAK", "karachi shipyard": "PAK",
    "saudi arabian military industries": "SAU", "nurol makina": "TUR", "mke": "TUR",
    "dirgantara indonesia": "IDN", "boustead": "MYS", "helibras": "BRA",
}
"""Well-known defence firms and agencies -> their country: decides that a supplier or party is a
``company`` of that country ("Rosoboronexport" -> RUS)."""

FORCE_COUNTRIES: dict[str, str] = {
    "royal navy": "GBR", "royal air force": "GBR", "raf": "GBR", "british army": "GBR", "royal marines": "GBR",
    "pla": "CHN", "pla navy": "CHN", "plan": "CHN", "people's liberation army": "CHN", "idf": "ISR",
    "bundeswehr": "DEU", "luftwaffe": "DEU", "jsdf": "JPN", "iaf": "IND", "tsahal": "ISR",
    "jmsdf": "JPN", "jasdf": "JPN", "jgsdf": "JPN", "usaf": "USA", "usmc": "USA", "irgc": "IRN", "tatmadaw": "MMR",
    "kpa": "PRK", "tni": "IDN", "tentara nasional indonesia": "IDN", "rmaf": "MYS", "rtaf": "THA", "sandf": "ZAF",
    "nzdf": "NZL", "adf": "AUS", "pngdf": "PNG", "marine nationale": "FRA", "marina militare": "ITA",
    "aeronautica militare": "ITA", "bundesheer": "AUT", "forsvaret": "NOR", "plaaf": "CHN",
    # initials news uses without spelling them out, and forces named in their own language
    "raaf": "AUS", "rnzaf": "NZL", "rnzn": "NZL", "rokaf": "KOR", "rokn": "KOR", "rcaf": "CAN", "rcn": "CAN",
    "rmn": "MYS", "rtn": "THA", "rsn": "SGP", "zsu": "UKR", "tsk": "TUR", "jcg": "JPN", "sedena": "MEX",
    "semar": "MEX", "roc air force": "TWN", "roc navy": "TWN", "roc army": "TWN", "armada de chile": "CHL",
    "armada argentina": "ARG", "armada de colombia": "COL", "armada de méxico": "MEX", "armada española": "ESP",
    "marinha do brasil": "BRA", "força aérea brasileira": "BRA", "guardia civil": "ESP",
}
"""Armed forces whose name does not say their country -> that country: decides a ``military``
actor's country ("Royal Navy" -> GBR)."""

ORGANIZATIONS = {"nato", "asean", "european union", "eu", "united nations", "un", "african union", "au",
                 "usabc", "gcc", "sco", "quad", "aukus", "csto", "ecowas", "osce", "nspa",
                 "nato support and procurement agency", "occar", "european defence agency", "eda", "arab league",
                 "caricom", "mercosur", "oas", "organization of american states", "saarc", "bimstec", "sadc", "eac",
                 "igad", "pacific islands forum", "european commission"}
"""International organisations and alliances: an actor of kind ``organization`` with no country."""

GOVERNMENT_SEATS: dict[str, str] = {"pentagon": "USA", "kremlin": "RUS"}
"""Buildings that stand for a government in news copy -> its country: "the Pentagon" is an actor of
kind ``government`` of the USA, not the state itself."""


@functools.cache
def _any_firm() -> re.Pattern[str]:
    """Every firm name of the table in one pattern: most names match none, found in one scan."""
    names = sorted((re.escape(firm) for firm in FIRM_COUNTRIES if len(firm) > 3), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(names)})\b")


def firm_home(name: str) -> str | None:
    """The country of the table's firm that a name is or contains ("Hanwha Defense Australia": KOR)."""
    key = name.casefold().strip()
    if key in FIRM_COUNTRIES:
        return FIRM_COUNTRIES[key]
    if not _any_firm().search(key):
        return None
    found = [firm for firm in FIRM_COUNTRIES if len(firm) > 3 and re.search(rf"\b{re.escape(firm)}\b", key)]
    return FIRM_COUNTRIES[max(found, key=len)] if found else None  # the longest: "BAE Systems Hägglunds" is Swedish


def firm_named_in(words: str) -> str | None:
    """A table firm that words name, as they write it: "Dassault" in "Dassault Rafale jets"."""
    found = _any_firm().search(words.casefold())
    return words[found.start():found.end()] if found else None


_CODE_WORD = re.compile(r"[\w/-]*(?:[A-Z][\w/-]*[A-Z0-9]|\d)[\w/-]*")  # "FREMM", "Su-30MK2", "C295", not "frigates"


def code_word(word: str) -> bool:
    """A word of capitals or digits that designates: "FREMM", "AMB", "Su-30MK2", "C295" (not "frigates")."""
    return bool(_CODE_WORD.fullmatch(word))


def as_written(system: str, text: str) -> str:
    """A designation the model misspelt by a letter or two, as the article writes it ("FREMMA frigates"
    -> "FREMM frigates"): each word of capitals or digits that the article does not have, nor begins a
    word with, takes the word of the article closest to it (90 % alike at least, the same first letter)."""
    words = system.split()
    article_words = None
    for i, word in enumerate(words):
        if len(word) < 4 or not _CODE_WORD.fullmatch(word) or re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            continue
        if article_words is None:
            article_words = {w for w in re.findall(r"[\w/-]+", text) if _CODE_WORD.fullmatch(w)}
        if any(w.startswith(word) for w in article_words):
            continue  # written with a variant's letter or in the plural: "F-35As", "Su-30MK2V"
        near = process.extractOne(word, sorted(w for w in article_words if w[0] == word[0]), scorer=fuzz.ratio,
                                  score_cutoff=90)  # sorted: the same pick in every process
        if near is not None:
            words[i] = near[0]
    return " ".join(words)


def named_in(name: str, text: str, threshold: float = 80.0) -> bool:
    """Whether a text names this, loosely: "F-16 jets" names "F-16 Block 70/72"."""
    folded = text.casefold()
    near = fuzz.partial_ratio_alignment(name.casefold(), folded, score_cutoff=threshold)
    if near is not None:
        # read from the start of the word the match begins in: a spelling ("K-2PL" for "K2PL"), not a run of
        # letters across two words ("Extra" in "defense trade")
        start = near.dest_start
        while start > 0 and folded[start - 1].isalnum():
            start -= 1
        if fuzz.ratio(name.casefold(), folded[start:near.dest_end]) >= threshold:
            return True
    marks = [t for t in re.findall(r"[\w/-]+", name) if len(t) >= 3 and (any(c.isdigit() for c in t) or t[0].isupper())
             or re.fullmatch(r"[A-Z]\d", t)]  # "K2", "K9": a designation however short
    # a name in the plural names it too: "Typhoons", "Rafales", "F-16s"
    if any(next(mentions(form, folded), None) is not None for t in marks for form in (t.casefold(), t.casefold() + "s")):
        return True
    # a designation names its variants: "F-35" in "32 F-35A jets", "Su-30" in "Su-30MK2s"
    return any(re.search(rf"(?<![\w-]){re.escape(t.casefold())}[a-z]{{1,3}}\b", folded)
               for t in marks if t[-1].isdigit() and "-" in t)


def is_mark(word: str) -> bool:
    """A word that can name or designate: capitalised, or with a digit."""
    return word[:1].isupper() or any(c.isdigit() for c in word)


def names_a_sibling(name: str, sentence: str) -> bool:
    """Whether a sentence writes the first word of ``name`` followed by another name or designation than
    the name's own second word: "17 Giraffe AMB radars" for "Giraffe 4A radars", "BRP Diego Silang" for
    "BRP Miguel Malvar" (another variant or another ship of the same first word)."""
    words = name.split()
    if len(words) < 2 or not is_mark(words[1]):
        return False
    own = words[1].casefold()
    # not the same word, in the plural or shorter ("Black Hawks", "the Type 209 family" for "Type 209/1400mod")
    return any(is_mark(word) and not (own.startswith(word.casefold()) or word.casefold().startswith(own))
               for m in re.finditer(rf"(?<![\w-]){re.escape(words[0])}\s+([\w/-]+)", sentence)
               for word in [m.group(1)])

