"""English language data: word lists, lexicons and regex fragments (no algorithms)."""
