"""The hostile-input harness's own hypothesis profile: derandomized (the same inputs on every
CI run), no example database, no shrinking (a failure is reported with its request), every
example drawn in full."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, Verbosity, settings

# Rounds: each draws one input per (target × persona) of a family (two per upload target).
ROUNDS = int(os.environ.get("KAOPING_HOSTILE_ROUNDS", "16"))

settings.register_profile(
    "hostile",
    max_examples=ROUNDS,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    verbosity=Verbosity.quiet,  # the failing requests are reported by the test, not its 300 draws
)
