"""Reusable Streamlit pieces; they may import worksheets, never the reverse."""
