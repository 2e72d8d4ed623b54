"""Names models and articles use for countries that pycountry does not resolve by itself.

Keys are casefolded; values are ISO 3166-1 alpha-3 codes. Demonyms are here because models
often answer "Russian" or "Vietnamese" where a country is asked for.
"""

from __future__ import annotations

COUNTRY_ALIASES: dict[str, str] = {
    # common short and informal names
    "us": "USA", "u.s.": "USA", "u.s": "USA", "usa": "USA", "u.s.a.": "USA", "america": "USA",
    "united states": "USA", "united states of america": "USA", "the united states": "USA",
    "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR",
    "united kingdom": "GBR", "russia": "RUS", "russian federation": "RUS",
    "soviet union": "RUS", "ussr": "RUS",
    "south korea": "KOR", "republic of korea": "KOR", "rok": "KOR", "korea": "KOR", "north korea": "PRK", "dprk": "PRK", "china": "CHN", "prc": "CHN", "people's republic of china": "CHN", "mainland china": "CHN",
    "taiwan": "TWN", "republic of china": "TWN", "iran": "IRN", "syria": "SYR", "laos": "LAO", "vietnam": "VNM",
    "viet nam": "VNM", "turkey": "TUR", "türkiye": "TUR", "turkiye": "TUR",
    "czech republic": "CZE", "czechia": "CZE", "bolivia": "BOL",
    "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA", "palestine": "PSE",
    "ivory coast": "CIV", "cote d'ivoire": "CIV", "côte d'ivoire": "CIV", "brunei": "BRN",
    "burma": "MMR", "myanmar": "MMR", "macedonia": "MKD", "north macedonia": "MKD",
    "uae": "ARE", "u.a.e.": "ARE", "emirates": "ARE", "united arab emirates": "ARE",
    "saudi": "SAU", "ksa": "SAU", "png": "PNG",
    "papua new guinea": "PNG", "holland": "NLD", "the netherlands": "NLD", "drc": "COD",
    "dr congo": "COD", "democratic republic of the congo": "COD", "democratic republic of congo": "COD", "congo": "COG",
    "kosovo": "XKX", "vatican": "VAT", "cape verde": "CPV", "swaziland": "SWZ",
    "east timor": "TLS", "timor-leste": "TLS", "singapore city": "SGP",
    # demonyms and adjectives
    "american": "USA", "british": "GBR", "english": "GBR", "russian": "RUS", "soviet": "RUS",
    "chinese": "CHN", "taiwanese": "TWN", "japanese": "JPN", "korean": "KOR",
    "south korean": "KOR", "north korean": "PRK", "vietnamese": "VNM", "indian": "IND",
    "pakistani": "PAK", "bangladeshi": "BGD", "sri lankan": "LKA", "nepalese": "NPL",
    "nepali": "NPL", "afghan": "AFG", "iranian": "IRN", "iraqi": "IRQ", "syrian": "SYR",
    "israeli": "ISR", "palestinian": "PSE", "jordanian": "JOR", "lebanese": "LBN",
    "egyptian": "EGY", "saudi arabian": "SAU", "emirati": "ARE", "qatari": "QAT",
    "kuwaiti": "KWT", "omani": "OMN", "bahraini": "BHR", "yemeni": "YEM", "turkish": "TUR",
    "greek": "GRC", "cypriot": "CYP", "french": "FRA", "german": "DEU", "italian": "ITA",
    "spanish": "ESP", "portuguese": "PRT", "dutch": "NLD", "belgian": "BEL", "swiss": "CHE",
    "austrian": "AUT", "polish": "POL", "czech": "CZE", "slovak": "SVK", "slovakian": "SVK",
    "hungarian": "HUN", "romanian": "ROU", "bulgarian": "BGR", "serbian": "SRB",
    "croatian": "HRV", "slovenian": "SVN", "ukrainian": "UKR", "belarusian": "BLR",
    "lithuanian": "LTU", "latvian": "LVA", "estonian": "EST", "finnish": "FIN",
    "swedish": "SWE", "norwegian": "NOR", "danish": "DNK", "icelandic": "ISL", "irish": "IRL",
    "canadian": "CAN", "mexican": "MEX", "brazilian": "BRA", "argentine": "ARG",
    "argentinian": "ARG", "chilean": "CHL", "peruvian": "PER", "colombian": "COL",
    "venezuelan": "VEN", "ecuadorian": "ECU", "bolivian": "BOL", "uruguayan": "URY",
    "paraguayan": "PRY", "cuban": "CUB", "australian": "AUS", "new zealand": "NZL",
    "kiwi": "NZL", "fijian": "FJI", "papua new guinean": "PNG", "indonesian": "IDN",
    "malaysian": "MYS", "singaporean": "SGP", "thai": "THA", "filipino": "PHL",
    "philippine": "PHL", "cambodian": "KHM", "laotian": "LAO", "lao": "LAO", "burmese": "MMR", "hellenic": "GRC",
    "myanmarese": "MMR", "mongolian": "MNG", "kazakh": "KAZ", "uzbek": "UZB",
    "kyrgyz": "KGZ", "tajik": "TJK", "turkmen": "TKM", "azerbaijani": "AZE",
    "armenian": "ARM", "georgian": "GEO", "nigerian": "NGA", "kenyan": "KEN",
    "ethiopian": "ETH", "south african": "ZAF", "algerian": "DZA", "moroccan": "MAR",
    "tunisian": "TUN", "libyan": "LBY", "sudanese": "SDN", "ugandan": "UGA",
    "tanzanian": "TZA", "rwandan": "RWA", "ghanaian": "GHA", "senegalese": "SEN",
    "malian": "MLI", "nigerien": "NER", "angolan": "AGO", "mozambican": "MOZ",
    "zambian": "ZMB", "zimbabwean": "ZWE", "cameroonian": "CMR", "somali": "SOM",
    # Europe
    "albanian": "ALB", "bosnian": "BIH", "macedonian": "MKD", "north macedonian": "MKD", "maltese": "MLT",
    "moldovan": "MDA", "montenegrin": "MNE", "luxembourgish": "LUX", "luxembourger": "LUX", "kosovar": "XKX",
    # Central America and the Caribbean
    "guatemalan": "GTM", "honduran": "HND", "salvadoran": "SLV", "salvadorean": "SLV", "nicaraguan": "NIC",
    "costa rican": "CRI", "panamanian": "PAN", "belizean": "BLZ", "haitian": "HTI", "jamaican": "JAM",
    "bahamian": "BHS", "barbadian": "BRB", "trinidadian": "TTO", "guyanese": "GUY", "surinamese": "SUR",
    # Africa
    "chadian": "TCD", "eritrean": "ERI", "djiboutian": "DJI", "gabonese": "GAB", "ivorian": "CIV",
    "namibian": "NAM", "liberian": "LBR", "sierra leonean": "SLE", "togolese": "TGO", "beninese": "BEN",
    "burkinabe": "BFA", "burkinabé": "BFA", "mauritanian": "MRT", "malagasy": "MDG", "malawian": "MWI",
    "burundian": "BDI", "gambian": "GMB", "south sudanese": "SSD", "cape verdean": "CPV", "mauritian": "MUS",
    "seychellois": "SYC", "comorian": "COM", "motswana": "BWA", "batswana": "BWA", "botswanan": "BWA",
    "basotho": "LSO", "swazi": "SWZ", "equatoguinean": "GNQ",
    # Asia and Oceania
    "bruneian": "BRN", "bhutanese": "BTN", "maldivian": "MDV", "timorese": "TLS", "east timorese": "TLS",
    "tongan": "TON", "samoan": "WSM", "ni-vanuatu": "VUT", "vanuatuan": "VUT", "solomon islander": "SLB",
    "nauruan": "NRU", "tuvaluan": "TUV", "palauan": "PLW", "marshallese": "MHL", "i-kiribati": "KIR",
    "new zealander": "NZL",
    # short names pycountry does not know
    "bosnia": "BIH", "lao pdr": "LAO",
    # "Congolese", "Guinean", "Dominican" and "Papuan" name more than one country (or a province): left out
}

