"""Copy the front-end packages installed by ``npm ci`` into the static files.

The files come from the npm registry through package.json and package-lock.json; this
script only copies the built files the pages load, so there is no build step. The target
folder is git-ignored.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "kaoping" / "web" / "static" / "vendor"

# (file inside node_modules, name under static/vendor)
FILES = (
    ("htmx.org/dist/htmx.min.js", "htmx.min.js"),
    ("echarts/dist/echarts.min.js", "echarts.min.js"),
)


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, name in FILES:
        path = ROOT / "node_modules" / source
        if not path.is_file():
            print(f"缺少 {path}：请先运行 npm ci", file=sys.stderr)
            return 1
        shutil.copyfile(path, TARGET / name)
        print(f"vendor: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
