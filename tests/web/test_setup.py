"""When browser tests skip: only without a chromium binary, and never under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web import conftest


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [
        (None, pytest.skip.Exception),
        ("false", pytest.skip.Exception),
        ("true", pytest.fail.Exception),
        ("1", pytest.fail.Exception),
    ],
)
def test_missing_chromium_skips_outside_ci_and_fails_in_it(
    monkeypatch: pytest.MonkeyPatch, ci: str | None, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(conftest, "chromium_binary", lambda: None)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no chromium binary"):
        conftest.require_chromium()


def test_a_chromium_binary_is_used_even_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("FACTDESK_CHROMIUM", str(fake))
    monkeypatch.setenv("CI", "true")
    assert conftest.require_chromium() == str(fake)
