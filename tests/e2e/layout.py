"""What each role reaches from its dashboard, and whether a page fits its window.

Shared by the reflow test (tests/e2e/test_layout.py) and `make screenshots`
(scripts/screenshots.py): both log in as each demo role, follow the same-site links from the
dashboard (GET only, HTML only, a bounded number of pages) and look at every page.
"""
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

from portal.demo import DEMO_PASSWORD

ROLES = {
    "employer": "employer@example.com",
    "union": "union@example.com",
    "jobseeker": "jobseeker@example.com",
    "coordinator": "coordinator@example.com",
}
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
PAGES_PER_ROLE = 60
# Pages of the same kind (another slot, another topic, the next page of a list) look alike:
# a handful of each is enough, so one long list cannot use up the whole allowance.
PAGES_PER_KIND = 4
# Links that leave the role's pages or change something when followed.
SKIPPED_PATHS = ("/logout", "/login", "/static/")

# A page overflows when the document is wider than the window (the page scrolls sideways), or
# when any element sticks out past the window's right edge without a scroll box of its own that
# clips it, or when a box that hides its overflow cuts off its own content (clipped headings).
# Absolutely positioned elements are clipped only by scroll boxes at or above their containing
# block: visually hidden text in a table whose scroll box is not positioned escapes it.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (el.classList.length) name += '.' + [...el.classList].join('.');
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return text ? name + ' "' + text + '"' : name;
  };
  const clippedByAncestor = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    const containingBlock = position === 'absolute' ? el.offsetParent : null;
    let reached = position !== 'absolute';
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (!reached && node === containingBlock) reached = true;
      if (reached && getComputedStyle(node).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.right <= 0) continue;  // wholly off to the left on purpose (the skip link)
    if ((rect.right > width + 1 || rect.left < -1) && !clippedByAncestor(el)) {
      problems.push(describe(el) + ' reaches ' + Math.round(rect.right) + ' px');
      continue;
    }
    const style = getComputedStyle(el);
    if ((style.overflowX === 'hidden' || style.overflowX === 'clip') && rect.width > 2
        && el.scrollWidth > el.clientWidth + 1 && !el.matches('.visually-hidden, .visually-hidden *')
        && !el.matches('input, select')) {  // a long value scrolls inside its own field, as fields do
      problems.push(describe(el) + ' cuts off its content (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');
    }
  }
  // Text is not an element: a long word or address overflows its paragraph, whose box still fits.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim() || parent.closest('script, style, .visually-hidden')) continue;
    range.selectNodeContents(node);
    const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
    if (right > width + 1 && getComputedStyle(parent).overflowX === 'visible' && !clippedByAncestor(parent)) {
      problems.push(describe(parent) + ': its text reaches ' + Math.round(right) + ' px');
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, problems: problems};
}"""


def log_in(page, base_url, email, password=DEMO_PASSWORD):
    """Log in through the form whatever the language (the fields are found by name)."""
    page.goto(f"{base_url}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def overflow(page):
    """{scrollWidth, clientWidth, problems}: problems is empty when the page fits."""
    result = page.evaluate(OVERFLOW_SCRIPT)
    if result["scrollWidth"] > result["clientWidth"]:
        result["problems"].insert(
            0, f"the page is {result['scrollWidth']} px wide in a {result['clientWidth']} px window"
        )
    return result


def page_kind(path):
    """/slots/12/edit and /slots/13/edit are one kind, as are two guide topics: ids become '*'."""
    parts = []
    for part in path.strip("/").split("/"):
        is_id = any(c.isdigit() for c in part) or len(part) > 24 or parts[-1:] == ["topics"]
        parts.append("*" if is_id else part)
    return "/" + "/".join(parts)


def same_site_links(page, base_url):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    links = []
    for href in hrefs:
        url, _fragment = urldefrag(urljoin(page.url, href))
        parts = urlsplit(url)
        if not url.startswith(base_url) or any(parts.path.startswith(p) for p in SKIPPED_PATHS):
            continue
        if "lang=" in parts.query:  # the language switch: each language is crawled on its own
            continue
        links.append(url)
    return links


def crawl(page, base_url, start="/dashboard/", limit=PAGES_PER_ROLE):
    """Visit the start page and the HTML pages linked from it, breadth first; yield each URL.

    The caller looks at the page while it is open. PDFs and CSV files are skipped (asked for by
    the browser context's request API first, which shares the login cookie), as are redirects
    away from the site.
    """
    queue = deque([urljoin(base_url, start)])
    seen, kinds, visited = set(queue), {}, 0
    while queue and visited < limit:
        url = queue.popleft()
        kind = page_kind(urlsplit(url).path)
        if kinds.get(kind, 0) >= PAGES_PER_KIND:
            continue
        head = page.context.request.get(url)
        if (head.status != 200 or not head.url.startswith(base_url)
                or not head.headers.get("content-type", "").startswith("text/html")):
            continue
        page.goto(url)
        kinds[kind] = kinds.get(kind, 0) + 1
        visited += 1
        yield url
        for link in same_site_links(page, base_url):
            if link not in seen:
                seen.add(link)
                queue.append(link)
