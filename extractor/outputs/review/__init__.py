"""The self-contained HTML review page (template + renderer)."""

from extractor.outputs.review.render import UNGROUNDED_FLAG, render_review

__all__ = ["UNGROUNDED_FLAG", "render_review"]
