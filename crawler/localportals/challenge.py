"""A local portal that only a browser can read: a JavaScript cookie challenge and a list built
by JavaScript, served on 127.0.0.1 for the browser-rendering tests and manual exploration.

``serve_challenge()`` starts one server (port 0 = a free port) holding two portals:

- ``/gate/`` (the challenge portal, 瑞数/加速乐-style): every page under it answers
  **412** with a tiny page until the request carries the cookie ``edu_clearance`` whose
  value only the page's script computes (``/gate/ch/verify.js`` defines ``solveGate``; the
  inline script sets the cookie and reloads). With the cookie: the real list page (three
  TRS-style notice links) and the notice pages.
- ``/jslist/`` (the script-built list): ``index.html`` holds an empty ``<ul id="list">``
  and a script that fetches ``data.json`` and writes one ``<li><a>`` per notice; the
  notice pages are plain HTML.
- ``/plain/`` a portal that needs nothing: a static list and notice pages, to show that a
  crawl next to a ``render: browser`` portal keeps Scrapy's downloader.

The expected titles are :data:`GATE_NOTICES`, :data:`JS_NOTICES` and :data:`PLAIN_NOTICES`.
``python -m crawler.localportals.challenge`` serves them for a look in a browser. ``server.hits``
counts requests by (path, status) so a test can see the challenge being answered.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.localportals.server import running

COOKIE = "edu_clearance"
SEED = "k7Qz"  # the challenge's per-site seed; the script turns it into the cookie value
GATE_LIST = "/gate/tzgg/index.html"
JS_LIST = "/jslist/index.html"
VERIFY_SCRIPT = "/gate/ch/verify.js"
JS_DATA = "/jslist/data.json"
PLAIN_LIST = "/plain/index.html"

GATE_NOTICES = {
    "/gate/tzgg/202503/t20250303_700001.html": ("关于做好2025年春季学期中小学开学工作的通知", "2025-03-03"),
    "/gate/tzgg/202503/t20250310_700002.html": ("关于开展2025年义务教育招生入学政策宣传月活动的通知", "2025-03-10"),
    "/gate/tzgg/202503/t20250318_700003.html": ("关于公布2025年度市级课后服务示范学校名单的通知", "2025-03-18"),
}
JS_NOTICES = {
    "/jslist/202504/t20250402_800001.html": ("关于举办2025年全市中小学生科技创新大赛的通知", "2025-04-02"),
    "/jslist/202504/t20250409_800002.html": ("关于做好2025年普通高中学业水平考试报名工作的通知", "2025-04-09"),
}

PLAIN_NOTICES = {
    "/plain/202505/t20250506_900001.html": ("关于做好2025年中小学暑期安全教育工作的通知", "2025-05-06"),
}

# The value solveGate(SEED) computes in the browser: a small string hash, so that only a
# client running the script (or knowing this function) holds the right cookie.
VERIFY_JS = """function solveGate(seed) {
  var h = 7;
  for (var i = 0; i < seed.length; i++) { h = (h * 31 + seed.charCodeAt(i)) % 1000003; }
  return "v" + h.toString(16);
}
"""


def solve_gate(seed: str = SEED) -> str:
    """The cookie value the challenge script computes (the server's check)."""
    h = 7
    for ch in seed:
        h = (h * 31 + ord(ch)) % 1000003
    return f"v{h:x}"


CHALLENGE_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta id="gate-meta" content="{SEED}">
<script type="text/javascript" charset="utf-8" src="{VERIFY_SCRIPT}"></script>
<script type="text/javascript">
var seed = document.getElementById("gate-meta").content;
document.cookie = "{COOKIE}=" + solveGate(seed) + "; path=/";
setTimeout(function () {{ location.reload(); }}, 30);
</script></head><body></body></html>
"""

JS_LIST_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告 - 示例市教育局</title></head>
<body><div class="header">示例市教育局</div>
<div class="main"><h2>通知公告</h2><ul id="list" class="news-list"></ul></div>
<script>
fetch("data.json").then(function (r) { return r.json(); }).then(function (items) {
  var ul = document.getElementById("list");
  items.forEach(function (it) {
    var li = document.createElement("li");
    li.innerHTML = '<a href="' + it.url + '">' + it.title + '</a><span class="date">' + it.date + '</span>';
    ul.appendChild(li);
  });
});
</script>
<div class="footer">主办：示例市教育局</div></body></html>
"""


def _list_page(notices: dict[str, tuple[str, str]], heading: str) -> str:
    items = "\n".join(f'<li><a href="{url}">{title}</a><span class="date">{date}</span></li>'
                      for url, (title, date) in notices.items())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{heading}</title></head><body>'
            f'<div class="main"><h2>{heading}</h2><ul class="news-list">\n{items}\n</ul></div></body></html>')


