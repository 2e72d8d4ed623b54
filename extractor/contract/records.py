"""Records of the data contract v1: Agreement, ArmsTransfer, Meeting and one article's result.

Field names and vocabularies are the contract (``shared/data-contract.md``); change them
only with a version bump.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from extractor.contract.partial_dates import PartialDate
from extractor.contract.scalars import Country, CountryOrNull, Evidence, MoneyField

SCHEMA_VERSION = "1"

ActorKind = Literal["state", "government", "military", "company", "organization"]
AgreementKind = Literal["mou", "agreement", "contract", "treaty", "joint_statement", "letter_of_intent", "plan", "other"]
AgreementStatus = Literal["planned", "signed", "in_force", "ended"]
TransferCategory = Literal[
    "aircraft", "air_defence", "anti_submarine_warfare", "armoured_vehicles", "artillery", "engines",
    "missiles", "naval_weapons", "satellites", "sensors", "ships", "ammunition", "other",
]
TransferStatus = Literal["proposed", "approved", "ordered", "delivered", "cancelled"]
MeetingKind = Literal["talks", "visit", "reception", "conference", "call", "other"]
MeetingStatus = Literal["held", "planned"]
AreaName = Literal[
    "arms_trade", "technology_transfer", "joint_production", "research_development", "defense_industry",
    "training", "exercises", "intelligence_sharing", "logistics", "maritime_security", "border_security",
    "peacekeeping", "counterterrorism", "cyber", "search_and_rescue", "other",
]

_SPELLINGS = {"defence": "defense", "organisation": "organization", "armored": "armoured",
              "air_defense": "air_defence", "r&d": "research_development", "memorandum_of_understanding": "mou"}


def vocabulary_value(vocabulary: Any) -> BeforeValidator:
    """Accept "Defence Industry" for ``defense_industry``; reject the rest, listing the vocabulary."""
    allowed = get_args(vocabulary)

    def normalise(value: Any) -> Any:
        if not isinstance(value, str) or value in allowed:
            return value
        key = re.sub(r"[\s\-/]+", "_", value.strip().casefold())
        key = _SPELLINGS.get(key, key)
        for british, american in _SPELLINGS.items():
            key = key.replace(british, american) if british.isalpha() else key
        if key == "air_defense":
            key = "air_defence"
        if key not in allowed:
            raise ValueError(f"{value!r} is not allowed here: use one of {', '.join(allowed)}")
        return key

    return BeforeValidator(normalise)


# Each vocabulary as a field type, shared by the records and the answer models: it accepts
# what a model writes loosely ("Defence Industry"); the JSON Schema still lists the exact values.
ActorKindField = Annotated[ActorKind, vocabulary_value(ActorKind)]
AgreementKindField = Annotated[AgreementKind, vocabulary_value(AgreementKind)]
AgreementStatusField = Annotated[AgreementStatus, vocabulary_value(AgreementStatus)]
TransferCategoryField = Annotated[TransferCategory, vocabulary_value(TransferCategory)]
TransferStatusField = Annotated[TransferStatus, vocabulary_value(TransferStatus)]
MeetingKindField = Annotated[MeetingKind, vocabulary_value(MeetingKind)]
MeetingStatusField = Annotated[MeetingStatus, vocabulary_value(MeetingStatus)]
Area = Annotated[AreaName, vocabulary_value(AreaName)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Actor(_Record):
    """A party, supplier or recipient: a state, government body, armed service, company or organisation."""

    name: str = Field(min_length=1)
    country: CountryOrNull = None
    kind: ActorKindField


class Person(_Record):
    name: str = Field(min_length=1)
    title: str | None = None
    organization: str | None = None
    country: CountryOrNull = None


class Location(_Record):
    city: str | None = None
    country: CountryOrNull = None


EvidenceList = Annotated[list[Annotated[Evidence, BeforeValidator(Evidence.coerce)]], Field(min_length=1)]


class Agreement(_Record):
    """An instrument concluded, signed, or announced as planned between parties."""

    name: str | None = None
    kind: AgreementKindField
    parties: list[Actor] = Field(min_length=1)
    signatories: list[Person] = Field(default_factory=list)
    date: PartialDate = None
    status: AgreementStatusField
    areas: list[Area] = Field(default_factory=list)
    summary: str = ""
    evidence: EvidenceList
    grounded: bool = False


class ArmsTransfer(_Record):
    """One weapon system moving (or agreed to move) from a supplier to a recipient."""

    supplier: Actor
    recipient: Actor
    system: str = Field(min_length=1)
    category: TransferCategoryField
    quantity: int | None = Field(default=None, ge=1)
    value: MoneyField = None
    status: TransferStatusField
    date: PartialDate = None
    summary: str = ""
    evidence: EvidenceList
    grounded: bool = False


class Meeting(_Record):
    """People from two or more sides meeting, visiting, or talking (a call counts)."""

    participants: list[Person] = Field(min_length=1)
    countries: list[Country] = Field(min_length=1)
    kind: MeetingKindField
    status: MeetingStatusField
    date: PartialDate = None
    location: Location = Field(default_factory=Location)
    topics: list[Area] = Field(default_factory=list)
    summary: str = ""
    evidence: EvidenceList
    grounded: bool = False


Record = Agreement | ArmsTransfer | Meeting
RECORD_TYPES: dict[str, type[_Record]] = {"agreements": Agreement, "transfers": ArmsTransfer, "meetings": Meeting}


class ArticleMeta(_Record):
    id: str = Field(min_length=1)
    source: str | None = None
    title: str | None = None
    published: PartialDate = None
    sha256: str | None = None
    url: str | None = None


class Usage(_Record):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens)


class Provenance(_Record):
    model_config = ConfigDict(protected_namespaces=())  # model_digest, model_time_s: no clash warning on pydantic < 2.10

    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    extractor_version: str
    started_at: str
    duration_s: float
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 1
    model_digest: str | None = None
    model_time_s: float | None = Field(default=None, description="time the model itself spent on these calls")


class ArticleRecords(_Record):
    """What a gold file holds: the article and its records."""

    article: ArticleMeta
    agreements: list[Agreement] = Field(default_factory=list)
    transfers: list[ArmsTransfer] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)

    def records(self) -> list[Record]:
        return [*self.agreements, *self.transfers, *self.meetings]


ArticleStatus = Literal["complete", "partial", "failed"]


class ArticleResult(ArticleRecords):
    """One article's extraction: records plus where they came from."""

    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)
    error: str | None = Field(default=None, description="set when the article could not be extracted")
    status: ArticleStatus = Field(
        default="complete",
        description="complete: every question got a valid answer; partial: some did not (listed in `failed`), "
                    "the records hold what the others found; failed: the model never produced a valid answer")
    failed: list[str] = Field(
        default_factory=list,
        description="the questions that never got a valid answer: record types (`agreements`) or second-pass "
                    "questions (`transfers of Yak-130`); a rerun or --resume asks exactly these again")

    @model_validator(mode="after")
    def _error_means_failed(self) -> ArticleResult:
        """A result written before ``status`` existed, with an error, is a failed one."""
        if self.error and self.status == "complete":
            self.status = "failed"
        return self
