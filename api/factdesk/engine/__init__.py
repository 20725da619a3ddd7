"""Pure domain code: parsing, retrieval, stance and verdicts (no web framework)."""
