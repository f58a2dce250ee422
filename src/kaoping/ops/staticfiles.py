"""WhiteNoise, finding the static files once per process.

WhiteNoise looks through every static-file finder each time its middleware is built. A server
builds it once per worker, but each test client builds its own middleware chain, so the walk
over the vendored scripts ran for every client of the suite. Unless files are re-read on every
request (WHITENOISE_AUTOREFRESH, under DEBUG), the first walk's result serves every later
instance of the process: the files cannot change while it runs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    _found: ClassVar[dict[str, Any] | None] = None

    def add_files_from_finders(self) -> None:
        if self.autorefresh:
            super().add_files_from_finders()
            return
        if StaticFilesMiddleware._found is None:
            super().add_files_from_finders()
            StaticFilesMiddleware._found = dict(self.files)
        else:
            self.files.update(StaticFilesMiddleware._found)
