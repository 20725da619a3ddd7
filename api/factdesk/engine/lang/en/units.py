"""English unit words and their canonical unit, with the factor to that unit's base.

A figure is stored in its dimension's base unit (metres, kilograms, litres, square metres,
seconds are durations and live elsewhere), so "8.8 km" and "8,849 meters" compare as lengths.
Currencies have no exchange rate here: each currency is its own unit.
"""

from __future__ import annotations

from typing import Final

# fmt: off
# spelling (casefolded, single spaces) -> (canonical unit, factor to it)
UNIT_WORDS: Final = {
    # shares
    "percent": ("percent", 1.0), "per cent": ("percent", 1.0), "pct": ("percent", 1.0),
    "percentage points": ("percentage_points", 1.0),
    "percentage point": ("percentage_points", 1.0),
    # money
    "dollars": ("usd", 1.0), "dollar": ("usd", 1.0), "usd": ("usd", 1.0),
    "us dollars": ("usd", 1.0), "euros": ("eur", 1.0), "euro": ("eur", 1.0),
    "eur": ("eur", 1.0), "pounds sterling": ("gbp", 1.0), "gbp": ("gbp", 1.0),
    "won": ("krw", 1.0), "krw": ("krw", 1.0), "yen": ("jpy", 1.0), "jpy": ("jpy", 1.0),
    "yuan": ("cny", 1.0), "cny": ("cny", 1.0), "renminbi": ("cny", 1.0),
    # people
    "people": ("people", 1.0), "persons": ("people", 1.0), "person": ("people", 1.0),
    "individuals": ("people", 1.0),
    # length (base: metre)
    "m": ("m", 1.0), "metre": ("m", 1.0), "metres": ("m", 1.0), "meter": ("m", 1.0),
    "meters": ("m", 1.0), "km": ("m", 1e3), "kilometre": ("m", 1e3),
    "kilometres": ("m", 1e3), "kilometer": ("m", 1e3), "kilometers": ("m", 1e3),
    "cm": ("m", 1e-2), "centimetre": ("m", 1e-2), "centimetres": ("m", 1e-2),
    "centimeter": ("m", 1e-2), "centimeters": ("m", 1e-2), "mm": ("m", 1e-3),
    "millimetre": ("m", 1e-3), "millimetres": ("m", 1e-3), "millimeter": ("m", 1e-3),
    "millimeters": ("m", 1e-3), "mile": ("m", 1609.344), "miles": ("m", 1609.344),
    "ft": ("m", 0.3048), "foot": ("m", 0.3048), "feet": ("m", 0.3048),
    # mass (base: kilogram)
    "kg": ("kg", 1.0), "kilogram": ("kg", 1.0), "kilograms": ("kg", 1.0),
    "kilogramme": ("kg", 1.0), "kilogrammes": ("kg", 1.0), "g": ("kg", 1e-3),
    "gram": ("kg", 1e-3), "grams": ("kg", 1e-3), "gramme": ("kg", 1e-3),
    "grammes": ("kg", 1e-3), "tonne": ("kg", 1e3), "tonnes": ("kg", 1e3),
    "metric tons": ("kg", 1e3), "lb": ("kg", 0.45359237),
    "lbs": ("kg", 0.45359237),
    # volume (base: litre)
    "l": ("l", 1.0), "litre": ("l", 1.0), "litres": ("l", 1.0), "liter": ("l", 1.0),
    "liters": ("l", 1.0),
    # area (base: square metre)
    "km2": ("m2", 1e6), "km²": ("m2", 1e6), "square kilometres": ("m2", 1e6),
    "square kilometers": ("m2", 1e6), "hectares": ("m2", 1e4), "hectare": ("m2", 1e4),
    "ha": ("m2", 1e4),
    # temperature and concentration
    "degrees celsius": ("celsius", 1.0), "degrees fahrenheit": ("fahrenheit", 1.0),
    "°c": ("celsius", 1.0), "°f": ("fahrenheit", 1.0), "ppm": ("ppm", 1.0),
    "parts per million": ("ppm", 1.0),
}
# fmt: on

# Words that make a number an ordinal ("its third attempt") or a rank ("ranked first").
# fmt: off
ORDINAL_WORDS: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
# fmt: on
# An ordinal word counts only after one of these ("for the first time", "its second launch"):
# elsewhere "second" is as often a unit of time and "first" an adverb.
ORDINAL_DETERMINERS: Final = ("the", "its", "his", "her", "their", "our", "this", "'s")
# Regex fragments before a rank's number ("number one", "No. 1", "#1").
RANK_MARKERS: Final = (r"number", r"no\.", r"#")
# Verbs before an ordinal that make it a rank ("finished third", "ranked first").
RANK_VERBS: Final = ("ranked", "ranks", "rank", "placed", "finished", "came")
