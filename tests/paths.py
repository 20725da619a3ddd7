"""Where the tests find the repository checkout: its fixtures, deployment files and scripts.
The application knows nothing of a checkout; the seed statements are package data."""

from __future__ import annotations

from pathlib import Path

from factdesk.seed import STATEMENTS

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "fixtures"
# The packaged seed as a file: tests run from the checkout, where the package is plain files.
SEED_STATEMENTS = Path(str(STATEMENTS))
