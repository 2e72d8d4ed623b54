"""The data contract as Pydantic models. Pure: no disk, network or CLI imports."""

from extractor.contract.records import (
    RECORD_TYPES, SCHEMA_VERSION, Actor, Agreement, ArmsTransfer, ArticleMeta, ArticleRecords,
    ArticleResult, Location, Meeting, Person, Provenance, Record, Usage,
)
from extractor.contract.scalars import Country, Evidence, Money, PartialDate, country_code, parse_money, parse_partial_date

__all__ = [
    "RECORD_TYPES", "SCHEMA_VERSION", "Actor", "Agreement", "ArmsTransfer", "ArticleMeta", "ArticleRecords",
    "ArticleResult", "Country", "Evidence", "Location", "Meeting", "Money", "PartialDate", "Person",
    "Provenance", "Record", "Usage", "country_code", "parse_money", "parse_partial_date",
]
