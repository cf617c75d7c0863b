"""What the screenshot scripts share: finding the browser, and stacking views into one picture."""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path
from typing import Any


def chromium() -> str | None:
    """Debian's chromium (never a downloaded browser), or None after saying how to get it and playwright."""
    try:
        import playwright.sync_api  # noqa: F401  (imported only to say clearly when it is missing)
    except ImportError:
        print("playwright is missing: pip install -e '.[test]'", file=sys.stderr)
        return None
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        print("chromium is missing: apt-get install chromium", file=sys.stderr)
        return None
    return path


def stack(page: Any, shots: list[bytes], out: Path, max_width: int | None = None) -> None:
    """Write the views one above the other, as one PNG."""
    images = "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(shot).decode("ascii")}">' for shot in shots
    )
    width = f";max-width:{max_width}px" if max_width else ""
    page.set_content(
        "<style>body{margin:0;padding:12px;background:#eef1f4}"
        "img{display:block;margin:0 auto 12px;box-shadow:0 1px 4px #0003" + width + "}</style>" + images
    )
    page.screenshot(path=str(out), full_page=True)
