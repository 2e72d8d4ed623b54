"""One article and many, end to end with the in-process fake model.

The fake answers per record type (read from the TASK line of the prompt) with drafts as a model
writes them; the tests check what a user reads in the ``ArticleResult``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest

from extractor.backends.fake import FakeBackend
from extractor.errors import BackendError, ConfigError, InputError, PromptTooLong
from extractor.inputs import Article, InputProblem
from extractor.run.article import _QUESTION_ROOM, ArticleOutcome, ExtractOptions, Extractor
from extractor.run.chunking import split_article

PUBLISHED = dt.date(2021, 12, 2)  # a Thursday
HEADLINE_SALE = "Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million, officials said."
BODY_SALE = ("Under the deal, Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million, "
             "the ministry said.")
AGREEMENT = ("Vietnam and Russia signed a memorandum of understanding on defence industry co-operation "
             "on 1 December in Moscow.")
MEETING = ("Russian Defence Minister Sergei Shoigu met Vietnamese Defence Minister Phan Van Giang in Moscow "
           "on Wednesday to discuss military-technical co-operation.")
INVENTED = "Vietnam bought six Kilo-class submarines from Russia for USD2 billion in 2009."
TEXT = f"Vietnam orders Yak-130 trainers from Russia\n\n{HEADLINE_SALE}\n\n{AGREEMENT}\n\n{MEETING}\n\n{BODY_SALE}\n"


def sale(quote: str, **changes) -> dict:
    return {"quote": quote, "system": "Yak-130", "category": "aircraft", "supplier": "Russia",
            "recipient": "Vietnam", "quantity": 12, "value": "USD350 million", "status": "ordered", "date": None,
            **changes}


AGREEMENT_DRAFT = {"quote": AGREEMENT, "name": None, "kind": "mou", "status": "signed",
                   "parties": ["Vietnam", "Russia"], "date": "1 December", "areas": ["defense_industry"]}
MEETING_DRAFT = {"quote": MEETING.split(" to discuss")[0], "kind": "talks", "status": "held",
                 "participants": [{"name": "Sergei Shoigu", "title": "Defence Minister", "country": "Russian"},
                                  {"name": "Phan Van Giang", "title": "Defence Minister", "country": "Vietnam"}],
                 "countries": ["Russia", "Vietnam"], "date": "on Wednesday", "city": "Moscow",
                 "topics": ["defense_industry"]}
ANSWERS = {
    "agreements": {"instruments": ["MoU"], "agreements": [AGREEMENT_DRAFT]},
    "transfers": {"systems": ["Yak-130"], "transfers": [sale(HEADLINE_SALE), sale(BODY_SALE)]},
    "meetings": {"meetings": [MEETING_DRAFT]},
}
EMPTY = {"agreements": {"instruments": [], "agreements": []}, "transfers": {"systems": [], "transfers": []},
         "meetings": {"meetings": []}}
TASK = re.compile(r"TASK: (?:list the (?:defence or security )?(?:arms )?)?(agreements|transfers|meetings)")


def record_type_of(messages: list[dict]) -> str:
    """The record type a request asks for: the TASK line of the last user message that has one."""
    for message in reversed(messages):
        if message["role"] == "user" and "TASK: the sentence that states one fact" in message["content"]:
            return "quote"
        if message["role"] == "user" and (m := TASK.search(message["content"])):
            return m.group(1)
    raise AssertionError("no TASK line in the prompt")


def article_in(messages: list[dict]) -> str:
    return next(m["content"] for m in messages if m["role"] == "user")


#: the second look at a quote, where a test gives none: a sentence the article does not hold
NO_QUOTE = {"quote": "a sentence the article does not hold"}


def answering(answers: dict) -> FakeBackend:
    return FakeBackend(responder=lambda messages: {"quote": NO_QUOTE, **answers}[record_type_of(messages)])


def article(text: str = TEXT, id: str = "yak130", published: dt.date | None = PUBLISHED) -> Article:
    return Article(id=id, text=text, source=f"{id}.txt", published=published)


def extract(backend: FakeBackend, item: Article | None = None, options: ExtractOptions | None = None) -> ArticleOutcome:
    return asyncio.run(Extractor(backend, options=options).extract(item or article()))


# --- one article ------------------------------------------------------------------------

def test_records_are_grounded_with_offsets_that_point_at_their_quotes():
    result = extract(answering(ANSWERS)).result
    assert (len(result.agreements), len(result.transfers), len(result.meetings)) == (1, 1, 1)
    for record in result.records():
        assert record.grounded
        for evidence in record.evidence:
            assert TEXT[evidence.start:evidence.end] == evidence.quote
    assert result.agreements[0].evidence[0].quote == AGREEMENT
    assert result.error is None
    assert result.warnings == []


def test_names_money_and_dates_come_out_in_the_contracts_form():
    result = extract(answering(ANSWERS)).result
    [agreement], [transfer], [meeting] = result.agreements, result.transfers, result.meetings
    assert [(p.name, p.country, p.kind) for p in agreement.parties] == [("Vietnam", "VNM", "state"),
                                                                        ("Russia", "RUS", "state")]
    assert (transfer.supplier.country, transfer.recipient.country) == ("RUS", "VNM")
    assert transfer.value is not None and (transfer.value.amount, transfer.value.currency) == (350_000_000, "USD")
    assert transfer.quantity == 12 and transfer.category == "aircraft" and transfer.status == "ordered"
    assert [p.country for p in meeting.participants] == ["RUS", "VNM"]  # "Russian" -> RUS
    assert meeting.countries == ["RUS", "VNM"]
    assert (meeting.location.city, meeting.location.country) == ("Moscow", "RUS")
    # relative to the publication date, Thursday 2 December 2021
    assert agreement.date == "2021-12-01"  # "1 December"
    assert meeting.date == "2021-12-01"  # "on Wednesday"
    assert result.article.published == "2021-12-02"


def test_relative_dates_stay_unknown_without_a_publication_date():
    result = extract(answering(ANSWERS), article(published=None)).result
    assert result.meetings[0].date is None
    assert result.agreements[0].date is None


def test_the_same_transfer_reported_twice_is_one_record_with_both_quotes():
    [transfer] = extract(answering(ANSWERS)).result.transfers
    assert [e.quote for e in transfer.evidence] == [HEADLINE_SALE, BODY_SALE]
    assert [TEXT[e.start:e.end] for e in transfer.evidence] == [HEADLINE_SALE, BODY_SALE]


PARAPHRASED = "Moscow and Hanoi inked a defence industry accord in the Russian capital last week."


def with_paraphrased_agreement() -> dict:
    """The agreement quoted in the model's own words, not the article's."""
    paraphrased = {**AGREEMENT_DRAFT, "quote": PARAPHRASED, "kind": "agreement", "date": None}
    return {**ANSWERS, "agreements": {"agreements": [paraphrased]}}


def test_an_ungrounded_record_is_kept_with_a_warning_by_default():
    """A quote the article does not hold is moved to the sentence naming an instrument of its parties (so
    the record still carries the article's words and their offsets), marked re-anchored, not grounded."""
    result = extract(answering(with_paraphrased_agreement())).result
    assert [(a.kind, a.grounded) for a in result.agreements] == [("mou", False)]
    evidence = result.agreements[0].evidence[0]
    assert evidence.match == "reanchored" and TEXT[evidence.start:evidence.end] == AGREEMENT
    assert "agreements: 1 record(s) not grounded in the text or re-anchored (kept)" in result.warnings


def test_drop_ungrounded_removes_records_not_found_in_the_text():
    result = extract(answering(with_paraphrased_agreement()), options=ExtractOptions(drop_ungrounded=True)).result
    assert result.agreements == []
    assert "agreements: 1 record(s) not grounded in the text or re-anchored (dropped)" in result.warnings


def test_a_transfer_of_a_system_the_article_never_names_is_dropped():
    invented = sale(INVENTED, system="Kilo-class", category="ships", quantity=6, value="USD2 billion")
    answers = {**ANSWERS, "transfers": {"systems": ["Yak-130", "Kilo-class"],
                                        "transfers": [sale(HEADLINE_SALE), invented]}}
    result = extract(answering(answers)).result
    assert [t.system for t in result.transfers] == ["Yak-130"]
    assert any("Kilo-class: the system is not named in the article" in w for w in result.warnings)


def test_a_transfer_quoting_the_wrong_sentence_is_reanchored_kept_and_not_grounded():
    misplaced = sale(AGREEMENT)  # the model quoted the MoU sentence for the Yak-130 sale
    answers = {**ANSWERS, "transfers": {"systems": ["Yak-130"], "transfers": [misplaced]}}
    result = extract(answering(answers)).result
    [transfer] = result.transfers
    evidence = transfer.evidence[0]
    assert "Yak-130" in TEXT[evidence.start:evidence.end]
    assert evidence.match == "reanchored"
    assert not transfer.grounded  # the model's own words do not support it: code picked the sentence
    assert (transfer.system, transfer.quantity, transfer.status) == ("Yak-130", 12, "ordered")
    assert "transfers: 1 record(s) not grounded in the text or re-anchored (kept)" in result.warnings
    dropped = extract(answering(answers), options=ExtractOptions(drop_ungrounded=True)).result
    assert dropped.transfers == []


HEADLINE = TEXT.split("\n")[0]  # "Vietnam orders Yak-130 trainers from Russia": the first sentence naming it


def _second_look(sale_pick: str, meeting_pick: str, asked: list[str]) -> FakeBackend:
    """The model quotes the MoU sentence for the sale and the meeting; asked again, it picks these."""
    answers = {"agreements": EMPTY["agreements"], "transfers": {"systems": ["Yak-130"], "transfers": [sale(AGREEMENT)]},
               "meetings": {"meetings": [{**MEETING_DRAFT, "quote": AGREEMENT}]}}

    def respond(messages: list[dict]) -> dict:
        task = record_type_of(messages)
        if task != "quote":
            return answers[task]
        asked.append(messages[-1]["content"].rsplit("TASK:", 1)[1])
        return {"quote": sale_pick if "Yak-130" in asked[-1] else meeting_pick}

    return FakeBackend(responder=respond)


def test_a_record_quoting_another_sentence_is_asked_again_and_grounded_where_its_pick_is_the_rules():
    asked: list[str] = []
    result = extract(_second_look(HEADLINE, MEETING.split(" in Moscow")[0], asked)).result
    # shown: the sentences that would state it, in article order (three name the Yak-130) ...
    [sale_question] = [q for q in asked if "the ordered transfer of Yak-130 from Russia to Vietnam" in q]
    assert sale_question.index(f'- "{HEADLINE}"') < sale_question.index(f'- "{HEADLINE_SALE}"') < \
        sale_question.index(f'- "{BODY_SALE}"')
    assert AGREEMENT not in sale_question
    # ... and where one sentence would, the one the model quoted beside it, so that there is a choice
    [meeting_question] = [q for q in asked if "the talks (held) of Sergei Shoigu and Phan Van Giang" in q]
    assert meeting_question.index(f'- "{AGREEMENT}"') < meeting_question.index(f'- "{MEETING}"')
    [transfer], [meeting] = result.transfers, result.meetings
    assert transfer.evidence[0].quote == HEADLINE and transfer.evidence[0].match == "exact" and transfer.grounded
    assert meeting.evidence[0].quote == MEETING and meeting.evidence[0].match == "exact" and meeting.grounded
    assert not any("re-anchored" in w for w in result.warnings)
    for evidence in (transfer.evidence[0], meeting.evidence[0]):
        assert TEXT[evidence.start:evidence.end] == evidence.quote
    # without the second pass nothing more is asked, and code re-anchors both
    asked.clear()
    plain = extract(_second_look(HEADLINE, MEETING, asked), options=ExtractOptions(second_pass=())).result
    assert asked == [] and not plain.transfers[0].grounded and not plain.meetings[0].grounded


def test_a_pick_that_is_not_the_rules_sentence_goes_beside_it_where_it_states_the_record():
    """A transfer the model picks another sentence for that names its system too: read from the rule's
    sentence (its count, price and stage are read there), with the model's pick as its own evidence
    beside it, so grounded; a meeting's pick that does not report it as well: re-anchored and marked."""
    result = extract(_second_look(BODY_SALE, AGREEMENT, [])).result
    [transfer], [meeting] = result.transfers, result.meetings
    assert [(e.quote, e.match) for e in transfer.evidence] == [(HEADLINE, "reanchored"), (BODY_SALE, "exact")]
    assert transfer.grounded and TEXT[transfer.evidence[1].start:transfer.evidence[1].end] == BODY_SALE
    assert (meeting.evidence[0].quote, meeting.evidence[0].match, meeting.grounded) == (MEETING, "reanchored", False)
    assert "meetings: 1 record(s) not grounded in the text or re-anchored (kept)" in result.warnings


def test_each_evidence_span_says_how_the_models_quote_was_found():
    spaced = {**AGREEMENT_DRAFT, "quote": AGREEMENT.upper().replace(" ", "  ")}
    misspelt = {**MEETING_DRAFT, "quote": MEETING.split(" to discuss")[0].replace("Sergei", "Sergey")}
    answers = {"agreements": {"agreements": [spaced]}, "transfers": ANSWERS["transfers"],
               "meetings": {"meetings": [misspelt]}}
    result = extract(answering(answers), options=ExtractOptions(second_pass=())).result
    assert [e.match for e in result.agreements[0].evidence] == ["normalised"]
    assert [e.match for e in result.transfers[0].evidence] == ["exact", "exact"]
    assert [e.match for e in result.meetings[0].evidence] == ["fuzzy"]
    assert all(r.grounded for r in result.records())


def test_a_meeting_quoting_another_sentence_is_reanchored_on_its_own_and_not_grounded():
    elsewhere = {**MEETING_DRAFT, "quote": AGREEMENT}  # the model quoted the MoU sentence for the meeting
    result = extract(answering({**ANSWERS, "meetings": {"meetings": [elsewhere]}}),
                     options=ExtractOptions(second_pass=())).result
    [meeting] = result.meetings
    assert meeting.evidence[0].quote == MEETING and meeting.evidence[0].match == "reanchored"
    assert not meeting.grounded


def test_a_schema_invalid_first_answer_is_fixed_on_reask_and_counted():
    backend = answering(ANSWERS)
    backend.enqueue({"systems": ["Yak-130"], "transfers": [sale(HEADLINE_SALE, status="bought")]})
    outcome = extract(backend, options=ExtractOptions(record_types=("transfers",)))
    assert outcome.result.provenance.attempts == 2
    assert len(outcome.calls) == 2
    [transfer] = outcome.result.transfers
    assert transfer.status == "ordered"
    reask = backend.requests[1]["messages"][-1]
    assert reask["role"] == "user" and "status" in reask["content"] and "bought" in reask["content"]
    assert outcome.result.warnings == []


def never_valid_meetings(messages):
    record_type = record_type_of(messages)
    if record_type == "meetings":
        return {"meetings": [{**MEETING_DRAFT, "status": "maybe"}]}
    return ANSWERS[record_type]


def test_a_type_that_never_validates_is_a_warning_and_the_other_types_still_produce_records():
    outcome = extract(FakeBackend(responder=never_valid_meetings))
    result = outcome.result
    assert result.meetings == []
    assert len(result.agreements) == 1 and len(result.transfers) == 1
    [warning] = [w for w in result.warnings if w.startswith("meetings:")]
    assert "no valid answer after" in warning and "\n" not in warning
    assert result.error is None
    meeting_calls = [c for c in outcome.calls if record_type_of(c.request["messages"]) == "meetings"]
    assert len(meeting_calls) >= 2  # re-asked before giving up
    assert result.provenance.attempts == len(outcome.calls)


def test_a_type_that_never_validates_is_asked_once_plus_max_retries_times():
    backend = FakeBackend(responder=never_valid_meetings, max_retries=1)
    outcome = extract(backend, options=ExtractOptions(record_types=("meetings",)))
    assert outcome.result.provenance.attempts == 2


def test_each_stored_call_holds_the_messages_that_call_sent():
    backend = answering(ANSWERS)
    backend.enqueue({"systems": ["Yak-130"], "transfers": [sale(HEADLINE_SALE, status="bought")]})
    outcome = extract(backend, options=ExtractOptions(record_types=("transfers",)))
    first, second = outcome.calls
    assert len(first.request["messages"]) == 2
    assert len(second.request["messages"]) == 4


def test_an_article_where_every_call_fails_has_an_error():
    backend = FakeBackend(responder=lambda messages: "I cannot answer that.", max_retries=0)
    result = extract(backend).result
    assert result.error == "the model never produced a valid answer"
    assert len(result.warnings) == 3
    assert result.records() == []


def test_dropped_drafts_are_explained_in_warnings():
    lonely = {**MEETING_DRAFT, "participants": [MEETING_DRAFT["participants"][0]], "countries": ["Russia"]}
    result = extract(answering({**ANSWERS, "meetings": {"meetings": [lonely]}})).result
    assert result.meetings == []
    assert "meetings: dropped meeting with fewer than two sides" in result.warnings


class Server(FakeBackend):
    """A fake server that takes a while per answer and counts the requests it holds at once."""

    def __init__(self, responder, concurrent: bool = True):
        super().__init__(responder=responder, max_retries=1)
        self.concurrent = concurrent
        self.in_flight = self.most_in_flight = 0

    async def create(self, **kwargs):
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            # answers arrive out of order: meetings first, agreements last
            await asyncio.sleep({"agreements": 0.03, "transfers": 0.02}.get(record_type_of(kwargs["messages"]), 0.01))
            return await super().create(**kwargs)
        finally:
            self.in_flight -= 1


def test_a_server_is_asked_the_record_types_side_by_side_and_the_result_is_the_one_asked_in_turn():
    side_by_side, in_turn = Server(never_valid_meetings), Server(never_valid_meetings, concurrent=False)
    together, apart = extract(side_by_side), extract(in_turn)
    assert side_by_side.most_in_flight == 3 and in_turn.most_in_flight == 1
    dump = lambda outcome: (outcome.result.model_dump(exclude={"provenance"}),
                            [(c.request, c.response_text) for c in outcome.calls])
    assert dump(together) == dump(apart)  # records, warnings, failed questions and the call log, in order
    assert together.result.failed == ["meetings"] and len(together.result.transfers) == 1


def test_a_backend_failure_in_one_record_type_stops_the_article_and_cancels_the_others():
    def answer(messages):
        if record_type_of(messages) == "meetings":
            raise BackendError("the server went away")
        return ANSWERS[record_type_of(messages)]

    backend = Server(answer)

    async def extract_and_look() -> int:
        with pytest.raises(BackendError):
            await Extractor(backend).extract(article())
        return backend.in_flight

    assert asyncio.run(extract_and_look()) == 0  # nothing left asking once the error is out


# --- long articles ------------------------------------------------------------------------

FILLER = [f"Paragraph {i} of background: analysts in the region have followed the programme for years, "
          f"noting delays, budget reviews and the air force's training needs in detail." for i in range(6)]
LONG_TEXT = "\n\n".join([HEADLINE_SALE, *FILLER[:2], AGREEMENT, *FILLER[2:4], MEETING, *FILLER[4:], BODY_SALE])


def answers_for_piece(messages):
    """Only the drafts whose quote is in this piece of the article, as a model would see it."""
    piece = article_in(messages)
    record_type = record_type_of(messages)
    key = {"agreements": "agreements", "transfers": "transfers", "meetings": "meetings"}[record_type]
    drafts = [d for d in ANSWERS[record_type][key] if d["quote"] in piece]
    return {**EMPTY[record_type], key: drafts}


def test_a_long_article_is_split_and_records_from_the_pieces_are_merged():
    backend = FakeBackend(responder=answers_for_piece)
    backend.context_tokens = 120  # about 480 characters a piece
    outcome = extract(backend, article(LONG_TEXT))
    result = outcome.result
    pieces = len(outcome.calls) // 3
    assert pieces >= 3 and len(outcome.calls) == pieces * 3
    assert not any(LONG_TEXT in article_in(r["messages"]) for r in backend.requests)
    assert (len(result.agreements), len(result.transfers), len(result.meetings)) == (1, 1, 1)
    [transfer] = result.transfers
    assert [e.quote for e in transfer.evidence] == [HEADLINE_SALE, BODY_SALE]
    for record in result.records():
        assert record.grounded
        for evidence in record.evidence:  # offsets are in the whole article, not the piece
            assert LONG_TEXT[evidence.start:evidence.end] == evidence.quote


def test_an_article_in_one_block_is_cut_between_sentences_and_loses_no_record():
    # Scraped text often has no paragraph breaks; a block longer than a piece was sent whole.
    backend = FakeBackend(responder=answers_for_piece)
    backend.context_tokens = 120
    block = " ".join(p.strip() for p in LONG_TEXT.split("\n\n"))
    result = extract(backend, article(block)).result
    pieces = [article_in(r["messages"]).split('"""')[1].strip() for r in backend.requests]
    assert len(pieces) >= 9 and max(len(p) // 4 for p in pieces) <= 120
    assert (len(result.agreements), len(result.transfers), len(result.meetings)) == (1, 1, 1)
    for record in result.records():
        assert all(block[e.start:e.end] == e.quote for e in record.evidence)


def test_a_sentence_longer_than_a_piece_is_cut_between_words_and_keeps_every_word_in_order():
    sentence = " ".join(f"item{i}" for i in range(400))  # no full stop: one sentence of 2,689 characters
    pieces = split_article("Lead paragraph.\n\n" + sentence, 100, lambda text: len(text) // 4)
    assert max(len(p) // 4 for p in pieces) <= 100
    assert " ".join(" ".join(pieces).split()) == "Lead paragraph. " + sentence


def test_with_a_small_context_window_every_request_and_its_answer_fit_in_it():
    # A local model's context holds the system message, the piece, the task and the answer
    # together; pieces cut by the article cap alone left a long article's requests too long.
    backend = FakeBackend(responder=answers_for_piece)
    extractor = Extractor(backend)
    frame = max(len("\n".join(m["content"] for m in extractor.prompts.messages(article(""), task, text="",
                                                                           sentence="", system=""))) // 4
                for task in ("agreements", "transfers", "meetings", "agreement_item", "transfer_item"))
    backend.context_window = frame + 700 + _QUESTION_ROOM + 260  # room for about 1,000 characters of article
    text = "\n\n".join([LONG_TEXT, *FILLER, *FILLER])  # about 900 tokens
    outcome = asyncio.run(extractor.extract(article(text)))
    assert len(backend.requests) > 3  # split into pieces
    for request in backend.requests:
        prompt = sum(len(m["content"]) for m in request["messages"]) // 4
        assert prompt + request["max_tokens"] <= backend.context_window
    assert (len(outcome.result.agreements), len(outcome.result.transfers), len(outcome.result.meetings)) == (1, 1, 1)


def test_a_context_too_small_for_the_prompts_is_a_clear_configuration_error():
    backend = FakeBackend(responder=answers_for_piece)
    backend.context_window = 1024
    with pytest.raises(ConfigError, match="context of 1024 tokens leaves no room for an article"):
        extract(backend, article(LONG_TEXT))


def test_a_request_longer_than_the_context_fails_that_question_not_the_article_or_the_run():
    backend = FakeBackend(responder=answers_for_piece, max_retries=0)
    backend.enqueue(PromptTooLong("a request of 4098 tokens does not fit the model's context of 4096 tokens"))
    result = extract(backend, article(LONG_TEXT), ExtractOptions(second_pass=())).result
    assert result.status == "partial" and result.failed == ["agreements"]
    assert any("does not fit the model's context" in w for w in result.warnings)
    assert len(result.transfers) == 1 and len(result.meetings) == 1


# --- many articles ------------------------------------------------------------------------

def run_many(extractor: Extractor, items, concurrency: int = 4):
    outcomes: list[ArticleOutcome] = []
    problems: list[InputProblem] = []

    async def go():
        await extractor.extract_many(items, outcomes.append, problems.append, concurrency=concurrency)

    return outcomes, problems, go


def test_extract_many_reports_an_input_problem_and_hands_over_every_other_article():
    problem = InputProblem("missing.txt", InputError("no such file or folder", source="missing.txt"))
    items = [article(id="first"), problem, article(id="second")]
    outcomes, problems, go = run_many(Extractor(answering(ANSWERS)), items)
    asyncio.run(go())
    assert problems == [problem]
    assert sorted(o.result.article.id for o in outcomes) == ["first", "second"]
    assert all(len(o.result.transfers) == 1 for o in outcomes)


class SlowFakeBackend(FakeBackend):
    """A fake that takes a moment per call, as a server does, so other articles are in flight."""

    async def create(self, **kwargs):
        await asyncio.sleep(0.01)
        return await super().create(**kwargs)


def test_a_backend_error_stops_the_run_after_finished_articles_were_handed_over():
    def responder(messages):
        if "SECOND ARTICLE" in article_in(messages):
            raise BackendError("cannot connect: backend http://127.0.0.1:9/v1 unreachable after 5 attempts")
        return ANSWERS[record_type_of(messages)]

    items = [article(id="first"), article(TEXT + "\nSECOND ARTICLE", id="second"),
             article(TEXT + "\nTHIRD ARTICLE", id="third")]
    outcomes, problems, go = run_many(Extractor(SlowFakeBackend(responder=responder)), items, concurrency=1)
    with pytest.raises(BackendError, match="unreachable"):
        asyncio.run(go())
    assert [o.result.article.id for o in outcomes] == ["first"]
    assert len(outcomes[0].result.transfers) == 1


def test_skip_leaves_an_article_out():
    items = [article(id="first"), article(id="second")]
    outcomes: list[ArticleOutcome] = []
    extractor = Extractor(answering(ANSWERS))
    asyncio.run(extractor.extract_many(items, outcomes.append, lambda p: None,
                                       skip=lambda a: a.id == "first"))
    assert [o.result.article.id for o in outcomes] == ["second"]


# --- second pass: systems listed without a transfer ----------------------------------------

TWO_SYSTEMS = ("Vietnam has ordered 12 Yak-130 trainer aircraft from Russia for USD350 million. "
               "Russia has also delivered two Gepard-class frigates to Vietnam, the ministry said.")


def test_a_system_listed_without_its_transfer_gets_its_own_call():
    asked: list[str] = []

    def respond(messages):
        task = messages[-1]["content"].splitlines()[-1]
        if task.startswith('TASK: transfers of "'):
            asked.append(task.split('"')[1])
            return {"transfers": [sale("Russia has also delivered two Gepard-class frigates", system="Gepard-class frigates",
                                       category="ships", quantity=2, value=None, status="delivered")]}
        if record_type_of(messages) == "transfers":
            return {"systems": ["Yak-130", "Gepard-class frigates", "Kilo-class submarines"],
                    "transfers": [sale("Vietnam has ordered 12 Yak-130 trainer aircraft")]}
        return EMPTY[record_type_of(messages)]

    outcome = extract(FakeBackend(responder=respond), article(TWO_SYSTEMS))
    assert asked == ["Gepard-class frigates"]  # the Kilo-class is not in the article: not asked about
    systems = {t.system: (t.status, t.quantity) for t in outcome.result.transfers}
    assert systems == {"Yak-130": ("ordered", 12), "Gepard-class frigates": ("delivered", 2)}


THREE_SYSTEMS = ("Vietnam has ordered 12 Yak-130 trainer aircraft from Russia. Russia has also delivered two "
                 "Gepard-class frigates, four Kilo-class submarines and 64 T-90S tanks to Vietnam, the ministry said.")


class SlowFirstServer(Server):
    """Second-pass answers arrive last-asked first (the first system's takes longest); counts the
    second-pass questions it holds at once."""

    items = most_items = 0

    async def create(self, **kwargs):
        task = kwargs["messages"][-1]["content"].splitlines()[-1]
        if not task.startswith('TASK: transfers of "'):
            return await super().create(**kwargs)
        self.items += 1
        self.most_items = max(self.most_items, self.items)
        try:
            await asyncio.sleep({"Gepard": 0.03, "Kilo": 0.02}.get(task.split('"')[1].split("-")[0], 0.0))
            return await super().create(**kwargs)
        finally:
            self.items -= 1


def test_a_record_types_second_pass_questions_are_asked_side_by_side_and_come_out_in_order():
    def respond(messages):
        task = messages[-1]["content"].splitlines()[-1]
        if task.startswith('TASK: transfers of "'):
            system = task.split('"')[1]
            sentence = "Russia has also delivered two Gepard-class frigates"
            return {"transfers": [sale(sentence, system=system, category="ships", quantity=None, value=None,
                                       status="delivered")]}
        if record_type_of(messages) == "transfers":
            return {"systems": ["Yak-130", "Gepard-class frigates", "Kilo-class submarines", "T-90S tanks"],
                    "transfers": [sale("Vietnam has ordered 12 Yak-130 trainer aircraft")]}
        return EMPTY[record_type_of(messages)]

    side_by_side, in_turn = SlowFirstServer(respond), SlowFirstServer(respond, concurrent=False)
    together, apart = extract(side_by_side, article(THREE_SYSTEMS)), extract(in_turn, article(THREE_SYSTEMS))
    asked = [c.request["messages"][-1]["content"].splitlines()[-1].split('"')[1] for c in together.calls
             if 'TASK: transfers of "' in c.request["messages"][-1]["content"]]
    assert asked == ["Gepard-class frigates", "Kilo-class submarines", "T-90S tanks"]  # the call log in asking order
    assert side_by_side.most_items == 3 and in_turn.most_items == 1  # the three at once
    dump = lambda outcome: (outcome.result.model_dump(exclude={"provenance"}),
                            [(c.request, c.response_text) for c in outcome.calls])
    assert dump(together) == dump(apart)
    assert len(together.result.transfers) == 4


def test_no_second_pass_asks_only_once_per_record_type():
    backend = FakeBackend(responder=lambda m: {"systems": ["Yak-130", "Gepard-class frigates"],
                                              "transfers": [sale("Vietnam has ordered 12 Yak-130 trainer aircraft")]}
                          if record_type_of(m) == "transfers" else EMPTY[record_type_of(m)])
    outcome = extract(backend, article(TWO_SYSTEMS), ExtractOptions(second_pass=()))
    assert len(backend.requests) == 3 and [t.system for t in outcome.result.transfers] == ["Yak-130"]


def test_a_sentence_where_officials_meet_that_no_meeting_rests_on_gets_its_own_call():
    text = (f"{MEETING} Vietnam's Prime Minister Pham Minh Chinh will visit Moscow next month "
            "to meet President Vladimir Putin.")
    asked: list[str] = []

    def respond(messages):
        task = messages[-1]["content"].splitlines()[-1]
        if task.startswith("TASK: meetings in one sentence"):
            asked.append(task)
            return {"meetings": [{"quote": "Vietnam's Prime Minister Pham Minh Chinh will visit Moscow", "kind": "visit",
                                  "status": "planned", "city": "Moscow", "countries": ["Vietnam", "Russia"],
                                  "participants": [{"name": "Pham Minh Chinh", "country": "Vietnam"},
                                                   {"name": "Vladimir Putin", "country": "Russia"}]}]}
        return {"meetings": [MEETING_DRAFT]} if record_type_of(messages) == "meetings" else EMPTY[record_type_of(messages)]

    outcome = extract(FakeBackend(responder=respond), article(text))
    assert len(asked) == 1 and "Pham Minh Chinh will visit Moscow" in asked[0]  # the reported meeting is not asked again
    assert sorted((m.kind, m.status) for m in outcome.result.meetings) == [("talks", "held"), ("visit", "planned")]


def test_designations_in_a_sales_sentence_the_answer_left_out_get_the_second_pass():
    from extractor.run.followups import listed_but_missing
    from extractor.asking.answers import TransfersAnswer

    text = ("Russian sales to Vietnam have included Kilo-class submarines, Gepard-class frigates and T-90S/SK tanks. "
            "Vietnam ordered 12 Yak-130 trainers for USD350 million. Analysts mention the F-35. "
            "Kenya will receive eight MD-500 helicopters.")
    answer = TransfersAnswer.model_validate({"systems": ["Yak-130", "telecommunications"], "transfers": [sale(
        "Vietnam ordered 12 Yak-130 trainers")]})
    assert listed_but_missing(answer, text) == ["Kilo-class", "Gepard-class", "T-90S/SK", "MD-500"]


def test_a_name_with_its_version_is_asked_about_and_a_designation_the_rules_give_an_entry_is_not():
    from extractor.run.followups import listed_but_missing
    from extractor.asking.answers import TransfersAnswer

    text = ("Croatia signed a contract with Saab for Giraffe 1X radars. In November 2021 it signed a contract with "
            "France for 12 second-hand Rafale F3R multirole fighters.")
    answer = TransfersAnswer.model_validate({"systems": ["Saab radars"], "transfers": [{
        "quote": "Croatia signed a contract with Saab for Giraffe 1X radars", "system": "Saab radars",
        "category": "sensors", "supplier": "Saab", "recipient": "Croatia", "status": "ordered"}]})
    # "Saab radars" is what the rules call "Giraffe 1X radars": only the Rafale is asked about
    assert listed_but_missing(answer, text) == ["Rafale F3R"]


def test_a_change_to_the_code_changes_the_cache_key(monkeypatch):
    from extractor.run import article as pipeline
    from extractor.run.batch import article_cache_key

    extractor = Extractor(answering(ANSWERS))
    before = article_cache_key(extractor, article())
    monkeypatch.setattr(pipeline, "code_digest", lambda: "another-build")
    assert article_cache_key(extractor, article()) != before


def test_a_sentence_signing_an_instrument_that_no_agreement_rests_on_gets_its_own_call():
    first = "Vietnam and India signed a memorandum of understanding on defence industry cooperation on Friday."
    second = "The two sides also concluded a letter of intent on joint production of patrol boats."
    civil = "Separately, Vietnam signed a contract with Airbus for ten A321 airliners."
    asked: list[str] = []

    def respond(messages):
        task = messages[-1]["content"].splitlines()[-1]
        if task.startswith("TASK: agreements in one sentence"):
            asked.append(task)
            return {"agreements": [{"quote": "The two sides also concluded a letter of intent", "kind": "letter_of_intent",
                                    "status": "signed", "parties": ["Vietnam", "India"]}]}
        if record_type_of(messages) == "agreements":
            return {"agreements": [{"quote": "Vietnam and India signed a memorandum of understanding", "kind": "mou",
                                    "status": "signed", "parties": ["Vietnam", "India"]}]}
        return EMPTY[record_type_of(messages)]

    outcome = extract(FakeBackend(responder=respond), article(f"{first} {second} {civil}"))
    # the MoU's own sentence and the airliner deal are not asked about
    assert len(asked) == 1 and "letter of intent on joint production" in asked[0]
    assert sorted(a.kind for a in outcome.result.agreements) == ["letter_of_intent", "mou"]
    without = extract(FakeBackend(responder=respond), article(f"{first} {second}"), ExtractOptions(second_pass=()))
    assert [a.kind for a in without.result.agreements] == ["mou"]


def test_what_a_sentences_own_call_answers_and_the_rules_drop_is_a_warning():
    first = "Vietnam and India signed a memorandum of understanding on defence industry cooperation on Friday."
    second = "The two sides also concluded a letter of intent on joint production of patrol boats."

    def respond(messages):
        if messages[-1]["content"].splitlines()[-1].startswith("TASK: agreements in one sentence"):
            # the model's instrument is one the article does not name: the rules drop it
            return {"agreements": [{"quote": "a sentence the article does not hold", "kind": "treaty",
                                    "status": "signed", "parties": ["Laos", "Cambodia"]}]}
        if record_type_of(messages) == "agreements":
            return {"agreements": [{"quote": "Vietnam and India signed a memorandum of understanding", "kind": "mou",
                                    "status": "signed", "parties": ["Vietnam", "India"]}]}
        return EMPTY[record_type_of(messages)]

    outcome = extract(FakeBackend(responder=respond), article(f"{first} {second}"))
    assert [a.kind for a in outcome.result.agreements] == ["mou"]
    assert any(w.startswith("agreements: dropped agreement whose quote is not in the article") for w in
               outcome.result.warnings), outcome.result.warnings


# --- stages of one order ------------------------------------------------------------------

@pytest.mark.parametrize("sentence, ordered, delivered", [
    ("South Korea's Hanwha said Poland ordered 24 K9 howitzers in 2020, the first six of which were "
     "handed over in March 2021.", 24, (6, "2021-03")),
    ("Poland signed for 48 K9 howitzers with South Korea's Hanwha and has received the first ten.", 48, (10, None)),
    ("Poland ordered 36 K9 howitzers from South Korea's Hanwha, 12 of which have already been delivered.",
     36, (12, None)),
])
def test_a_first_delivery_its_orders_sentence_counts_apart_is_a_record_of_its_own(sentence, ordered, delivered):
    answers = {**EMPTY, "transfers": {"systems": ["K9"], "transfers": [
        sale(sentence, system="K9 howitzers", category="artillery", supplier="Hanwha", recipient="Poland",
             quantity=None, value=None, status="ordered", date=None)]}}
    result = extract(answering(answers), article(text=f"Poland buys howitzers\n\n{sentence}\n")).result
    by_status = {t.status: t for t in result.transfers}
    assert set(by_status) == {"ordered", "delivered"}
    assert by_status["ordered"].quantity == ordered
    assert (by_status["delivered"].quantity, by_status["delivered"].date) == delivered
    assert by_status["delivered"].evidence == by_status["ordered"].evidence  # the same sentence, the same offsets


@pytest.mark.parametrize("sentence", [
    "Poland ordered 24 K9 howitzers from South Korea's Hanwha in 2020.",  # no delivery counted apart
    "Poland ordered 24 K9 howitzers from South Korea's Hanwha; the first 24 were delivered in 2021.",  # all of them
    # a delivery still to come is no stage yet
    "Poland ordered 24 K9 howitzers from South Korea's Hanwha in 2020, the first six of which will be delivered in 2026.",
])
def test_an_order_whose_sentence_counts_no_first_delivery_apart_stays_one_record(sentence):
    answers = {**EMPTY, "transfers": {"systems": ["K9"], "transfers": [
        sale(sentence, system="K9 howitzers", category="artillery", supplier="Hanwha", recipient="Poland",
             quantity=None, value=None, status="ordered", date=None)]}}
    result = extract(answering(answers), article(text=f"Poland buys howitzers\n\n{sentence}\n")).result
    assert len(result.transfers) == 1


def test_a_delivery_of_the_first_few_of_an_order_gives_the_order_its_own_record():
    sentence = "Boeing on Saturday delivered the first four of the 22 Apache attack helicopters to India."
    answers = {**EMPTY, "transfers": {"systems": ["Apache"], "transfers": [
        sale(sentence, system="AH-64E Apache", category="aircraft", supplier="Boeing", recipient="India",
             quantity=None, value=None, status="delivered", date="on Saturday")]}}
    result = extract(answering(answers), article(text=f"Apaches arrive\n\n{sentence}\n")).result
    assert sorted((t.status, t.quantity, t.date) for t in result.transfers) == [
        ("delivered", 4, "2021-11-27"), ("ordered", 22, None)]



def test_a_delivery_gets_the_order_another_sentence_reports_with_its_count_price_and_date():
    delivery = "The Argentine Air Force received its first four M-346 trainers from Italy's Leonardo on Wednesday."
    order = "The aircraft are part of an order for 12 M-346s that Argentina signed with Leonardo in June 2021 " \
            "for €410 million."
    answers = {**EMPTY, "transfers": {"systems": ["M-346"], "transfers": [
        sale(delivery, system="M-346", category="aircraft", supplier="Leonardo", recipient="Argentine Air Force",
             quantity=None, value=None, status="delivered", date="on Wednesday")]}}
    result = extract(answering(answers), article(text=f"Argentina gets trainers\n\n{delivery} {order}\n")).result
    by_status = {t.status: t for t in result.transfers}
    assert (by_status["delivered"].quantity, by_status["delivered"].date) == (4, "2021-12-01")
    ordered = by_status["ordered"]
    assert (ordered.quantity, ordered.date, ordered.value.amount, ordered.value.currency) == (
        12, "2021-06", 410_000_000, "EUR")
    # code chose that sentence, not the model: its evidence says so, with offsets into the text
    [evidence] = ordered.evidence
    assert (evidence.quote, evidence.match) == (order, "reanchored")
    # and the order's sentence reports a contract
    assert [(a.kind, a.date) for a in result.agreements] == [("contract", "2021-06")]


@pytest.mark.parametrize("clearance, approved", [
    ("The Defence Acquisition Council had cleared the purchase in May.", [("approved", "2021-05")]),
    # a clearance of another weapon, or one still hoped for, is not this order's
    ("The council had cleared the purchase of 12 Heron drones in May.", []),
    ("The council could clear the purchase in May, officials said.", []),
])
def test_the_one_ordered_system_gets_the_clearance_another_sentence_points_back_to(clearance, approved):
    order = "India signed a contract with Israel's Rafael for Spike NLOS anti-tank missiles on Wednesday."
    answers = {**EMPTY, "transfers": {"systems": ["Spike NLOS"], "transfers": [
        sale(order, system="Spike NLOS", category="missiles", supplier="Rafael", recipient="India",
             quantity=None, value=None, status="ordered", date="on Wednesday")]}}
    result = extract(answering(answers), article(text=f"India buys missiles\n\n{order} {clearance}\n")).result
    assert [(t.status, t.date) for t in result.transfers if t.status != "ordered"] == approved
    for t in result.transfers:
        if t.status == "approved":  # resting on the sentence code chose, and saying so
            assert (t.evidence[0].quote, t.evidence[0].match) == (clearance, "reanchored")


def test_an_order_told_elsewhere_that_the_contract_rejects_is_no_record_and_no_crash():
    # the order's sentence gives a price of nothing: no order record, and the article is complete
    delivery = "The Argentine Air Force received its first four M-346 trainers from Italy's Leonardo on Wednesday."
    order = "They are part of an order for 12 M-346s that Argentina signed with Leonardo in June 2021 for $0 million."
    answers = {**EMPTY, "transfers": {"systems": ["M-346"], "transfers": [
        sale(delivery, system="M-346", category="aircraft", supplier="Leonardo", recipient="Argentine Air Force",
             quantity=None, value=None, status="delivered", date="on Wednesday")]}}
    result = extract(answering(answers), article(text=f"Argentina gets trainers\n\n{delivery} {order}\n")).result
    assert result.status == "complete"
    assert [t.status for t in result.transfers] == ["delivered"]
