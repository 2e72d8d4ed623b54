"""Shard selection: stable by article id on any machine, and the N shards partition the feed."""

from __future__ import annotations

import pytest

from extractor.errors import ConfigError
from extractor.inputs import Article
from extractor.run.shards import group_id, parse_shard, shard_index, take_shard


def articles(n: int) -> list[Article]:
    return [Article(id=f"item-{i:03d}", text=f"text {i}", source=f"item-{i:03d}") for i in range(n)]


def test_the_shard_of_an_id_is_its_sha256_mod_n_not_pythons_hash():
    # fixed values: the first 8 bytes of sha256(id), big-endian, mod N (PYTHONHASHSEED changes nothing)
    assert [shard_index(f"item-{i:03d}", 3) for i in range(10)] == [1, 2, 1, 2, 1, 2, 1, 1, 2, 0]


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_n_shards_take_every_article_exactly_once(n):
    feed = articles(100)
    shares = [take_shard(feed, k, n) for k in range(1, n + 1)]
    assert sorted(a.id for share in shares for a in share) == [a.id for a in feed]
    assert all(shares) and max(map(len, shares)) - min(map(len, shares)) < 100 / n  # each does a real share


def test_the_group_is_the_same_for_the_same_feed_and_settings_in_any_order():
    feed = articles(5)
    assert group_id(feed, {"model": "m"}) == group_id(list(reversed(feed)), {"model": "m"})
    assert group_id(feed, {"model": "m"}) != group_id(feed, {"model": "other"})
    assert group_id(feed, {"model": "m"}) != group_id(feed[:4], {"model": "m"})


@pytest.mark.parametrize("text,expected", [("1/2", (1, 2)), ("2/2", (2, 2)), (" 3 / 4 ", (3, 4)), ("1/1", (1, 1))])
def test_parse_shard_reads_k_of_n(text, expected):
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "-1/2", "1", "a/b", "1/2/3", ""])
def test_parse_shard_refuses_what_is_not_k_of_n(text):
    with pytest.raises(ConfigError, match="--shard"):
        parse_shard(text)
