"""The data contract as Pydantic models. Pure: no disk, network or CLI imports."""

from extractor.contract.records import (
    RECORD_TYPES, SCHEMA_VERSION, Actor, Agreement, ArmsTransfer, ArticleMeta, ArticleRecords,
    ArticleResult, ArticleStatus, Location, Meeting, Person, Provenance, Record, Usage,
)
from extractor.contract.partial_dates import PartialDate, date_filter, parse_partial_date
from extractor.contract.scalars import Country, Evidence, EvidenceMatch, Money, country_code, joined_initials, parse_money

__all__ = [
    "RECORD_TYPES", "SCHEMA_VERSION", "Actor", "Agreement", "ArmsTransfer", "ArticleMeta", "ArticleRecords",
    "ArticleResult", "ArticleStatus", "Country", "Evidence", "EvidenceMatch", "Location", "Meeting", "Money", "PartialDate", "Person",
    "Provenance", "Record", "Usage", "country_code", "date_filter", "joined_initials", "parse_money", "parse_partial_date",
]
