"""Korean particles, and the particle classes the stance rules read roles from.

Hand-listed: the entity, number and duration readers strip them off names and figures found by
pattern. Lexical tokens do not use them any more; they come from Kiwi's morphemes.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

# Noun particles (also used after Hangul entity aliases), longest first when compiled.
PARTICLES: Final = split(
    """
    으로부터 로부터 에게서 에서는 에서도 에서의 으로는 으로도 으로서 으로써 이라는 이라고 이라며
    이라면 까지는 부터는 에게는 에게도 한테서 과의 와의 과는 와는 과도 와도 에는 에도 에서 에게
    한테 께서 으로 로서 로써 까지 부터 마저 조차 처럼 보다 이나 이며 이고 이란 라는 라고 이다
    였다 이었다 이자 측은 측이 측의 측 은 는 이 가 을 를 의 에 와 과 로 도 만 랑
    """
)

# Particle classes for roles in a sentence (regex fragments).
SUBJECT: Final = ("은", "는", "이", "가", "께서")
# "A와 B", "A과 B": A is in B's place in the sentence.
CONJUNCTION: Final = ("와", "과")
# A name as the predicate: "피고는 구글과 순다르 피차이다".
COPULA: Final = ("이다", "다", "였다", "이었다", "이며", "이고", "였고")
# Object and target particles ("구글을 고소했다", "구글에 소송을"); 에서 (at/from) is not one.
OBJECT: Final = ("을", "를", "에게", "한테", "에(?!서)")
