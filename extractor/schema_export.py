"""JSON Schema files published from the contract models (``schemas/*.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path

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


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
