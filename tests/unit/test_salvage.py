"""A local answer cut off at the token cap keeps its complete records instead of failing."""

import json

from extractor.backends.salvage import salvage_truncated_json
from extractor.asking.answers import TransfersAnswer


def test_complete_records_survive_a_cut_in_the_next_one():
    text = ('{"systems": ["Su-30MK2", "Yak-130"], "transfers": [{"quote": "Russia delivered six Su-30MK2.", '
            '"system": "Su-30MK2", "category": "aircraft", "supplier": "Russia", "recipient": "Vietnam", '
            '"status": "delivered"}, {"quote": "The Yak-1')
    salvaged = json.loads(salvage_truncated_json(text))
    answer = TransfersAnswer.model_validate(salvaged)
    assert [t.system for t in answer.transfers] == ["Su-30MK2"]
    assert answer.systems == ["Su-30MK2", "Yak-130"]


def test_a_half_written_nested_record_is_dropped_whole():
    text = ('{"meetings": [{"quote": "x", "participants": [{"name": "A"}]}, {"quote": "y", "participants": '
            '[{"name": "B"}, {"na')
    assert json.loads(salvage_truncated_json(text)) == {"meetings": [{"quote": "x", "participants": [{"name": "A"}]}]}


def test_an_answer_cut_before_its_first_record_was_complete_cannot_be_salvaged():
    # an empty answer would say "no meetings" while the model was writing one
    assert salvage_truncated_json('{"meetings": [{"quote": "x", "participants": [{"name": "A"}, {"na') is None
    assert salvage_truncated_json('{"systems": ["Yak-130", "Su-3') is None


def test_text_that_never_opened_a_list_cannot_be_salvaged():
    assert salvage_truncated_json('{"meet') is None


def test_complete_json_is_returned_as_is():
    assert salvage_truncated_json('{"meetings": []}') == '{"meetings": []}'
