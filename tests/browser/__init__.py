"""Helpers that drive the Streamlit + Leaflet page in Playwright (used by tests and benchmarks)."""
