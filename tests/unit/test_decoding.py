"""The greedy decoder's prompt-lookup drafts (numpy only; the decoding itself is checked
against llama.cpp in tests/e2e)."""

from __future__ import annotations

import numpy as np
import pytest


from extractor.backends.decoding import GreedyDecoder


def _draft(context, draft_tokens=4, ngram=3):
    return GreedyDecoder(llama=None, draft_tokens=draft_tokens, ngram=ngram)._draft(np.asarray(context, dtype=np.intc))


def test_draft_continues_the_latest_earlier_occurrence_of_the_last_ngram():
    # ... 1 2 3 [4 5 6 7] ... 1 2 3 [8 9] ... 1 2 3  -> the latest earlier match wins
    context = [1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 8, 9, 0, 1, 2, 3]
    assert _draft(context) == [8, 9, 0, 1]


def test_no_draft_without_a_full_ngram_match_or_when_drafting_is_off():
    assert _draft([5, 6, 7, 1, 2, 9, 1, 2]) == []  # only a 2-gram repeats
    assert _draft([1, 2, 3, 4, 1, 2, 3], draft_tokens=0) == []
    assert _draft([1, 2]) == []


def test_draft_is_cut_at_the_draft_length():
    context = list(range(20)) + [0, 1, 2]
    assert _draft(context, draft_tokens=5) == [3, 4, 5, 6, 7]


def test_quotes_are_held_to_the_cap_in_every_answer_schema_and_nothing_else_changes():
    from extractor.asking.answers import AgreementsAnswer, MeetingsAnswer, TransfersAnswer
    from extractor.backends.decoding import capped_quotes

    for answer in (AgreementsAnswer, TransfersAnswer, MeetingsAnswer):
        schema = answer.model_json_schema()
        capped = capped_quotes(schema, 80)
        drafts = [d for d in capped["$defs"].values() if "quote" in d.get("properties", {})]
        assert drafts and all(d["properties"]["quote"]["maxLength"] == 80 for d in drafts)
        for name, draft in capped["$defs"].items():  # every other property as it was
            others = {k: v for k, v in draft.get("properties", {}).items() if k != "quote"}
            assert others == {k: v for k, v in schema["$defs"][name].get("properties", {}).items() if k != "quote"}
        assert schema["$defs"] != capped["$defs"]  # the answer model's own schema is not modified
    assert capped_quotes({"properties": {"quote": {"type": "string", "maxLength": 40}}}, 80)[
        "properties"]["quote"]["maxLength"] == 40  # a tighter cap stays


def test_a_saved_prompt_state_belongs_to_one_prompt_model_and_build():
    from extractor.backends.decoding import shared_length
    from extractor.backends.warm_start import state_key

    assert shared_length([1, 2, 3, 4], [1, 2, 5]) == 2
    key = state_key([1, 2, 3], "sha-a", "llama-cpp-python 0.3.36: AVX2", 512)
    assert key == state_key([1, 2, 3], "sha-a", "llama-cpp-python 0.3.36: AVX2", 512)
    others = {state_key([1, 2, 4], "sha-a", "llama-cpp-python 0.3.36: AVX2", 512),
              state_key([1, 2, 3], "sha-b", "llama-cpp-python 0.3.36: AVX2", 512),
              state_key([1, 2, 3], "sha-a", "llama-cpp-python 0.3.36: AVX2 AVX512", 512),
              state_key([1, 2, 3], "sha-a", "llama-cpp-python 0.3.36: AVX2", 256)}
    assert key not in others and len(others) == 4


def test_a_state_that_cannot_be_saved_leaves_the_prompt_evaluated(tmp_path, caplog):
    pytest.importorskip("llama_cpp")
    from extractor.backends.warm_start import warm

    class Model:
        n_tokens = 0
        evaluated: list[int] = []

        def eval(self, tokens):
            self.evaluated = list(tokens)
            self.n_tokens = len(tokens)

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    model = Model()
    assert warm(model, [5, 6, 7], blocked / "states", "k") == "evaluated"
    assert model.evaluated == [5, 6, 7] and "could not keep the prompt state" in caplog.text
    assert warm(model, [5, 6, 7], blocked / "states", "k") == "skipped"  # the cache is no longer empty
