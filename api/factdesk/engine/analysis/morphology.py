"""The shared Korean morphological analyser (kiwipiepy's `Kiwi`).

One `Kiwi` serves the whole process: it takes seconds and ~300 MB to load (docs/QUALITY.md,
"Language tooling"), so it is built on first use (an English-only desk never pays for it),
under a lock so that two request threads arriving together do not build two. Its `tokenize`
gives the same answers when called from several threads at once (checked on 1,800 concurrent
calls over KLUE-NLI premises); it holds the GIL while it works, so threads do not speed it up.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["kiwi"]

_lock = threading.Lock()
_kiwi: Kiwi | None = None


def kiwi() -> Kiwi:
    """The process's `Kiwi`, loaded (and warmed) on the first call."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # Without the multi-word proper-noun dictionary: the same Korean retrieval
                # figures, 200 MB less memory and under half the load time (docs/QUALITY.md).
                analyser = Kiwi(load_multi_dict=False)
                analyser.tokenize("")  # Kiwi finishes loading its model on first use
                _kiwi = analyser
    return _kiwi
