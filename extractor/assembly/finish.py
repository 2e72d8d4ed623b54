"""An article's records once every answer is in (of every piece of a long article): duplicates
merged (a headline's record into the body's that tells it too), the contracts that transfers' sentences
report, the dates, counts, prices and cancellations other sentences give, and the stages of an order the
article counts apart.
"""

from __future__ import annotations

import datetime as dt

from extractor.assembly.agreements import implied_contracts
from extractor.assembly.build import counted_elsewhere
from extractor.assembly.earlier_orders import delivered_first, earlier_orders, ordered_next
from extractor.assembly.instrument_names import signed_beside
from extractor.assembly.meetings import dated_by_sidelines, dated_by_signing
from extractor.assembly.merge import merge_records, referred_back, restated_in_body
from extractor.assembly.news_dates import dated_alongside, dated_by_news, dated_by_year
from extractor.assembly.prices import priced_elsewhere
from extractor.assembly.signers import signed_by_the_same
from extractor.assembly.stages import (
    awaited, cancelled_elsewhere, cleared_elsewhere, optioned, ordered_elsewhere, staged,
)
from extractor.contract import Record


def finish(records: dict[str, list[Record]], text: str, published: dt.date | None) -> dict[str, list[Record]]:
    transfers = restated_in_body(merge_records(records["transfers"]), text)
    # a contract a transfer's sentence reports is an agreement too (merged with the model's own); read
    # before the news date fills undated transfers: the contract keeps the date its sentence gives
    contracts = implied_contracts(transfers, text, published)
    transfers = priced_elsewhere(counted_elsewhere(dated_by_news(transfers, text, published), text), text)
    transfers = cancelled_elsewhere(transfers, text, published)  # a purchase another sentence calls off
    # then the stages: an earlier order another sentence reports beside a delivery, a clearance another
    # sentence reports of the one system ordered, an option for more, and an order and its first delivery one sentence counts
    # apart (after the news date: none of them is the news)
    transfers = awaited(transfers, text, published)  # a delivery to come is the order another sentence reports
    orders = ordered_elsewhere(transfers, text, published)
    orders += earlier_orders(transfers, text, published)  # an earlier order of a system ordered now
    orders += ordered_next(transfers + orders, text, published)  # "The two vessels were ordered in 2023 ..."
    orders += delivered_first(transfers + orders, text, published)  # "The first three boats were handed over ..."
    clearances = cleared_elsewhere(transfers + orders, text, published)
    options = optioned(transfers + orders, text)  # an option for more of a system ordered
    contracts += implied_contracts(orders, text, published)
    agreements = signed_beside(merge_records(records["agreements"] + contracts), text)
    agreements = signed_by_the_same(dated_alongside(referred_back(restated_in_body(agreements, text))))
    # last, what the news tells in the present perfect with no date: the publication's year
    return {"agreements": dated_by_year(agreements, published),
            "transfers": dated_by_year(staged(transfers + orders + clearances + options, published), published),
            "meetings": dated_by_signing(dated_by_sidelines(merge_records(records["meetings"])), agreements)}
