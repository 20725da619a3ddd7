"""Currency symbols and the currency each stands for (shared by every language)."""

from __future__ import annotations

from typing import Final

# fmt: off
# Keys are casefolded; the number pattern matches them case-insensitively ("US$").
CURRENCY_SYMBOLS: Final = {
    "us$": "usd", "$": "usd", "€": "eur", "£": "gbp", "₩": "krw", "¥": "jpy",
}
# fmt: on
