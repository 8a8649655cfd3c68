"""What the built site's search index holds, read from Pagefind's files on disk.

Each indexed page is one fragment file (pagefind/fragment/*.pf_fragment): gzip of a
`pagefind_dcd` signature followed by the page's record as JSON (url, content, meta.title,
anchors). That is Pagefind's own format, pinned with its version in requirements.lock; the
browser tests (tests/browser/test_search.py) check the same through the search itself.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def indexed_pages(site_dir: Path) -> list[dict]:
    pages = []
    for path in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        pages.append(json.loads(data[len(SIGNATURE):]))
    return pages
