"""What the second pass asks about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("system, expected", [
    ("Su-30MK2", True), ("Type 23 frigates", True), ("K9A1", True), ("Kilo-class", True),
    ("offshore patrol vessels", True), ("telecommunications", False), ("training PAVN technicians and engineers", False),
])
def test_only_weapon_like_systems_get_a_second_pass(system, expected):
    from extractor.run.followups import looks_like_weapon

    assert looks_like_weapon(system) is expected
