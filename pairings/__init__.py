"""Curated cooperation data, document texts, schema, checker, ingester and extractor.

Knows nothing about Streamlit. See CONTRIBUTING.md for the public API:
``pairings.load(data_dir=None) -> LoadResult`` (validated tables + report of every row left out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["load", "LoadResult", "Problem"]

if TYPE_CHECKING:  # pragma: no cover
    from pairings.check import Problem
    from pairings.loader import LoadResult, load


def __getattr__(name: str) -> Any:
    """Import the loader lazily, so `python -m pairings ingest` does not import pandas/frictionless."""
    if name in {"load", "LoadResult"}:
        from pairings import loader

        return getattr(loader, name)
    if name == "Problem":
        from pairings.check import Problem

        return Problem
    raise AttributeError(f"module 'pairings' has no attribute {name!r}")
