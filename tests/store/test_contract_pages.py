"""The page part of the `StatementStore` contract (ClaimReview markup pages and the statements
they own), against every store: the same fixtures as `test_contract.py`."""

from __future__ import annotations

import json

import pytest
from factdesk.models import StatementKind
from factdesk.store.base import PageRecord, PreparedStatement, StatementStore, VersionConflict
from factdesk.store.copy import copy_statements

from tests.store.test_contract import StoreFactory, prep, store, store_factory

__all__ = ["store", "store_factory"]  # the fixtures, shared


def page(
    pid: str, ids: list[str], version: str, url: str = "https://www.news.example/a"
) -> PageRecord:
    return PageRecord(
        id=pid,
        url=url,
        site=url.split("/")[2].removeprefix("www."),
        body=json.dumps({"pageUrl": url, "versionId": version}),
        version=version,
        statement_ids=tuple(ids),
    )


def checks(*pairs: tuple[str, str]) -> list[PreparedStatement]:
    return [
        prep(sid, text, kind=StatementKind.FACT_CHECK, seed=n)
        for n, (sid, text) in enumerate(pairs)
    ]


def test_a_page_and_its_statements_are_written_and_deleted_together(
    store: StatementStore,
) -> None:
    g0 = store.generation()
    made = store.put_page(
        page("p1", ["p1-0", "p1-1"], "v1"),
        checks(("p1-0", "Alpha is red."), ("p1-1", "Beta is blue.")),
        create=True,
    )
    assert made is not None and sorted(made.created) == ["p1-0", "p1-1"]
    assert made.generation > g0
    stored = store.get_page("p1")
    assert stored is not None and stored.version == "v1"
    assert stored.statement_ids == ("p1-0", "p1-1")
    assert json.loads(stored.body)["versionId"] == "v1"
    assert stored.created_at is not None and stored.updated_at is not None
    assert set(store.get_many(["p1-0", "p1-1"])) == {"p1-0", "p1-1"}

    # An update that drops a markup deletes its statement in the same write.
    updated = store.put_page(
        page("p1", ["p1-0"], "v2"),
        checks(("p1-0", "Alpha is green.")),
        create=False,
        expected_version="v1",
    )
    assert updated is not None and updated.updated == ["p1-0"]
    assert store.get("p1-1") is None
    kept = store.get("p1-0")
    assert kept is not None and kept.text == "Alpha is green."
    delta = store.vectors_since(made.generation)
    assert "p1-1" in delta.deleted and delta.ids == ["p1-0"]
    again = store.get_page("p1")
    assert again is not None and again.version == "v2" and again.created_at == stored.created_at

    gone = store.delete_page("p1")
    assert gone is not None and gone.generation > updated.generation
    assert store.get_page("p1") is None and store.get("p1-0") is None
    assert "p1-0" in store.vectors_since(updated.generation).deleted
    g = store.generation()
    assert store.delete_page("p1") is None
    assert store.generation() == g  # deleting nothing is not a write


def test_a_stale_version_or_a_taken_id_changes_nothing(store: StatementStore) -> None:
    store.put_page(page("p1", ["p1-0"], "v1"), checks(("p1-0", "Alpha is red.")), create=True)
    before = (store.generation(), [s.text for s in store.iter_all()])
    with pytest.raises(VersionConflict):
        store.put_page(
            page("p1", ["p1-9"], "v2"),
            checks(("p1-9", "Gamma.")),
            create=False,
            expected_version="v0",
        )
    with pytest.raises(VersionConflict):
        store.put_page(page("p1", ["p1-9"], "v2"), checks(("p1-9", "Gamma.")), create=True)
    assert (store.generation(), [s.text for s in store.iter_all()]) == before
    stored = store.get_page("p1")
    assert stored is not None and stored.version == "v1"
    assert store.put_page(page("nope", [], "v1"), [], create=False) is None
    assert store.generation() == before[0]


def test_pages_are_listed_by_url_and_by_site(store: StatementStore) -> None:
    urls = {
        "p1": "https://www.news.example/a",
        "p2": "https://fact.news.example/b",
        "p3": "https://other.example/c",
        "p4": "https://www.news.example/d",
    }
    for pid, url in urls.items():
        store.put_page(page(pid, [], "v1", url), [], create=True)
    assert [p.id for p in store.list_pages()] == ["p1", "p2", "p3", "p4"]
    assert [p.id for p in store.list_pages(url=urls["p2"])] == ["p2"]
    assert [p.id for p in store.list_pages(site="news.example")] == ["p1", "p2", "p4"]
    assert [p.id for p in store.list_pages(site="news.example", after="p1", limit=1)] == ["p2"]
    assert store.list_pages(site="ews.example") == []


def test_copying_a_store_keeps_its_pages(store_factory: StoreFactory) -> None:
    source, target = store_factory(), store_factory()
    source.put_page(page("p1", ["p1-0"], "v1"), checks(("p1-0", "Alpha is red.")), create=True)
    assert copy_statements(source, target) == 1
    copied = target.get_page("p1")
    assert copied is not None and copied.version == "v1" and copied.statement_ids == ("p1-0",)
    assert target.get("p1-0") is not None
    copy_statements(source, target)  # again: replaced, not refused
    assert target.delete_page("p1") is not None and target.get("p1-0") is None