# Capitals that stand for their country in news copy
# ("Moscow said", "talks between Seoul and Warsaw"): ``country_code`` reads them as the
# country. Which country any other city is in is ``extractor.assembly.places``'s business.
CAPITALS: dict[str, str] = {
    "washington": "USA", "moscow": "RUS", "london": "GBR", "seoul": "KOR", "pyongyang": "PRK",
    "beijing": "CHN", "taipei": "TWN", "tehran": "IRN", "hanoi": "VNM", "ankara": "TUR",
    "riyadh": "SAU", "new delhi": "IND", "delhi": "IND", "tokyo": "JPN", "paris": "FRA", "berlin": "DEU",
    "canberra": "AUS", "jakarta": "IDN", "manila": "PHL", "islamabad": "PAK", "kyiv": "UKR", "kiev": "UKR",
    "tel aviv": "ISR", "jerusalem": "ISR", "cairo": "EGY", "doha": "QAT", "rome": "ITA", "madrid": "ESP",
    "warsaw": "POL", "nairobi": "KEN", "bratislava": "SVK", "copenhagen": "DNK", "buenos aires": "ARG",
    "brasilia": "BRA", "ottawa": "CAN", "wellington": "NZL", "kuala lumpur": "MYS", "bangkok": "THA",
    "dhaka": "BGD", "colombo": "LKA", "kathmandu": "NPL", "abu dhabi": "ARE", "baghdad": "IRQ",
    "amman": "JOR", "athens": "GRC", "stockholm": "SWE", "oslo": "NOR", "helsinki": "FIN",
    "port moresby": "PNG", "ulaanbaatar": "MNG", "kabul": "AFG", "minsk": "BLR", "vientiane": "LAO",
    "phnom penh": "KHM", "naypyidaw": "MMR", "singapore": "SGP",
    "vienna": "AUT", "prague": "CZE", "budapest": "HUN", "bucharest": "ROU", "belgrade": "SRB", "zagreb": "HRV",
    "ljubljana": "SVN", "vilnius": "LTU", "riga": "LVA", "tallinn": "EST", "lisbon": "PRT", "dublin": "IRL",
    "bern": "CHE", "chisinau": "MDA", "tbilisi": "GEO", "yerevan": "ARM", "baku": "AZE", "nicosia": "CYP",
    "valletta": "MLT", "tirana": "ALB", "skopje": "MKD", "podgorica": "MNE", "sarajevo": "BIH",
    "muscat": "OMN", "manama": "BHR", "kuwait city": "KWT", "beirut": "LBN", "damascus": "SYR", "sanaa": "YEM",
    "abuja": "NGA", "pretoria": "ZAF", "addis ababa": "ETH", "algiers": "DZA", "rabat": "MAR", "tunis": "TUN",
    "khartoum": "SDN", "kampala": "UGA", "kigali": "RWA", "accra": "GHA", "dakar": "SEN", "bamako": "MLI",
    "niamey": "NER", "luanda": "AGO", "maputo": "MOZ", "lusaka": "ZMB", "harare": "ZWE", "yaounde": "CMR",
    "astana": "KAZ", "tashkent": "UZB", "bishkek": "KGZ", "dushanbe": "TJK", "ashgabat": "TKM", "dili": "TLS",
    "bandar seri begawan": "BRN", "suva": "FJI", "nuku'alofa": "TON", "apia": "WSM", "port vila": "VUT",
    "honiara": "SLB", "mexico city": "MEX", "bogota": "COL", "bogotá": "COL", "lima": "PER", "caracas": "VEN",
    "quito": "ECU", "montevideo": "URY", "asuncion": "PRY", "asunción": "PRY", "la paz": "BOL", "havana": "CUB",
    # left out: names that are also people's or other places' ("Sofia", "Santiago", "Tripoli", "Kingston"),
    # and seats of alliances rather than of a state ("Brussels", "The Hague")
}
