"""Curated cooperation data, document texts, schema, checker, ingester and extractor.

Knows nothing about Streamlit. See CONTRIBUTING.md for the public API.
"""
