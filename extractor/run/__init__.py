"""Running extraction: one article end to end (``article``), its follow-up questions, long
articles in pieces, and many articles with the store, the cache and progress (``batch``)."""
