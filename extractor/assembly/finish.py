"""An article's records once every answer is in (of every piece of a long article): duplicates
merged, the contracts that transfers' sentences report, the dates and counts other sentences give,
and the stages of an order the article counts apart.
"""

from __future__ import annotations

import datetime as dt

from extractor.assembly.build import counted_elsewhere, implied_contracts
from extractor.assembly.dates import dated_by_news
from extractor.assembly.merge import merge_records
from extractor.assembly.stages import ordered_elsewhere, staged
from extractor.contract import Record


def finish(records: dict[str, list[Record]], text: str, published: dt.date | None) -> dict[str, list[Record]]:
    transfers = merge_records(records["transfers"])
    # a contract a transfer's sentence reports is an agreement too (merged with the model's own); read
    # before the news date fills undated transfers: the contract keeps the date its sentence gives
    contracts = implied_contracts(transfers)
    transfers = counted_elsewhere(dated_by_news(transfers, text, published), text)
    # then the stages: an earlier order another sentence reports beside a delivery, and an order and its
    # first delivery one sentence counts apart (after the news date: neither order is the news)
    orders = ordered_elsewhere(transfers, text, published)
    return {"agreements": merge_records(records["agreements"] + contracts + implied_contracts(orders)),
            "transfers": staged(transfers + orders, published),
            "meetings": merge_records(records["meetings"])}