def _notice_page(title: str, date: str) -> str:
    body = "".join(
        f"<p>各区教育局、市直属各学校：根据上级部门工作部署，现就{title[2:-3]}有关事项通知如下。"
        f"第{n}条：各单位要高度重视，明确责任分工，按时报送材料，确保各项工作平稳有序开展。</p>"
        for n in range(1, 6)
    )
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="PubDate" content="{date} 09:00"></head><body>'
            f'<div class="article"><h1>{title}</h1><div class="info">发布日期：{date} 来源：示例市教育局</div>'
            f'<div class="content">{body}<p>示例市教育局</p><p>{date}</p></div></div></body></html>')


class ChallengeServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0):
        self.hits: Counter = Counter()  # (path, status) -> requests answered
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), ChallengeHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ChallengeHandler(BaseHTTPRequestHandler):
    server: ChallengeServer
    server_version = "edunotice-localportal/1.0"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        if path == VERIFY_SCRIPT:
            return self._send(200, VERIFY_JS, "application/javascript")
        if path.startswith("/gate/"):
            if not self._cleared():
                return self._send(412, CHALLENGE_PAGE, "text/html; charset=utf-8")
            if path == GATE_LIST:
                return self._send(200, _list_page(GATE_NOTICES, "通知公告"), "text/html; charset=utf-8")
            if path in GATE_NOTICES:
                return self._send(200, _notice_page(*GATE_NOTICES[path]), "text/html; charset=utf-8")
        if path == JS_LIST:
            return self._send(200, JS_LIST_PAGE, "text/html; charset=utf-8")
        if path == JS_DATA:
            data = [{"url": url, "title": t, "date": d} for url, (t, d) in JS_NOTICES.items()]
            return self._send(200, json.dumps(data, ensure_ascii=False), "application/json; charset=utf-8")
        if path in JS_NOTICES:
            return self._send(200, _notice_page(*JS_NOTICES[path]), "text/html; charset=utf-8")
        if path == PLAIN_LIST:
            return self._send(200, _list_page(PLAIN_NOTICES, "通知公告"), "text/html; charset=utf-8")
        if path in PLAIN_NOTICES:
            return self._send(200, _notice_page(*PLAIN_NOTICES[path]), "text/html; charset=utf-8")
        return self._send(404, "<html><body>404</body></html>", "text/html; charset=utf-8")

    def _cleared(self) -> bool:
        cookie = SimpleCookie(self.headers.get("Cookie") or "")
        return COOKIE in cookie and cookie[COOKIE].value == solve_gate()

    def _send(self, status: int, text: str, content_type: str) -> None:
        body = text.encode("utf-8")
        with self.server.lock:
            self.server.hits[(urlsplit(self.path).path, status)] += 1
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_challenge(port: int = 0) -> Iterator[ChallengeServer]:
    """Serve the challenge portal and the script-built list for the duration of the block."""
    with running(ChallengeServer(port), "challenge-portal") as server:
        yield server


if __name__ == "__main__":
    with serve_challenge() as served:
        for path in (GATE_LIST, JS_LIST, PLAIN_LIST):
            print(served.base_url + path)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
