# The public names' types for type checkers; __init__.py loads them lazily at run time.
from extractor.api import aextract as aextract
from extractor.api import aextract_many as aextract_many
from extractor.api import extract as extract
from extractor.api import extract_many as extract_many
from extractor.api import to_frame as to_frame
from extractor.contract import ArticleResult as ArticleResult
from extractor.errors import ExtractorError as ExtractorError
from extractor.inputs import Article as Article

__version__: str
__all__ = ["Article", "ArticleResult", "ExtractorError", "aextract", "aextract_many", "extract", "extract_many",
           "to_frame"]
