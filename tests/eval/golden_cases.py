"""What both golden-set tests share: their claims as parameters (known failures as strict xfails
with their reasons) and the check that a claim met every expectation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from factdesk.engine.service import Verifier
from factdesk.eval.golden import GoldenClaim, check


def golden_params(claims: Sequence[GoldenClaim], known_failures: Mapping[str, str]) -> list[Any]:
    """One parameter per claim, id'd by the claim id; a known failure is a strict xfail."""
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(reason=known_failures[c.id], strict=True)]
            if c.id in known_failures
            else [],
        )
        for c in claims
    ]


def assert_meets_expectations(verifier: Verifier, case: GoldenClaim) -> None:
    """The claim gets its expected verdict and cites one of its expected statements."""
    outcome = check(verifier, case)
    cited = [e.statement.id for e in outcome.result.evidence]
    assert outcome.result.verdict.value == case.expected_verdict, (
        f"{case.claim!r}: {outcome.result.summary} (cited {cited})"
    )
    assert outcome.evidence_ok, (
        f"{case.claim!r}: expected one of {case.expected_evidence}, cited {cited}"
    )
