"""What the model writes: one compact answer per record type.

The model writes names, money and dates as the article words them; code turns them into the
contract's form (``extractor.assembly.build``). Short answers are what makes a small local model
fast: generated tokens are where the time goes, so nothing here is a field code can derive
(summaries, actor kinds, ISO codes of well-known places, offsets).

Each answer lists what is relevant first ("list-first"), which lifts recall on small models,
then one entry per record, each starting with its evidence quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, create_model, model_validator

from extractor.contract.records import (
    AgreementKindField, AgreementStatusField, Area, MeetingKindField, MeetingStatusField, TransferCategoryField,
    TransferStatusField,
)
from extractor.contract.scalars import CountryGuess

Quote = Annotated[str, Field(min_length=3, max_length=300,
                                    description="the first words of the sentence that states it, copied exactly")]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Words = Annotated[str | None, Field(default=None, max_length=120)]


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Quoted(_Draft):
    """An entry that starts with its evidence quote."""

    quote: Quote
    #: the quote the first answer gave, where a second look replaced it (code's, not the model's to write)
    _first_quote: str | None = PrivateAttr(default=None)

    @property
    def answered_quote(self) -> str:
        """The quote as the first answer gave it: which entries it quoted together."""
        return self._first_quote or self.quote

    #: a sentence a second look picked that states the entry, where code reads it from another one
    _seconded: str | None = PrivateAttr(default=None)

    @property
    def seconded(self) -> str | None:
        return self._seconded

    def requoted(self, quote: str) -> _Quoted:
        """This entry resting on ``quote``, a second look's, the first answer's quote remembered."""
        copy = self.model_copy(update={"quote": quote})
        copy._first_quote = self.answered_quote
        return copy

    #: an entry code read from another's sentence (a system listed beside it), not one the model gave
    _beside: bool = PrivateAttr(default=False)

    @property
    def read_beside(self) -> bool:
        return self._beside

    def beside(self, **update: Any) -> _Quoted:
        """A copy with ``update``, marked as code's reading of this entry's sentence (its evidence
        re-anchored: the model quoted the sentence for another record)."""
        copy = self.model_copy(update=update)
        copy._beside = True
        return copy

    def seconded_by(self, quote: str) -> _Quoted:
        """This entry with ``quote``, a second look's, as the model's evidence beside the sentence code
        reads it from."""
        copy = self.model_copy()  # private attributes copied with it (the first answer's quote)
        copy._seconded = quote
        return copy


class _Answer(_Draft):
    """A whole answer: its list must be there, even empty. An object without it ("{}", another
    task's keys) is an answer to some other question, re-asked like any invalid one, not an
    article with nothing in it. (A check, not a schema change: the schema and the grammar the
    local model writes under stay as they are.)"""

    listed: ClassVar[str]
    shape: ClassVar[str] = " (a list, [] when there is nothing)"

    @model_validator(mode="before")
    @classmethod
    def _has_its_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.listed not in data:
            keys = ", ".join(repr(k) for k in list(data)[:4]) or "none"
            raise ValueError(f"the answer must be an object with the key {cls.listed!r}{cls.shape}; it has {keys}")
        return data


class PersonDraft(_Draft):
    name: Name = Field(description="the person's name only, no title")
    title: Words = Field(default=None, description="the title as the article gives it")
    country: CountryGuess = Field(default=None, description="the country the person represents")


class AgreementDraft(_Quoted):
    name: Words = Field(default=None, description="the instrument's name as written, or null")
    kind: AgreementKindField
    status: AgreementStatusField
    parties: list[Name] = Field(min_length=1, max_length=4, description="the sides that concluded it")
    signers: list[PersonDraft] = Field(default_factory=list, max_length=4)
    date: Words = Field(default=None, description="when signed or planned, words as written")
    areas: list[Area] = Field(default_factory=list, max_length=4)


class AgreementsAnswer(_Answer):
    listed = "agreements"
    agreements: list[AgreementDraft] = Field(default_factory=list, max_length=6)


class AgreementItemAnswer(AgreementsAnswer):
    """The second pass: the instrument one sentence reports, when the first answer left it out."""

    agreements: list[AgreementDraft] = Field(default_factory=list, max_length=1)


class TransferDraft(_Quoted):
    system: Name = Field(description="the weapon system's designation")
    category: TransferCategoryField
    supplier: Name = Field(description="country or company that supplies")
    supplier_country: CountryGuess = None
    recipient: Name = Field(description="country or armed force that receives")
    quantity: int | None = Field(default=None, ge=1, le=100000)
    value: Words = Field(default=None, description="deal value for this system as written, with currency")
    status: TransferStatusField
    date: Words = Field(default=None, description="date of that status, words as written")


class TransfersAnswer(_Answer):
    listed = "transfers"
    systems: list[Name] = Field(default_factory=list, max_length=10,
                                description="every weapon system the article says is supplied, ordered, offered or delivered")
    transfers: list[TransferDraft] = Field(default_factory=list, max_length=10)


class TransferItemAnswer(_Answer):
    """The second pass: the transfers of one system the first answer listed but left out."""

    listed = "transfers"
    transfers: list[TransferDraft] = Field(default_factory=list, max_length=2)


class MeetingDraft(_Quoted):
    kind: MeetingKindField
    status: MeetingStatusField
    participants: list[PersonDraft] = Field(min_length=1, max_length=6)
    countries: list[Name] = Field(default_factory=list, max_length=6, description="every side represented")
    date: Words = None
    city: Words = None
    topics: list[Area] = Field(default_factory=list, max_length=4)


class MeetingsAnswer(_Answer):
    listed = "meetings"
    meetings: list[MeetingDraft] = Field(default_factory=list, max_length=5)


class MeetingItemAnswer(MeetingsAnswer):
    """The second pass: the meeting one sentence reports, when the first answer left it out."""

    meetings: list[MeetingDraft] = Field(default_factory=list, max_length=1)


class QuoteAnswer(_Answer):
    """The second look at a record whose quote states something else: the sentence that states it.
    Its first words are enough to find it (the evidence becomes the whole sentence)."""

    listed = "quote"
    shape = " (a string)"
    #: the embedded model's grammar stops it at 60 characters (enough to tell one sentence from
    #: another; generated tokens are the time); an endpoint that writes on is cut there
    quote: Annotated[str, BeforeValidator(lambda v: v[:60] if isinstance(v, str) else v),
                     Field(min_length=3, max_length=60, description="the first words of that sentence, copied exactly")]


def quote_choice(openings: Sequence[str]) -> type[QuoteAnswer]:
    """``QuoteAnswer`` whose schema lists ``openings``, the first words of the sentences a second look
    shows, as the quote's only values: the embedded model's grammar (and an endpoint that keeps to the
    schema) picks one and writes nothing else (not its first quote again, not a sentence in its own
    words). An endpoint that writes on anyway is read as before (its answer judged like any quote)."""
    return create_model("QuoteAnswer", __base__=QuoteAnswer, __doc__=QuoteAnswer.__doc__, quote=(
        Annotated[str, BeforeValidator(lambda v: v[:60] if isinstance(v, str) and v not in openings else v)],
        Field(min_length=3, description="the first words of that sentence, copied exactly",
              json_schema_extra={"enum": list(openings)})))


ANSWERS: dict[str, type[_Draft]] = {
    "agreements": AgreementsAnswer,
    "transfers": TransfersAnswer,
    "meetings": MeetingsAnswer,
}
