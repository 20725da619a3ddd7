"""English time-unit words and the words that turn a duration into a frequency."""

from __future__ import annotations

from typing import Final

# fmt: off
UNIT_DAYS: Final = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
    "fortnight": 14.0, "month": 30.0, "year": 365.0, "decade": 3650.0, "century": 36500.0,
    "centurie": 36500.0,
}
# fmt: on
# The unit whose count may be a year-like number ("2018 days"); with the others it is a year.
DAY: Final = "day"
# "twice a year", "once a week", "per month": frequencies, not durations.
FREQUENCY_CUES: Final = ("once", "twice", "thrice", "times", "per", "every", "each")
