"""Lesson page weight: what a phone downloads for one lesson, and whether anything comes
from another origin.

Fetches the page as a logged-in learner, then every stylesheet, script, font, icon and
other resource it (or its CSS) loads, with Accept-Encoding: gzip, br as a browser sends
it. Images are listed but not counted in the weight (the target excludes them). Any
resource URL on another host is a third-party request; links (<a href>) are not requests.
"""

import re
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# What a phone may download for one page, images excepted (lesson pages and the home page;
# bench/run.py reports both against it, tests/lms/test_site.py checks the home page).
PAGE_BUDGET_KB = 60

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico")


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(
                word in rel
                for word in ("stylesheet", "icon", "preload", "manifest", "modulepreload")
            ):
                self.urls.append(("image" if "icon" in rel else "asset", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.urls.append(("asset", attrs["src"]))
        elif tag in ("img", "source") and (attrs.get("src") or attrs.get("srcset")):
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append(("image", candidate.strip().split()[0]))
            if attrs.get("src"):
                self.urls.append(("image", attrs["src"]))
        elif tag in ("iframe", "video", "audio", "embed", "object") and (
            attrs.get("src") or attrs.get("data")
        ):
            self.urls.append(("asset", attrs.get("src") or attrs.get("data")))
        if attrs.get("style") and "url(" in attrs["style"]:
            for match in CSS_URL.finditer(attrs["style"]):
                self.urls.append(("image", match.group(1) or match.group(2)))


def _get(url: str, cookie: str) -> tuple[int, bytes, str]:
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": "gzip, br", "Cookie": cookie, "User-Agent": "bench"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (our own server)
        body = response.read()
        return len(body), body, response.headers.get("Content-Encoding", "")


def page_weight(base: str, path: str, cookie: str) -> dict:
    origin = urlsplit(base).netloc
    page_url = urljoin(base, path)
    size, body, _ = _get(page_url, cookie)
    parser = _Resources()
    parser.feed(body.decode("utf-8", "replace"))
    total = size
    uncompressed = size
    assets, images, third_party = [], [], []
    queue = [(kind, urljoin(page_url, url)) for kind, url in parser.urls]
    seen = set()
    while queue:
        kind, url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if urlsplit(url).netloc != origin:
            third_party.append(url)
            continue
        if kind == "image" or urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS):
            images.append(url)
            continue
        transferred, content, encoding = _get(url, cookie)
        total += transferred
        plain = urllib.request.urlopen(url).read()  # noqa: S310
        uncompressed += len(plain)
        assets.append({"url": url, "bytes": transferred, "encoding": encoding})
        if url.split("?")[0].endswith(".css"):
            for match in CSS_URL.finditer(plain.decode("utf-8", "replace")):
                target = match.group(1) or match.group(2)
                queue.append(("asset", urljoin(url, target)))
    return {
        "kb": round(total / 1024, 1),
        "kb_uncompressed": round(uncompressed / 1024, 1),
        "html_bytes": size,
        "assets": assets,
        "images_not_counted": images,
        "third_party": third_party,
    }
