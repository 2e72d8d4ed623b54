"""The real embedded model, end to end, on one seed article (slow: about a minute on 2 cores)."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.backends.model_files import DEFAULT_MODEL, REGISTRY, part_files
from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.asking.answers import ANSWERS
from extractor.errors import ModelFileError

ARTICLE = Path(__file__).parents[2] / "evals" / "articles" / "004_775ff2cc940c0187.txt"


def _model_installed() -> bool:
    if importlib.util.find_spec("llama_cpp") is None:
        return False
    try:
        part_files(REGISTRY[DEFAULT_MODEL])
    except ModelFileError:
        return False
    return True


pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not _model_installed(), reason="needs the local extra: pip install '.[local]'")]


def test_default_model_extracts_grounded_records_with_provenance(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "store.db"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["run", str(ARTICLE), "--published", "2021-12-02", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    [line] = out.read_text().splitlines()
    article = ArticleResult.model_validate_json(line)
    text = ARTICLE.read_text()
    records = article.agreements + article.transfers + article.meetings
    grounded = [r for r in records if r.grounded]
    assert grounded, f"no grounded record: {line}"
    for record in grounded:
        for evidence in record.evidence:
            assert text[evidence.start:evidence.end].strip(), evidence
    provenance = article.provenance
    assert provenance.backend == "local"
    assert provenance.model == DEFAULT_MODEL
    assert provenance.model_digest == REGISTRY[DEFAULT_MODEL].sha256
    assert provenance.usage.completion_tokens > 0


def test_schema_reaches_llama_cpp_first_answer_parses(tmp_path):
    """Grammar-constrained decoding: the very first raw completion already fits the schema."""
    import asyncio

    from extractor.backends.choice import BackendOptions, make_backend
    from extractor.inputs import read_articles
    from extractor.asking.prompts import load_prompts

    backend = make_backend(BackendOptions())
    article = next(iter(read_articles([str(ARTICLE)])))
    messages = load_prompts().messages(article, "transfers")
    completion = asyncio.run(backend.complete(messages, ANSWERS["transfers"], max_tokens=400))
    first = completion.calls[0].response_text
    ANSWERS["transfers"].model_validate(json.loads(first))
    backend.quote_chars = 40  # a cap on quotes (off by default): the grammar closes them
    capped = asyncio.run(backend.complete(messages, ANSWERS["transfers"], max_tokens=400)).answer
    assert capped.transfers and all(len(t.quote) <= 40 for t in capped.transfers)


def test_fast_greedy_decoder_answers_as_llama_cpp_does():
    """The decoder (grammar asked about the best token only, prompt-lookup drafts) gives the
    tokens llama.cpp's own grammar-constrained greedy sampling gives, with drafts kept."""
    from extractor.backends import decoding
    from extractor.backends.choice import BackendOptions, make_backend
    from extractor.inputs import read_articles
    from extractor.asking.prompts import load_prompts

    llama = make_backend(BackendOptions()).llama
    assert decoding.supports(llama)
    article = next(iter(read_articles([str(ARTICLE)])))
    messages = load_prompts().messages(article, "transfers")  # the answer quotes the article
    schema = ANSWERS["transfers"].model_json_schema()
    raw = llama.create_chat_completion(messages=messages, response_format={"type": "json_object", "schema": schema},
                                       temperature=0.0, max_tokens=48, seed=0)
    expected = raw["choices"][0]["message"]["content"]
    one_by_one = decoding.GreedyDecoder(llama, draft_tokens=0).complete(messages, schema, 48)
    assert one_by_one.text == expected  # the same kernels: the very same tokens
    assert one_by_one.completion_tokens == raw["usage"]["completion_tokens"]
    assert one_by_one.finish_reason == raw["choices"][0]["finish_reason"]
    drafted = decoding.GreedyDecoder(llama, draft_tokens=6).complete(messages, schema, 48)
    assert '"quote": "' in expected and drafted.accepted > 0  # a quote copies the article: drafts kept
    # Batches may round differently from single tokens; the answer stays the model's greedy one.
    common = len(os.path.commonprefix([drafted.text, expected]))
    assert drafted.text == expected or common >= 0.8 * len(expected), (drafted.text, expected)


