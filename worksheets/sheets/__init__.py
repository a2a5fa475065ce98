"""One module per sheet: its model, field spec and printed layout."""
