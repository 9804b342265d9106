"""A generated local portal of any size, for benchmarks and nightly-operation tests.

``build_portal(dest, count)`` writes a TRS WCM-style site (the ``pages.trs_*`` templates,
``createPageHTML`` pagination, UTF-8) of ``count`` distinct generated notices
(``notices.generated_notices``), newest first on the list pages. ``recent`` of them are
re-dated to the days before ``now``, so an incremental crawl re-checks them (notices
under 30 days old are re-checked every run) while the rest are not due.
``portal_definition(...)`` is the matching portal file content, for ``--portal-file``.
"""

from __future__ import annotations

import math
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from crawler.localportals import pages
from crawler.localportals.build import _publish
from crawler.localportals.notices import generated_notices

LIST_PATH = "/jyj/tzgg/index.html"
AGENCY = "样例市教育局"


def build_portal(dest: Path, count: int = 2000, *, per_page: int = 20, recent: int = 0,
                 now: datetime | None = None, seed: int = 23) -> Path:
    """(Re)write a generated portal of ``count`` notices under ``dest``; returns ``dest``."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    items = generated_notices(AGENCY, "lg", count, seed=seed, doc_prefix="样教")
    now = now or datetime.now()
    for i, notice in enumerate(items[:recent]):  # generated notices come newest first
        notice.published = (now - timedelta(days=i + 1)).replace(hour=9, minute=30, second=0, microsecond=0)
    (dest / "jyj" / "js").mkdir(parents=True)
    (dest / "jyj" / "js" / "page.js").write_text(pages.PAGE_JS, encoding="utf-8")
    _publish(dest, items, per_page=per_page, charset="utf-8",
             notice_path=lambda i, x: f"/jyj/tzgg/{x.published:%Y%m}/t{x.published:%Y%m%d}_{5600000 + i}.html",
             render=pages.trs_notice,
             list_path=lambda p: f"/jyj/tzgg/{'index' if p == 0 else f'index_{p}'}.html",
             render_list=pages.trs_list,
             link=lambda path: "./" + path.removeprefix("/jyj/tzgg/"))
    return dest


def list_pages(count: int, per_page: int = 20) -> int:
    return math.ceil(count / per_page)


def portal_definition(portal_id: str, base_url: str, *, count: int = 2000, per_page: int = 20,
                      download_delay: float = 0, concurrency: int | None = None) -> dict:
    """A portal definition (schema shape) for a generated portal served at ``base_url``."""
    limits: dict = {"download_delay": download_delay, "max_list_pages": max(list_pages(count, per_page), 1)}
    if concurrency is not None:
        limits["concurrency"] = concurrency
    return {"id": portal_id, "name": AGENCY, "start_urls": [base_url + LIST_PATH],
            "allow_private_addresses": True, "limits": limits}
