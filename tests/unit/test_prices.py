"""A transfer's price stated in another sentence than the order's."""

from __future__ import annotations

import pytest

from extractor.asking.answers import TransfersAnswer
from extractor.assembly.build import assemble
from extractor.assembly.prices import priced_elsewhere


def _transfers(text: str, *entries: dict):
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"category": "aircraft", "supplier": "Embraer", "recipient": "Chile", "status": "ordered", **e}
        for e in entries]})
    return priced_elsewhere(assemble(answer, text, None).records, text)


ORDER = "Chile signed a contract with Embraer for two C-390 transport aircraft on Monday."


@pytest.mark.parametrize("after", [
    "The deal is valued at about $290 million including training and spare parts.",
    "Chile will pay $290 million for the aircraft.",
])
def test_an_order_takes_the_price_the_next_sentence_gives_its_deal(after):
    [t] = _transfers(f"{ORDER} {after}", {"quote": ORDER, "system": "C-390"})
    assert (t.value.amount, t.value.currency) == (290_000_000, "USD")


@pytest.mark.parametrize("after", [
    # another deal, another system, or no price words: no price for the order
    "Brazil signed a separate deal valued at $1 billion last year.",
    "The air force also operates KC-390 tankers bought for $200 million.",
    "The ministry has a budget of $290 million this year.",
])
def test_a_price_of_something_else_is_not_the_orders(after):
    [t] = _transfers(f"{ORDER} {after}", {"quote": ORDER, "system": "C-390"})
    assert t.value is None


def test_the_deal_of_an_article_with_two_systems_prices_neither():
    text = (ORDER + " Chile also ordered six Super Tucano trainers from Embraer. "
            "The deal is valued at about $290 million.")
    records = _transfers(text, {"quote": ORDER, "system": "C-390"},
                         {"quote": "Chile also ordered six Super Tucano trainers", "system": "Super Tucano"})
    assert [t.value for t in records] == [None, None]

