"""Reading YAML safely with libyaml's parser where PyYAML was built with it (about ten times
faster: the national organisation tree and the survey definition are read at every start and
every sync), with the pure-Python parser otherwise. Both construct plain data only."""

from __future__ import annotations

from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

__all__ = ["SafeLoader", "safe_load"]


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available."""
    return yaml.load(text, Loader=SafeLoader)
