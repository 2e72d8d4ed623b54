"""The keyword vocabularies, on sentences worded like news."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.assembly.amounts import money_in
from extractor.assembly.lexicon import areas_in, category_of, meeting_kind_in, names_instrument
from extractor.assembly.trade_status import transfer_status_in


@pytest.mark.parametrize("sentence, areas", [
    ("The memorandum covers joint production of drones and the transfer of technology to local firms.",
     ["arms_trade", "technology_transfer", "joint_production"]),
    ("The treaty commits both sides to joint border patrols and intelligence sharing against terrorist groups.",
     ["intelligence_sharing", "border_security", "counterterrorism"]),
    ("The plan schedules two naval exercises and a search and rescue drill.", ["exercises", "search_and_rescue"]),
    ("The two ministers discussed cyber defence and peacekeeping missions.", ["peacekeeping", "cyber"]),
    ("The leaders praised the friendship between their peoples.", []),
    # a weapon's or an office's name is not what a deal covers
    ("Hanwha will also supply 18 K10 armoured ammunition resupply vehicles.", ["arms_trade"]),
    ("Vietnam ordered 12 Yak-130 training aircraft.", ["arms_trade"]),
    ("Defence Industry Minister Grace Holloway announced the contract.", []),
    ("The contract covers training and spare parts.", ["training", "logistics"]),
    # industry as news words it: a consortium, the local industry, industrial participation
    ("The agreement sets up a consortium of the two countries' shipyards.", ["defense_industry"]),
    ("The memorandum gives the local industry a share of the work.", ["defense_industry"]),
    ("The deal foresees industrial participation worth 30 percent.", ["defense_industry"]),
])
def test_areas_are_what_the_sentence_names(sentence, areas):
    assert areas_in(sentence) == areas


@pytest.mark.parametrize("sentence, area", [
    ("The memorandum covers counter-piracy operations in the Gulf of Guinea.", "maritime_security"),
    ("The two ministers discussed counterinsurgency.", "counterterrorism"),
    ("The deal includes licence production of the jets.", "joint_production"),
    ("The agreement covers search-and-rescue missions.", "search_and_rescue"),
    ("The pact covers the exchange of classified military information.", "intelligence_sharing"),
    # the Russian and Vietnamese term for arms trade with its technology; a transfer of several things
    ("They signed an agreement on military-technical co-operation.", "technology_transfer"),
    ("An agreement concerning the transfer of defence equipment and technology.", "technology_transfer"),
])
def test_areas_in_more_of_the_words_news_uses(sentence, area):
    assert area in areas_in(sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("Ghana and Togo signed a defence cooperation treaty on Monday.", True),
    ("Both sides inked a memorandum of understanding.", True),
    ("The first submarine was handed over in December 2016.", False),
    ("Kenya is set to receive 16 helicopters.", False),
    ("Peru has shelved plans to buy 24 fighter jets.", False),  # an intention, not an instrument
    ("The two navies adopted a cooperation plan for 2026.", True),
])
def test_an_instrument_is_named_or_not(sentence, expected):
    assert names_instrument(sentence) is expected


@pytest.mark.parametrize("sentence, kinds", [
    ("The two sides signed a statement of intent on defence cooperation.", ["letter_of_intent"]),
    ("Germany and Lithuania exchanged notes on the stationing of a brigade.", ["agreement"]),
    ("Poland accepted the letter of offer and acceptance for 96 Apache helicopters.", ["contract"]),
    ("The two countries ratified the convention on defence cooperation.", ["treaty"]),
    ("The memorandum of understanding was signed at the convention centre.", ["mou"]),  # a venue, not an instrument
    # a framework or an arrangement is the contract's "other" kind (before: the model's guess, often "treaty")
    ("Kenya and the United States signed a five-year defence cooperation framework in 2023.", ["other"]),
    ("The two navies signed an arrangement on submarine rescue.", ["other"]),
    ("Poland signed a framework agreement with Hanwha.", ["agreement"]),
    # a memorandum of cooperation is a memorandum of understanding by another name
    ("Japan and Mongolia signed a memorandum of cooperation on peacekeeping training.", ["mou"]),
])
def test_instruments_as_diplomacy_and_procurement_word_them_are_named_with_their_kind(sentence, kinds):
    from extractor.assembly.lexicon import instrument_kinds

    assert names_instrument(sentence) and instrument_kinds(sentence) == kinds


@pytest.mark.parametrize("sentence, money", [
    ("The deal is worth Rs 1.2 lakh crore.", {"amount": 1_200_000_000_000, "currency": "INR"}),
    ("Sweden will pay 3 billion Swedish crowns for the jets.", {"amount": 3_000_000_000, "currency": "SEK"}),
    ("The contract is worth RM 2 billion.", {"amount": 2_000_000_000, "currency": "MYR"}),
    # in words, with its conversion in brackets: the first, the article's own
    ("Qatar signed a five-billion-euro ($5.9 billion) contract.", {"amount": 5_000_000_000, "currency": "EUR"}),
    # agency style "mln" (was read as $300) and an amount in lira
    ("The deal is worth $ 300 mln, the agency said.", {"amount": 300_000_000, "currency": "USD"}),
    ("Ankara will pay 4.5 billion lira for the vessels.", {"amount": 4_500_000_000, "currency": "TRY"}),
    ("Manila signed a 36 billion peso ($700 million) contract for 12 jets.", {"amount": 700_000_000, "currency": "USD"}),
])
def test_a_sentence_states_its_amount_in_the_words_of_its_region(sentence, money):
    assert money_in(sentence) == money


def test_existing_rules_read_plain_statements():
    assert category_of("Mi-17 helicopters") == "aircraft"
    assert transfer_status_in("The first two frigates were delivered in May.") == "delivered"
    assert money_in("a contract worth Rs 2,971 crore for missiles") == {"amount": 29710000000.0, "currency": "INR"}
    assert meeting_kind_in("The two ministers held a phone call on Tuesday.") == "call"


@pytest.mark.parametrize("sentence, status", [
    ("The Defence Ministry approved the procurement of six Apache helicopters.", "approved"),
    ("The State Department approved a possible Foreign Military Sale of 12 helicopters.", "approved"),
    ("A contract for the missiles is expected to be signed later this year.", "proposed"),
    ("Japan is planning to export air defence systems.", "proposed"),
    ("Russia began delivering S-400 systems to Turkey this year.", "delivered"),
    ("The air force received its first four trainers on Wednesday.", "delivered"),
    ("Vietnam signed a contract for 12 Yak-130 trainers.", "ordered"),
    ("Embraer offers C-390 transports to the Peruvian Air Force", "proposed"),  # a headline's present tense
    ("Britain agrees to sell two Type 23 frigates to Colombia", "approved"),
    ("The Dutch government has decided to sell 18 F-16 fighters to Romania", "approved"),
    # a delivery as news reports it, and one still to come, which is no delivery
    ("Turkey delivers the first Bayraktar drones to Poland", "delivered"),
    ("The first batch of K2 tanks was shipped to Poland last week.", "delivered"),
    ("The navy took possession of the corvette on Monday.", "delivered"),
    ("The US transferred 31 Abrams tanks to Ukraine.", "delivered"),
    ("The last of the jets was handed to the air force in May.", "delivered"),
    ("The ministry handed a $1 billion contract to Hanwha for 54 howitzers.", None),  # an award, not a handover
    ("The first four jets are scheduled to be delivered by 2022.", None),
    ("The boats will be handed over next month.", None),
    ("The corvette, ordered in 2019, will be commissioned next year.", "ordered"),
    ("Two frigates were delivered in 2019 and two more will be delivered in 2021.", "delivered"),
    # refused, cleared, concluded, sought
    ("Switzerland rejected the sale of Gepard ammunition to Germany.", "cancelled"),
    ("Washington blocked the sale of F-35s to the UAE.", "cancelled"),
    ("The State Department notified Congress of the sale of 12 F-16s.", "approved"),
    ("Manila has finalised the purchase of two corvettes.", "ordered"),
    ("Saudi Arabia is eyeing the purchase of KF-21 fighters.", "proposed"),
    ("Vietnam is looking to buy more Su-30 fighters.", "proposed"),
    # a purchase given up, in the words news uses for it (before: "abandoned plans to buy" read as proposed)
    ("Canada has abandoned plans to buy 88 F-35 fighters.", "cancelled"),
    ("Switzerland broke off talks with Sweden over the purchase of 22 Gripen jets.", "cancelled"),
    ("The government shelved the purchase of 12 Rafale jets.", "cancelled"),
    ("Indonesia backed out of the deal for 11 Su-35 fighters.", "cancelled"),
    ("Australia axed the Attack-class submarine contract.", "cancelled"),
    ("The navy dropped its order for four submarines.", "cancelled"),
    ("Egypt decided against buying the jets.", "cancelled"),
    ("Malaysia has decided not to proceed with the purchase of 18 Tejas jets.", "cancelled"),
    ("Canada will not go ahead with the purchase of the P-8As.", "cancelled"),
    # a gift: given (delivered) or still being given (approved)
    ("The United States has donated eight MD-530F helicopters to Kenya.", "delivered"),
    ("Japan has provided the coast guard with 12 patrol vessels since 2016.", "delivered"),
    ("Denmark is donating 19 F-16s to Ukraine.", "approved"),
    ("Australia will also gift Papua New Guinea two more patrol boats by 2027.", "approved"),
    ("Japan will provide Tonga with two coastal radars.", None),
    ("The contract provides for local production of the hulls.", None),
    # a deal stopped, not yet given up in so many words (before: read as nothing, or as the model's order)
    ("The UAE has suspended talks with the United States over the purchase of 50 F-35 jets.", "cancelled"),
    ("Berlin froze the sale of Leopard tanks to Saudi Arabia.", "cancelled"),
    ("The order for 12 corvettes was put on hold after the election.", "cancelled"),
    ("Deliveries of the howitzers were halted in 2022.", "cancelled"),
    ("The $23 billion package, which included 18 MQ-9B drones, was approved by the State Department.", "approved"),
    ("The deal was approved by parliament last week.", "approved"),
    # a deal still to be signed, however news says so, is an offer or intent (before: "inked" read as ordered)
    ("The agreement for the radars is expected to be inked next week.", "proposed"),
    ("Poland is set to sign a contract for 96 Apache helicopters.", "proposed"),
    ("The contract for 12 jets has not yet been signed.", "proposed"),
    ("The contract for 48 K9 howitzers is to be formally signed next month.", "proposed"),
    ("Poland will formally sign the deal for 96 Apaches.", "proposed"),
    ("The deal for 26 jets is expected to be formally signed next week.", "proposed"),
    # a delivery counted roughly or in words
    ("Morocco has already received about 150 WanderB drones since 2021.", "delivered"),
    ("The navy received six corvettes from the yard.", "delivered"),
    ("Nigeria receives final batch of JF-17 Thunder jets", "delivered"),  # a headline's tense
    ("The government would instead pursue a deal for Dassault Rafale jets.", "proposed"),
    ("Greece has exercised an option for a fourth Belharra-class frigate.", "ordered"),
    ("Chile's Army signed a letter of intent with Hanwha for the purchase of 12 K9 howitzers.", "proposed"),
    # a firm receives an order, not a weapon; a contract's modification procures
    ("Saab has received an order from Lithuania for the Carl-Gustaf M4 weapon system.", "ordered"),
    ("The navy received the first two frigates in May.", "delivered"),
    ("This modification procures 12 MH-60R helicopters for the government of Norway.", "ordered"),
    ("Seoul gave the Philippines its first Pohang-class corvette in 2019.", "delivered"),
    ("The government gave the green light for the sale of 40 jets.", "approved"),
    ("Washington has been discussing a possible sale of F-16 fighters to Hanoi.", "proposed"),
    ("The State Department approved a possible Foreign Military Sale of F-16s to Vietnam.", "approved"),
    ("Norway expects to buy additional K9 howitzers from Hanwha.", "proposed"),
    ("Armenia has received Ground Master 200 radars from Thales, under a contract signed in 2023.", "delivered"),
    ("The Czech Republic has completed the delivery of 14 T-72 tanks to Ukraine.", "delivered"),
    # a supply that may come under a memorandum signed is no order (was "ordered", from "signed")
    ("Among them was a memorandum, signed by the two defence ministries, under which Japan may supply used patrol "
     "vessels to Vietnam.", "proposed"),
    ("May 3 - Poland signed a deal to buy 32 jets.", "ordered"),  # the month is no modal
    # a purchase studied, weighed or mulled is no order yet (was the model's "ordered")
    ("Velasquez visited Embraer, as Colombia studies buying the company's C-390 transport aircraft.", "proposed"),
    ("Thailand is mulling buying more Gripen jets.", "proposed"),
    # a fleet in service is delivered, whenever it was bought (was "ordered", from "bought")
    ("Portugal operates 28 F-16s bought from the United States in the 1990s.", "delivered"),
    ("The army fields a fleet of Leopard 2A4 tanks purchased from Germany.", "delivered"),
    # a headline's clearance of a package; a buyer's request is no order yet
    ("US clears possible $345 million HIMARS and missile package for Croatia", "approved"),
    ("The committee turned down a government proposal to buy a further batch of 30 Leopard 2A7HU tanks.", "cancelled"),
    ("The Government of Croatia has requested to buy two M142 launchers and eighteen ATACMS missiles.", "proposed"),
    # talks that came to nothing are a purchase called off, not one still proposed
    ("Talks with the US firm over 12 F-16 Block 70 jets had also ended without a deal, the minister said.", "cancelled"),
    ("Negotiations with Paris on the Rafale jets broke down in March.", "cancelled"),
    ("The planned sale of six frigates fell through after the election.", "cancelled"),
    ("The tank broke down during the parade.", None),  # a machine, not a deal
    # a buyer's choice with no contract yet is an intent (was the model's "ordered"); a choice bought is an order
    ("Colombia has selected the Saab Gripen E/F to replace its ageing Kfir fighters.", "proposed"),
    ("Australia has chosen an upgraded Mogami-class frigate for its general-purpose frigate programme.", "proposed"),
    ("Poland signed a contract for the selected K2 tanks.", "ordered"),
    # a government lending its weapons has decided to (as one that will donate them)
    ("The Netherlands will lend Poland two Patriot air defence batteries for six months.", "approved"),
])
def test_transfer_status_is_read_from_the_sentence(sentence, status):

    assert transfer_status_in(sentence) == status


@pytest.mark.parametrize("sentence, status", [
    ("The final contract will be signed next month in Copenhagen.", "planned"),
    ("It replaces a 1997 accord, which the two governments formally terminated.", "ended"),
    ("The agreement replaces a 2008 memorandum of understanding on border cooperation.", "ended"),
    # the weapons a contract bought replaced others: the contract is signed (was "ended")
    ("In November 2021 it signed a contract with France for 12 Rafale F3R fighters, which have since replaced the "
     "air force's ageing MiG-21s.", "signed"),
    ("The two countries implement a defence industry cooperation agreement.", "in_force"),
    ("Ghana and Togo signed a defence cooperation treaty on Monday.", "signed"),
    ("The agreement covers training.", None),
    # still to be signed, in the words news uses (before: none, or "signed" for "agreed to start talks")
    ("The two countries are set to sign a defence pact next month.", "planned"),
    ("India and France are due to sign the deal during the visit.", "planned"),
    ("The ministers would sign a memorandum of understanding on Friday.", "planned"),
    ("The contract will be formally finalized in July.", "planned"),
    ("The pact is to be officially signed next month.", "planned"),
    ("Manila and Tokyo agreed to start talks on a reciprocal access agreement.", "planned"),
    ("The contract has not yet been signed.", "planned"),
    ("The agreement entered into force in 2020.", "in_force"),
    # ended, planned and in force as news also words them
    ("The pact lapsed in 2020.", "ended"),
    ("Moscow walked away from the accord.", "ended"),
    ("The two sides agreed to work towards a defence agreement.", "planned"),
    ("They discussed a possible defence agreement.", "planned"),
    ("The deal awaits parliamentary approval.", "planned"),
    ("The accord will run until 2030.", "in_force"),
    # a headline's present tense; an "implementing arrangement" is an instrument's name, not its status
    ("Kenya, Uganda sign defence pact, agree to joint border patrols", "signed"),
    ("Kenya, Uganda to sign defence pact", "planned"),
    ("India and Australia meet in Canberra, sign implementing arrangement", "signed"),
    # a purchase cleared is a contract still to sign (was the model's "signed"); cleared and signed is signed
    ("The Cabinet Committee on Security on Wednesday cleared the purchase of 26 Rafale M jets.", "planned"),
    ("The council approved the purchase, and the contract was signed in March.", "signed"),
    ("South Korea, Poland to launch strategic defence dialogue, seek logistics pact", "planned"),  # was "signed"
    ("Under the planned contract, Hyundai Rotem would set up a maintenance centre in Romania.", "planned"),
])
def test_agreement_status_is_read_from_the_sentence(sentence, status):
    from extractor.assembly.lexicon import agreement_status_in

    assert agreement_status_in(sentence) == status


@pytest.mark.parametrize("sentence, kind", [
    ("Esper spoke with his Indian counterpart Rajnath Singh over the phone today.", "call"),
    ("He said at a Doha press conference with his visiting Italian counterpart.", "visit"),
    ("Ministers from seven countries met at the annual summit in Suva.", "conference"),
    ("The admiral hosted General Ellery in Valparaiso last week.", "visit"),
    ("The two ministers met in Manila on Monday.", "talks"),
    ("We received the visit of the Danish Minister of Defense, Troels Lund Poulsen.", "visit"),
    ("President Faye received Spain's Chief of Defence Staff at the presidential palace.", "reception"),
    ("Minister Saqr received his Greek counterpart in Cairo on Tuesday, during a visit that also included talks.", "visit"),
    ("The minister received the ambassador, who is on a three-day visit to Hanoi.", "visit"),
    ("President Marcos welcomed Japanese Defense Minister Gen Nakatani at Malacanang on Tuesday.", "visit"),
    ("The two ministers met and welcomed the agreement.", "talks"),  # welcoming a deal is no guest
    ("Keogh met the PNG defence minister at the navy base to hand over the vessel.", "other"),
    ("The drones were handed over at Laikipia in a ceremony attended by the ambassador.", "other"),
    ("The minister praised the deal.", None),
    ("The two chiefs held a virtual meeting on Tuesday.", "call"),
    ("The ministers met virtually to review the roadmap.", "call"),
    ("Virtually every minister met the delegation.", "talks"),  # "almost", not online
    ("Austin telephoned his Japanese counterpart on Monday.", "call"),
    ("Shoigu and Lich held a video link meeting.", "call"),
    ("Singh paid a courtesy call on President Marcos.", "visit"),  # in person, as South Asian news uses it
    # talks on a conference's sidelines are talks (before: the conference)
    ("Marles also met Indonesian Defence Minister Sjafrie Sjamsoeddin on the sidelines of the conference.", "talks"),
    ("The ministers met at the Shangri-La Dialogue conference.", "conference"),
    # ministers of many states meeting, hosted by one of them, is a conference, not a visit
    ("Defence ministers of the ten ASEAN member states met in Vientiane, hosted by Laos.", "conference"),
])
def test_meeting_kind_is_read_from_the_sentence(sentence, kind):
    assert meeting_kind_in(sentence) == kind


@pytest.mark.parametrize("sentence, status", [
    ("Shoigu will visit Hanoi next week.", "planned"),
    ("He is scheduled to arrive in Manila on Sunday.", "planned"),
    ("The meeting will take place in Canberra.", "planned"),
    ("The talks will be held in Seoul.", "planned"),
    ("The ministers met in Hanoi on Friday.", None),
    ("The minister will pay an official visit to Jakarta next month.", "planned"),
    ("He is expected to pay a three-day visit to India.", "planned"),
    ("The two leaders are slated to meet in June.", "planned"),
    ("The minister paid an official visit to Jakarta.", None),
])
def test_a_meeting_the_sentence_puts_ahead_is_planned(sentence, status):
    from extractor.assembly.lexicon import meeting_status_in

    assert meeting_status_in(sentence) == status


@pytest.mark.parametrize("sentence", [
    "The two ministers exchanged views on regional security.",
    "The chiefs conferred in Jakarta.",
    "The two ministers co-chaired the 2+2 dialogue in Tokyo.",
    "Marles phoned Teodoro about the South China Sea.",
])
def test_more_of_the_words_news_uses_for_officials_meeting(sentence):
    from extractor.assembly.lexicon import names_meeting

    assert names_meeting(sentence)


@pytest.mark.parametrize("system, category", [
    ("Spike NLOS long-range anti-tank missiles", "missiles"),
    ("air defense radars", "sensors"),
    ("warships", "ships"),
    ("landing craft utilities", "ships"),
    ("K10 armoured ammunition resupply vehicles", "armoured_vehicles"),
    ("SAMP/T NG", None),
])
def test_the_last_word_naming_a_category_decides(system, category):
    assert category_of(system) == category


@pytest.mark.parametrize("system, category", [
    ("MTU engines for K2 tanks", "engines"),  # what is supplied, not the platform it is for
    ("AN/APG-83 radars for F-16 jets", "sensors"),
    ("120mm ammunition for Leopard 2 tanks", "ammunition"),
    ("spare parts for tanks", "armoured_vehicles"),  # the words before "for" name no category: the platform's
])
def test_a_system_for_a_platform_is_of_its_own_category(system, category):
    assert category_of(system) == category


@pytest.mark.parametrize("system, category", [
    ("unmanned aerial vehicles", "aircraft"),  # not vehicles on the ground
    ("Akinci unmanned combat aerial vehicles", "aircraft"),
    ("Heron unmanned air vehicles", "aircraft"),
    ("unmanned ground vehicles", "armoured_vehicles"),
    ("UCAVs", "aircraft"),
    ("AC-130J gunships", "aircraft"),
    ("S-400 missile defence system", "air_defence"),  # the system, as SIPRI counts it
    ("NASAMS surface-to-air missile system", "air_defence"),
    ("Aster 30 surface-to-air missiles", "missiles"),  # the missiles themselves
    ("SHORAD systems", "air_defence"),
    ("counter-drone systems", "air_defence"),
    ("GBU-39 guided bombs", "missiles"),
    ("Mk 82 bombs", "ammunition"),
    ("OPVs", "ships"),
    ("minehunters", "ships"),
    ("fast attack craft", "ships"),
    ("replenishment oiler", "ships"),
    ("Phalanx close-in weapon systems", "naval_weapons"),
    ("naval mines", "naval_weapons"),
])
def test_categories_read_from_the_words_news_uses_for_each_kind_of_weapon(system, category):
    assert category_of(system) == category


@pytest.mark.parametrize("system, gear", [
    ("body armour", True), ("night-vision goggles", True), ("helmets and ballistic vests", True),
    ("medical supplies", True), ("flight simulators", True), ("spare parts", True),
    ("spare parts for F-16 fighters", False),
    ("night-vision sights for tanks", False),  # gear for a weapon names the weapon: left to the record
    ("K9 howitzers", False), ("Bayraktar TB2 drones", False),
    ("palm oil", True),  # a countertrade's commodity, which the model once gave as the system bought
])
def test_soldiers_gear_and_supplies_are_not_weapon_systems(system, gear):
    from extractor.assembly.lexicon import not_a_weapon

    assert not_a_weapon(system) is gear


@pytest.mark.parametrize("sentence, civil", [
    ("The airline ordered 20 Airbus A320 passenger jets.", True),
    ("Turkey and Pakistan signed a free trade agreement.", True),
    ("Egypt ordered two C-130J cargo aircraft.", False),  # a military transport (was vetoed as civil)
    ("Turkey and Pakistan signed a free trade agreement and a defence pact.", False),
    # the civil deals of a state visit
    ("Macron and Vucic also signed agreements on nuclear energy cooperation.", True),
    ("They will negotiate an upgrade of their comprehensive economic partnership agreement.", True),
    ("India and France signed a roadmap on defence industrial cooperation and energy security.", False),
])
def test_a_civil_deal_is_one_whose_words_are_civil_only(sentence, civil):
    from extractor.assembly.lexicon import civil_only

    assert civil_only(sentence) is civil


@pytest.mark.parametrize("sentence, guess", [
    ("Vietnam may buy more Su-30s, analysts say.", True),
    ("A deal could be reached next year, analysts say.", True),
    ("The deal would see Hanwha supply 54 howitzers.", False),  # a deal's terms, not a guess (was dropped)
    ("Under the deal, Turkey would receive 40 F-16 jets.", False),
    # the month of May is no hedge (a donation in a "May 14" dateline had been dropped as speculation)
    ("ACCRA, May 14 - China on Monday donated four Harbin Z-9 helicopters to the Ghana Air Force.", False),
    ("India also announced it would buy 31 MQ-9B drones from General Atomics.", False),
    # what a side said it would do is its word ("will" in reported speech; was dropped as speculation)
    ("Norway said it would send Ukraine two more NASAMS launchers by the summer.", False),
    ("Analysts said it would buy more Rafale jets.", True),  # a guess all the same
])
def test_a_deal_described_in_the_conditional_is_no_speculation(sentence, guess):
    from extractor.assembly.hedges import speculative

    assert speculative(sentence) is guess


@pytest.mark.parametrize("system, sentence, quantity", [
    ("Su-35", "delivering the Sukhoi Su-57 stealth fighter jet and Su-35 aircraft to Turkey", None),
    ("Giraffe 1X radars", "an A$1.1 billion contract with Sweden's Saab for Giraffe 1X radars", None),
    ("Guardian-class patrol boat", "the handover of a new Guardian-class patrol boat to Daki", 1),
    ("Su-30MK2", "Vietnam signed a contract for Su-30MK2 fighters", None),
    ("Yak-130", "the supply of 12 Yakovlev Yak-130 trainers", 12),
    ("Yakovlev Yak-130", "the supply of 12 Yakovlev Yak-130 trainers", 12),
    ("K9A1 howitzers", "a contract to supply 54 K9A1 howitzers", 54),
    # a size between the count and the system, not an amount
    ("landing craft utility", "a 2,200-ton offshore patrol vessel and two 1,400-ton landing craft utility", 2),
    ("frigates", "a $1,200 million deal for frigates", None),
    # counts in words, the longest reading first (before: "two dozen" read as two, "a hundred" as one)
    ("Piranha", "thirty Piranha armoured vehicles", 30),
    ("Su-30", "seventeen Su-30 jets", 17),
    ("F-16", "two dozen F-16 jets", 24),
    ("Piranha", "a hundred Piranha vehicles", 100),
    # thousands with a separator, a pair, a single one
    ("K2 tanks", "Poland ordered 1,000 K2 tanks.", 1000),
    ("frigates", "Egypt ordered a pair of frigates.", 2),
    ("patrol boat", "Australia donated a single patrol boat.", 1),
    ("K9", "The contract, worth 1,500 billion won, covers 212 K9 howitzers.", 212),
    # a sentence that leaves the designation's first word out names it by the next (before: no count)
    ("K239 Chunmoo rocket launchers", "Poland received its first 18 Chunmoo launchers in 2023.", 18),
    ("AH-64E Apache helicopters", "The six Apache gunships arrived in March.", 6),
    # a year before the count is not the count (before: the year was found first, and no count at all)
    ("F-35A fighter jets", "Canada finalised a deal in January 2023 to buy 88 F-35A fighter jets.", 88),
    # one of several delivered (before: the whole order's count)
    ("FREMM frigates", "Egypt has taken delivery of the first of two FREMM frigates.", 1),
    ("P-8A", "New Zealand took delivery of the last of four Boeing P-8A aircraft in 2023.", 1),
    # the first few of an order delivered: how many came (the order's count is its own stage record)
    ("AH-64E Apache", "Boeing delivered the first four of the 22 Apache attack helicopters.", 4),
    ("K2 tanks", "Poland has received the first ten of its 180 K2 tanks.", 10),
    # units of a system the sentence names further on (before: no count)
    ("Type 209 submarines", "Egypt decided to take the option for two additional units of the latest Type 209.", 2),
    ("K9 howitzers", "Estonia ordered 12 units of the South Korean K9 self-propelled howitzer.", 12),
    ("Type 209 submarines", "Two units of the navy will train with the new Type 209 boats.", None),
])
def test_quantity_is_a_count_right_before_the_system(system, sentence, quantity):
    from extractor.assembly.amounts import quantity_before

    assert quantity_before(system, sentence) == quantity


def test_a_deadline_is_not_a_date():
    from extractor.assembly.dates import date_words_in

    assert date_words_in("Pakistan will acquire eight submarines from China by 2028.") is None
    assert date_words_in("The contract was signed in 2011.") == "in 2011"


def test_the_day_of_a_dateline_dates_no_event_of_its_sentence():
    from extractor.assembly.dates import date_words_in, resolve_date

    lead = "SANTIAGO, March 12, 2025 — Chile's defence ministry said on Tuesday it had broken off talks on the jets."
    assert date_words_in(lead) == "on Tuesday"
    assert date_words_in("WASHINGTON (Agency - 20th March, 2020) The two ministers spoke by phone.") is None
    assert date_words_in("NEW DELHI, Oct 5 (Reuters) - India signed the deal in 2019.") == "in 2019"
    assert date_words_in("In March 2015, the two countries concluded a memorandum.") == "In March 2015"
    # the model's words copied from the dateline give way to the day the sentence tells
    assert resolve_date("March 12, 2025", lead, lead, dt.date(2025, 3, 12)) == "2025-03-11"


def test_a_records_own_sentence_dates_it_over_the_models_words_from_another():
    from extractor.assembly.dates import meeting_date, signing_date

    published = dt.date(2025, 5, 14)
    text = ("The two navies began a joint exercise off Java on Monday. Rear Admiral Jean Roux met Indonesian Navy "
            "chief Admiral Muhammad Ali on board the French frigate Prairial on Tuesday.")
    assert meeting_date("on Monday", text.split(". ")[1], text, published) == "2025-05-13"
    text = ("The navy received two patrol vessels, ordered from the Turkish yard in 2021 under a contract worth "
            "$120 million. The ships arrived on 14 March.")
    assert signing_date("on 14 March", text.split(". ")[0] + ".", text, published, kind="contract") == "2021"


def test_since_when_a_state_lasts_is_not_the_day_of_an_event():
    from extractor.assembly.dates import resolve_date

    text = "Peru cancelled the purchase of the frigates. The deal had been under discussion since 2023."
    assert resolve_date("since 2023", "Peru cancelled the purchase of the frigates.", text, dt.date(2025, 3, 12)) is None
    assert resolve_date("in 2023", "Peru ordered the frigates in 2023.", text, dt.date(2025, 3, 12)) == "2023"


@pytest.mark.parametrize("sentence, words", [
    # a month with its year keeps the year (before: "in June", read as June of the publication year)
    ("Argentina signed the order in June 2022 for 410 million euros.", "in June 2022"),
    ("The deal was signed on June 5, 2022.", "on June 5, 2022"),
    # "May" is a month after "in" or before a year, not the verb
    ("The council cleared the purchase in May.", "in May"),
    ("The frigate was launched in May 2019.", "in May 2019"),
    ("The jets may arrive next year.", "next year"),
    # a month said against the publication year, a day written as an ordinal, a part of a year, a short month
    ("The first contract was signed in March last year.", "in March last year"),
    ("The ministers met on 12th March.", "on 12th March"),
    ("Deliveries began in mid-2023.", "in mid-2023"),
    ("The order was placed in early 2024.", "early 2024"),
    ("The deal was signed in Jan 2022.", "in Jan 2022"),
])
def test_a_date_as_news_writes_it_is_read_whole(sentence, words):
    from extractor.assembly.dates import date_words_in

    assert date_words_in(sentence) == words


@pytest.mark.parametrize("sentence, expected", [
    ("Thailand could turn to Sweden or the United States to replace its oldest F-16 fighters, analysts say.", True),
    ("Executives hoped to use the show to showcase new corvettes to Gulf navies.", True),
    ("Washington might be willing to offer newer F-16 Block 70 jets.", True),
    ("Thailand signed a contract for four Gripens, which could arrive in 2027.", False),
    ("Vietnam ordered 12 Yak-130 trainers.", False),
    # a deal stopped states something, whatever else the sentence hedges (before: vetoed as speculation)
    ("The UAE suspended talks over the purchase of 50 F-35 jets, citing restrictions on how they could be used.",
     False),
])
def test_speculation_is_not_a_transfer(sentence, expected):
    from extractor.assembly.hedges import speculative

    assert speculative(sentence) is expected


@pytest.mark.parametrize("sentence, kind, name", [
    ("It builds on a defence cooperation agreement the two countries signed in 2019.", "agreement",
     "defence cooperation agreement"),
    ("They would finalise a memorandum of understanding on maritime surveillance before the end of the year.", "mou",
     "memorandum of understanding on maritime surveillance"),
    ("Qatar has signed a five-billion-euro ($5.9 billion) contract with Italy for seven warships.", "contract", None),
    ("Vietnam and Belarus signed an agreement last week.", "agreement", None),
    ("Nigeria signed a USD 350m contract on Wednesday with Turkey's Dearsan Shipyard.", "contract", None),
    ("We have signed a contract on behalf of the Qatari navy to acquire seven warships.", "contract", None),
    ("They signed a bilateral defence cooperation plan for the coming year on 14 March.", "plan",
     "bilateral defence cooperation plan"),
    ("They signed a memorandum of understanding on maritime surveillance on Monday.", "mou",
     "memorandum of understanding on maritime surveillance"),
    ("Argentina signed a letter of intent for the acquisition of F-16 jets.", "letter_of_intent",
     "letter of intent for the acquisition of F-16 jets"),
    # a headline's verb is not part of the name
    ("Ghana and Togo sign border security agreement", "agreement", "border security agreement"),
    ("Poland inks air defence contract with US firm", "contract", "air defence contract"),
    # the sentence's own word when the record's kind is another ("accord" for a treaty)
    ("It replaces a 1997 military cooperation accord, which both governments terminated.", "treaty",
     "military cooperation accord"),
    ("The two navies signed a treaty.", "mou", None),
    # a proper name in capitals, links ("of", "and") inside it, and nothing before its first capital
    ("Japan and the Philippines signed the Reciprocal Access Agreement on Monday.", "agreement",
     "Reciprocal Access Agreement"),
    ("The countries have yet to conclude a Status of Forces Agreement.", "agreement", "Status of Forces Agreement"),
    ("Under the 2014 Enhanced Defense Cooperation Agreement, US troops rotate.", "agreement",
     "Enhanced Defense Cooperation Agreement"),
    ("Poland's Armament Agency signed the Agreement with Hanwha.", "agreement", None),
    # in a headline in title case every word has a capital: the verb and the sides are not the name
    ("Philippines, Japan Sign Reciprocal Access Agreement", "agreement", None),
    # a name whose noun comes first ("Treaty of ...") or whose head is another instrument's ("Memorandum of ...")
    ("The Treaty of Friendship and Cooperation was signed in 1992.", "treaty", "Treaty of Friendship and Cooperation"),
    ("India and the US signed the Logistics Exchange Memorandum of Agreement in 2016.", "agreement",
     "Logistics Exchange Memorandum of Agreement"),
    ("Details of Agreement were not given.", "agreement", None),
    # a second instrument of the same sentence is not part of the first one's name
    ("Brazil and Sweden signed a memorandum of understanding on defence industrial cooperation and a letter of "
     "intent on a naval Gripen.", "mou", "memorandum of understanding on defence industrial cooperation"),
    ("They signed a memorandum of understanding on defence and security cooperation.", "mou",
     "memorandum of understanding on defence and security cooperation"),
    # an abbreviation in brackets and the other side stand between the noun and what it covers
    ("The two countries signed a Memorandum of Understanding (MoU) on defence cooperation on Monday.", "mou",
     "Memorandum of Understanding on defence cooperation"),
    ("Kenya signed an agreement with Turkey on military training.", "agreement", "agreement on military training"),
    # a purchase contract with a firm for systems names no contract; a price in brackets is no abbreviation
    ("Brazil signed a contract with Saab for 36 Gripen fighters.", "contract", None),
    ("They signed a contract (worth $5bn) for four ships.", "contract", None),
    ("The Philippines signed a $375 million contract for three BrahMos batteries.", "contract", None),
    ("The 1.1 billion ringgit contract for the ships was awarded in 2023.", "contract", None),
    ("They will negotiate an acquisition and cross-servicing agreement.", "agreement",
     "acquisition and cross-servicing agreement"),
    # a headline's clause after "as" is no part of the name
    ("India, Armenia sign pact on artillery as Yerevan diversifies suppliers", "treaty", "pact on artillery"),
    ("Japan and the Philippines on Friday signed an exchange of notes under which Tokyo will provide radars.",
     "agreement", "exchange of notes"),
    # how long it is extended for is no part of the name (was "... Agreement for another 10")
    ("Manila and Washington have extended their Mutual Logistics Support Agreement for another 10 years.",
     "agreement", "Mutual Logistics Support Agreement"),
    ("They renewed the agreement on military training for a further five years.", "agreement",
     "agreement on military training"),
    ("South Korea, Poland to launch strategic defence dialogue, seek logistics pact", "treaty", "logistics pact"),
    # what the sides did next is no part of the name; a second subject joined by "and" is
    ("The ministers adopted a joint declaration on maritime security and agreed to set up a hotline.",
     "joint_statement", "joint declaration on maritime security"),
    ("They signed an agreement on training and shared intelligence.", "agreement",
     "agreement on training and shared intelligence"),
    ("The two are expected to sign an agreement on the transfer of frigates later this year.", "agreement",
     "agreement on the transfer of frigates"),
    # instruments news words otherwise: a protocol, a memorandum of cooperation, a Letter of Offer and Acceptance
    ("Serbia and Hungary signed a military cooperation protocol in Belgrade.", "agreement",
     "military cooperation protocol"),
    ("The ministries signed a protocol on joint training of special forces.", "other",
     "protocol on joint training of special forces"),
    ("Tokyo and Hanoi signed a memorandum of cooperation in the field of defence equipment on Monday.", "mou",
     "memorandum of cooperation in the field of defence equipment"),
    ("Warsaw signed a Letter of Offer and Acceptance for 250 Abrams tanks.", "contract",
     "Letter of Offer and Acceptance"),
    # a currency written in the singular before the noun is its price, not its name
    ("The corvettes were ordered in 2021 under a 28 billion peso contract.", "contract", None),
    # the period it runs for is no part of the name
    ("Vietnam and Russia signed a roadmap for military cooperation for the 2024-2028 period on Thursday.", "plan",
     "roadmap for military cooperation"),
    # the sides named between the noun and what it covers are no part of the name
    ("Egypt and Cyprus signed an agreement between Egypt and Cyprus on search and rescue.", "agreement",
     "agreement on search and rescue"),
    # nor when it is to be signed ("... on helicopter maintenance next" had been the name)
    ("Romania and Airbus are expected to sign an offset agreement on helicopter maintenance next month.", "agreement",
     "offset agreement on helicopter maintenance"),
])
def test_an_instrument_is_named_as_the_sentence_words_it(sentence, kind, name):
    from extractor.assembly.instrument_names import instrument_name

    assert instrument_name(sentence, kind) == name


@pytest.mark.parametrize("sentence, words, money", [
    ("Taiwan will buy the tanks for NT$5 billion.", "NT$5 billion", {"amount": 5_000_000_000, "currency": "TWD"}),
    # hyphenated before the noun it qualifies (was read as $2.9)
    ("Canada signed a $2.9-billion deal for the aircraft.", "$2.9-billion", {"amount": 2_900_000_000, "currency": "USD"}),
    ("Poland signed contracts worth 5 billion zloty for the howitzers.", "5 billion zloty",
     {"amount": 5_000_000_000, "currency": "PLN"}),
    ("The deal is worth US$1.2 billion.", "US$1.2 billion", {"amount": 1_200_000_000, "currency": "USD"}),
])
def test_an_amount_in_a_sentence_is_read_by_the_contracts_own_parser(sentence, words, money):
    from extractor.contract import parse_money

    assert money_in(sentence) == parse_money(words) == money  # one parser: the same answer


@pytest.mark.parametrize("sentence, year", [
    ("It replaces a 1997 military cooperation accord, which both governments terminated.", "1997"),
    ("The 2020 contract with Leonardo has been terminated.", "2020"),
    ("Both sides reviewed the 2015 defence cooperation agreement.", "2015"),
    ("They signed a 2024-2028 cooperation plan.", None),  # a span of years is not the year it is known by
    ("In 2019 the ministry signed an agreement.", None),  # the year of a signing: the date rules read that
    ("Poland signed a $2 billion contract.", None),
])
def test_an_instrument_known_by_its_year_is_dated_by_it(sentence, year):
    from extractor.assembly.dates import instrument_year

    assert instrument_year(sentence) == year


@pytest.mark.parametrize("sentence, made", [
    ("The two jointly manufacture the JF-17 jet.", True),
    ("The joint venture will produce Kaplan tanks and transfer them to Indonesia's army.", False),
    ("The joint venture will produce armoured vehicles that Indonesia will receive from 2027.", False),
    ("Indonesia bought two frigates from a joint venture.", False),
    # a step in building it, not a stage of its transfer; a tender launched is no such step
    ("TKMS launched Egypt's third Type 209 submarine for the Egyptian Navy at a ceremony in Kiel in May 2019.", True),
    ("India launched a tender for 114 fighter jets.", False),
])
def test_making_a_weapon_together_is_not_moving_it_unless_a_trade_word_says_so(sentence, made):
    from extractor.assembly.not_moved import made_not_moved

    assert made_not_moved(sentence) is made


@pytest.mark.parametrize("sentence, status", [
    # the instrument signed under another one is signed; the other is in force
    ("Poland signed an executive contract for 180 K2 tanks, worth $3.37 billion, under a framework agreement "
     "signed a month earlier.", "signed"),
    ("The ships will be built under the existing agreement.", "in_force"),
    ("Under the agreement signed in 2020, India will build the jets.", "in_force"),
])
def test_an_instrument_signed_under_another_is_signed(sentence, status):
    from extractor.assembly.lexicon import agreement_status_in

    assert agreement_status_in(sentence) == status


@pytest.mark.parametrize("sentence, names", [
    ("The two ministers also agreed to expand joint training of their air forces.", False),  # a commitment
    ("The two officers agreed to step up joint maritime patrols.", False),
    ("The two sides agreed on a roadmap for defence industry cooperation.", True),
    ("Japan and the Philippines signed a Reciprocal Access Agreement.", True),
])
def test_agreeing_to_do_more_names_no_instrument(sentence, names):
    from extractor.assembly.lexicon import names_instrument

    assert names_instrument(sentence) is names


@pytest.mark.parametrize("system, sentence, replaced", [
    ("SH-2G(I) Seasprites", "New Zealand will buy five MH-60R Seahawk helicopters from the United States to replace "
                            "its ageing SH-2G(I) Seasprites, Defence Minister Judith Collins said.", True),
    ("F-16s", "Portugal has decided not to buy Lockheed Martin's F-35 fighter jets to replace its ageing F-16s.", True),
    ("MH-60R", "New Zealand will buy five MH-60R Seahawk helicopters to replace its ageing Seasprites.", False),
    # the new weapon, and an old one the sentence says was delivered, are transfers
    ("F-35", "Poland will replace its MiG-29s with F-35 jets.", False),
    ("Gripen", "The Kfirs will be replaced by Gripen jets.", False),
    ("Romeo class vessels", "The new Type 209s will replace the Navy's four elderly Romeo class vessels delivered in "
                            "1983/84.", False),
    ("Kfir", "Colombia selected the Gripen to replace its ageing Kfir fleet, which Israel supplied in the 1980s.", False),
    ("MiG-29", "Saab has offered Peru 24 Gripen E/F fighters as the country weighs a replacement for its MiG-29 and "
               "Mirage 2000 fleets.", True),
])
def test_a_weapon_another_replaces_is_not_transferred(system, sentence, replaced):
    from extractor.assembly.not_moved import replaced_not_moved

    assert replaced_not_moved(system, sentence) is replaced


@pytest.mark.parametrize("system, sentence, upgraded", [
    ("F-16", "Indonesia's Defence Ministry signed a $240 million contract with Lockheed Martin on Monday to upgrade "
             "10 of its F-16 fighter jets.", True),
    ("Su-30MKM", "Malaysia awarded a contract for the modernisation of its Su-30MKM fleet.", True),
    # an upgrade beside a purchase, and an upgraded ship that is sold, are transfers
    ("F-16", "Indonesia will buy 12 new F-16s and upgrade its older jets.", False),
    ("Mogami-class", "Mitsubishi Heavy Industries will build 11 upgraded Mogami-class frigates for Australia.", False),
])
def test_a_weapon_a_contract_upgrades_is_not_transferred(system, sentence, upgraded):
    from extractor.assembly.not_moved import upgraded_not_moved

    assert upgraded_not_moved(system, sentence) is upgraded


@pytest.mark.parametrize("system, sentence, kind", [
    ("BRP Diego Silang", "The navy received BRP Diego Silang, the second of two corvettes built by the yard.", "corvettes"),
    ("KRI Bung Tomo", "Indonesia commissioned the Gowind-class corvette KRI Bung Tomo on Friday.", "Gowind-class corvette"),
    ("INS Vikrant", "India's first home-built carrier, INS Vikrant, was commissioned in 2022.", None),  # no type named
    ("Su-30MK2", "Vietnam received two Su-30MK2 fighters and a frigate.", None),  # no ship's name
])
def test_a_ship_written_by_its_name_is_the_type_its_sentence_gives(system, sentence, kind):
    from extractor.assembly.lexicon import ship_type

    assert ship_type(system, sentence) == kind


@pytest.mark.parametrize("kind, year", [("agreement", None), ("treaty", "1951"), ("contract", "2019")])
def test_an_instrument_is_known_by_its_own_year_not_another_kinds_beside_it(kind, year):
    from extractor.assembly.dates import instrument_year

    sentence = ("The ministers reaffirmed the 1951 Mutual Defence Treaty, discussed the 2019 frigate contract and "
                "the Enhanced Defence Cooperation Agreement, under which troops rotate through five bases.")
    assert instrument_year(sentence, kind) == year


@pytest.mark.parametrize("sentence, kinds", [
    # a memorandum named without "of understanding" is one all the same (its year had dated a contract)
    ("Egypt had signed a memorandum on defence industry cooperation with Greece in 2021.", ["mou"]),
    ("The memoranda cover training and logistics.", ["mou"]),
    ("The firms signed a memorandum of intent on a joint bid.", []),
])
def test_a_memorandum_is_an_mou(sentence, kinds):
    from extractor.assembly.lexicon import instrument_kinds

    assert instrument_kinds(sentence) == kinds


@pytest.mark.parametrize("sentence, status", [
    # a government's word to send or give weapons, like one to donate or lend (was the model's "ordered")
    ("Canada will send Ukraine 40 armoured vehicles from its own stocks.", "approved"),
    ("Japan will give the Philippine Navy three patrol vessels.", "approved"),
])
def test_weapons_a_government_will_send_or_give_are_approved(sentence, status):
    from extractor.assembly.trade_status import transfer_status_in

    assert transfer_status_in(sentence) == status


@pytest.mark.parametrize("name, text, weapon", [
    ("FREMM", "The navy took delivery of its second FREMM multipurpose frigate.", True),
    ("Eurofighter Typhoon", "Madrid ordered 25 Eurofighter Typhoon jets in 2024.", True),
    ("Spain", "Spain drops F-35 plan, will buy Eurofighters.", False),  # a designation after it is another thing
    ("telecommunications", "It sold telecommunications equipment and radars.", False),
])
def test_a_name_written_with_what_it_is_names_a_weapon(name, text, weapon):
    from extractor.assembly.lexicon import named_as_weapon

    assert named_as_weapon(name, text) is weapon


def test_a_ship_received_as_the_second_of_its_class_is_delivered():
    from extractor.assembly.trade_status import transfer_status_in

    assert transfer_status_in("Greece receives third Belharra frigate from France") == "delivered"  # was no status
    assert transfer_status_in("Saab receives second order from Lithuania") is None  # papers, no weapon
