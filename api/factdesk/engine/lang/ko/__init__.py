"""Korean language data: particles, endings, word lists and regex fragments (no algorithms)."""
