"""The JSON Schemas the contract publishes (``schemas/*.schema.json``): texts only, pure;
``extractor schema`` writes them."""

from __future__ import annotations

import json

from extractor.contract import Agreement, ArmsTransfer, ArticleRecords, ArticleResult, Meeting

SCHEMA_MODELS = {
    "article_result": ArticleResult,
    "gold": ArticleRecords,
    "agreement": Agreement,
    "arms_transfer": ArmsTransfer,
    "meeting": Meeting,
}


def schema_texts() -> dict[str, str]:
    """File name -> the JSON text it should hold."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
        for name, model in SCHEMA_MODELS.items()
    }
