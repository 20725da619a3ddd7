"""Names found in the text (no gazetteer), their roles, and matching across spellings and
scripts. The sentences are about topics and people in neither golden set nor the seed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factdesk.engine.analysis.entities import use_gazetteer
from factdesk.engine.analysis.names import same_name
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import Entity
from factdesk.engine.analysis.roles import compatible_roles


@pytest.fixture(autouse=True)
def no_gazetteer(tmp_path: Path) -> Iterator[None]:
    empty = tmp_path / "entities.json"
    empty.write_text("{}", encoding="utf-8")
    with use_gazetteer(empty):
        yield


def names(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.role) for e in parse(text).entities]


def test_english_names_joins_possessives_acronyms_and_camel_case() -> None:
    found = names("Ludwig van Beethoven was born in Bonn, and NASA's rover beat eBay and iPod.")
    texts = [t for t, _ in found]
    assert texts[:3] == ["Ludwig van Beethoven", "Bonn", "NASA"]
    assert "eBay" in texts and "iPod" in texts
    assert dict(found)["Bonn"] == "loc"
    assert dict(found)["NASA"] == "poss"
    assert names("The Bank of England raised rates.")[0][0] == "Bank of England"


def test_english_first_words_and_common_capitals() -> None:
    parsed = parse("Reykjavik is the capital of Iceland.")
    assert [(e.text, e.type) for e in parsed.entities] == [
        ("Reykjavik", "initial"),
        ("Iceland", "name"),
    ]
    # Inflected first words, single letters and nouns after "its" are no names.
    assert names("According to analysts, its AI grew 41 °C.") == []


def test_english_roles_from_function_words_and_order() -> None:
    roles = dict(
        names("Middlemarch was written by George Eliot in Coventry, then sent to Blackwood.")
    )
    assert roles == {
        "Middlemarch": "subj",
        "George Eliot": "agent",
        "Coventry": "loc",
        "Blackwood": "to",
    }
    # "between X and Y": both between; three or more names in a row are a list.
    assert [r for _, r in names("Trains run between Lyon and Turin.")] == ["between"] * 2
    listed = names("Delegates came from Chile, Peru, Bolivia and Ecuador.")
    assert [r for _, r in listed] == ["list"] * 4


def test_korean_names_and_roles_from_kiwi() -> None:
    roles = dict(names("지단은 2001년 유벤투스에서 레알 마드리드로 이적했다."))
    assert roles == {"지단": "subj:", "유벤투스": "loc/from:", "레알 마드리드": "to:"}
    # A name before the noun it titles takes that noun's particle, with the noun kept.
    assert dict(names("이해진 의장이 네이버를 창업했다."))["이해진"] == "subj:의장"
    # An unknown name Kiwi reads together with its particle ("김갑동이") loses the particle.
    assert names("그 회사는 김갑동이 세웠다.") == [("김갑동", "subj:")]


def test_name_matching_across_spellings_and_scripts() -> None:
    def same(a: str, b: str) -> bool:
        return same_name(Entity(a.casefold(), "name", a), Entity(b.casefold(), "name", b))

    assert same("모차르트", "Wolfgang Amadeus Mozart")
    assert same("잘츠부르크", "Salzburg")
    assert same("레알 마드리드", "Real Madrid")
    assert same("Eliot", "George Eliot")
    assert same("Middlemarsh", "Middlemarch")  # a slip
    assert same("국립중앙팍물관", "국립중앙박물관")  # a consonant of the same class
    assert not same("베를린", "Paris")
    assert not same("이해진", "김범수")
    assert not same("청양", "충양")  # another vowel in a short native name


def test_role_compatibility() -> None:
    assert compatible_roles("subj", "agent")  # "X founded" / "founded by X"
    assert compatible_roles("agent", "poss")  # "a film by X" / "X's film"
    assert not compatible_roles("subj", "poss")  # not transitive
    assert compatible_roles("loc/from:", "loc")
    assert not compatible_roles("mod", "subj")
    assert compatible_roles("poss:감독", "subj:감독")  # the same noun after both names
    assert not compatible_roles("obj:연구소", "obj:")
    assert compatible_roles("obj", "to:", across=True)
    assert not compatible_roles("obj:기술", "obj", across=True)
