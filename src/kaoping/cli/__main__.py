"""``python -m kaoping.cli …`` runs the ``kaoping`` command."""

import sys

from kaoping.cli import main

sys.exit(main())
