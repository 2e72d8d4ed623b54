"""``../shared/devset`` sits beside the repository in the project folder, not in a clone placed
elsewhere: the tests that read it skip, saying why, when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parents[2].parent / "shared" / "devset"

needs_devset = pytest.mark.skipif(
    not (DEVSET / "gold").is_dir(),
    reason=f"needs the dev set at {DEVSET} (../shared/devset beside the repository), absent in this clone",
)