def test_a_new_process_loads_the_system_message_state_an_earlier_one_saved(tmp_path, monkeypatch):
    """The shared prompt's state is saved by the first model and loaded by the next (a new
    process's), which then answers byte for byte as the first did; a cut state file is ignored."""
    import asyncio

    from extractor.asking.prompts import load_prompts
    from extractor.backends import local, warm_start
    from extractor.backends.model_files import resolve_model
    from extractor.inputs import read_articles

    monkeypatch.setattr(local, "cache_dir", lambda: tmp_path)
    outcomes = []
    real_warm = warm_start.warm
    monkeypatch.setattr(warm_start, "warm", lambda *a: outcomes.append(real_warm(*a)) or outcomes[-1])
    article = next(iter(read_articles([str(ARTICLE)])))
    messages = load_prompts().messages(article, "meetings")

    def fresh_answer() -> str:
        monkeypatch.setattr(local, "_LOADED", {})  # what a new process has: no model, an empty KV cache
        backend = local.LocalBackend(resolve_model(DEFAULT_MODEL))
        return asyncio.run(backend.complete(messages, ANSWERS["meetings"], max_tokens=40)).calls[0].response_text

    first = fresh_answer()
    [state] = (tmp_path / "prompt-states").glob("*.kv")
    assert fresh_answer() == first
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])
    assert fresh_answer() == first
    assert outcomes == ["saved", "loaded", "saved"]


def test_questions_decoded_together_fit_their_schemas_and_leave_the_cache_as_one_question_expects():
    """An article's record types decoded in one batch (one llama.cpp sequence each): every answer
    fits its schema, the same question twice gets the same answer twice, and a question asked alone
    after the batch gets the answer it got alone before it (the batch leaves only the shared prefix
    in the cache, and says so)."""
    from extractor.asking.prompts import load_prompts
    from extractor.backends import decoding
    from extractor.backends.batch_decoding import BatchDecoder, Job
    from extractor.backends.choice import BackendOptions, make_backend
    from extractor.inputs import read_articles

    llama = make_backend(BackendOptions()).llama
    article = next(iter(read_articles([str(ARTICLE)])))
    prompts = load_prompts()
    types = ["agreements", "transfers", "meetings", "transfers"]
    jobs = [Job(prompts.messages(article, t), ANSWERS[t].model_json_schema(), 400) for t in types]
    alone = decoding.GreedyDecoder(llama, draft_tokens=3)
    alone.complete(jobs[0].messages, jobs[0].schema, 8)  # the cache holds the article, as in a run
    before = alone.complete(jobs[2].messages, jobs[2].schema, 60).text
    together = BatchDecoder(llama, draft_tokens=3).complete(jobs)
    assert together is not None
    for record_type, answer in zip(types, together):
        assert answer.finish_reason == "stop", answer
        ANSWERS[record_type].model_validate_json(answer.text)
    assert together[1].text == together[3].text
    assert alone.complete(jobs[2].messages, jobs[2].schema, 60).text == before


def test_a_second_look_answers_one_of_the_openings_shown_and_a_question_without_grammar_fails_alone(monkeypatch):
    """Asked to pick a sentence, the model writes one of the openings its answer schema lists, as
    written (typographic quotes and all). A question whose schema llama.cpp cannot parse as a grammar
    fails alone, with its reason: the questions decoded beside it are answered."""
    from extractor.asking.answers import QuoteAnswer, quote_choice
    from extractor.asking.prompts import load_prompts
    from extractor.backends import decoding
    from extractor.backends.batch_decoding import BatchDecoder, Job
    from extractor.backends.choice import BackendOptions, make_backend
    from extractor.errors import QuestionRefused
    from extractor.inputs import read_articles
    from extractor.run.followups import openings

    llama = make_backend(BackendOptions()).llama
    article = next(iter(read_articles([str(ARTICLE)])))
    shown = [s for s in article.text.split("\n") if s.strip()][:3]
    choices = openings(shown)
    prompts = load_prompts()
    ask = prompts.messages(article, "quote", text=article.text, record="the agreement Vietnam and Russia signed",
                           sentences="\n".join(f'- "{s[:160]}"' for s in shown))
    broken = QuoteAnswer.model_json_schema()
    real_grammar_text = decoding.grammar_text
    monkeypatch.setattr(decoding, "grammar_text",
                        lambda schema_json: "root ::= (" if schema_json == json.dumps(broken) else real_grammar_text(schema_json))
    picked, refused = BatchDecoder(llama, draft_tokens=3).complete(
        [Job(ask, quote_choice(choices).model_json_schema(), 80), Job(ask, broken, 80)])
    assert json.loads(picked.text)["quote"] in choices
    assert isinstance(refused, QuestionRefused) and "grammar" in refused.message
