#!/usr/bin/env python
"""Django's manage.py for a source checkout (``kaoping`` is the installed equivalent)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from kaoping.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
