"""Typed, validated, source-grounded records of defence cooperation from news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("defence-extractor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
