"""The run store (SQLite or PostgreSQL): runs, results, records, raw calls, and the cache."""

from extractor.store.cache import cache_key
from extractor.store.rows import RunSummary, SavedArticle, StoredRecord
from extractor.store.run_store import CALL_FIELDS, DB_ENV, RUN_STATUSES, Store, default_db_path

__all__ = ["CALL_FIELDS", "DB_ENV", "RUN_STATUSES", "RunSummary", "SavedArticle", "Store", "StoredRecord", "cache_key",
           "default_db_path"]
