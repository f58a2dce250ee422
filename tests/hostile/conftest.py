"""The hostile-input harness's own hypothesis profile: derandomized (the same inputs on every
CI run), no example database, no shrinking (a failure is reported with its request), every
example drawn in full."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, Verbosity, settings

# Rounds: each draws one input per (target × persona) of a family (more per upload target):
# about 1,110 inputs, 120 of them workbooks (measured), so 10 give issue 10's 10,000 and 1,000.
ROUNDS = int(os.environ.get("KAOPING_HOSTILE_ROUNDS", "10"))

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
