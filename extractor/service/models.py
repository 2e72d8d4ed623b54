"""What the HTTP API takes and gives (beside the contract's ``ArticleResult``)."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractor.errors import InputError
from extractor.inputs import Article, invalid_character, parse_published


class ArticleIn(BaseModel):
    """One article: its text and, optionally, what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article's text (plain text)")
    id: str | None = Field(None, min_length=1, max_length=200,
                           description="unique within a job; default: 'article-' and the start of the text's SHA-256")
    published: str | None = Field(None, description="publication date YYYY-MM-DD, for relative dates in the text")
    title: str | None = None
    url: str | None = None

    @field_validator("text", "id", "title", "url")
    @classmethod
    def _utf8(cls, value: str | None) -> str | None:
        problem = None if value is None else invalid_character(value)
        if problem is not None:  # a lone surrogate ("\\ud800" in the JSON) cannot be stored or answered
            raise ValueError(f"holds {problem}")
        return value

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("empty article")
        return text

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        try:
            parse_published(value, "published")
        except InputError as exc:
            raise ValueError(exc.message) from None
        return value

    def article(self, default_id: str | None = None) -> Article:
        article_id = self.id or default_id or "article-" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]
        return Article(id=article_id, text=self.text, source=article_id, title=self.title, url=self.url,
                       published=parse_published(self.published, article_id))


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=10_000)


class JobCreated(BaseModel):
    id: str


class JobOut(BaseModel):
    id: str
    status: str = Field(description="queued, running, finished or failed")
    done: int = Field(description="articles with a result")
    total: int = Field(description="articles in the job")
    error: str | None = Field(None, description="why the job failed")
    created_at: str
    updated_at: str


class ErrorOut(BaseModel):
    error: str
