"""Issue 16: nothing scrolls sideways at 320 px (WCAG 1.4.10, reflow), for any role, in either language.

Each demo role logs in and follows the links from its dashboard (same-site, GET only, at most
PAGES_PER_ROLE pages, a few of each kind; tests/e2e/layout.py); every page must fit a 320 px
window: the document no wider than the window and no element or text sticking out past its
edge unless a scroll box of its own (a wide table's) holds it. Every kind of page is also
checked by axe-core. The guide's topics, which anyone reaches, are all checked.
"""
import pytest

from portal.agreements.demo import load_demo_agreement
from portal.guide.content import knowledge_base

from .layout import LOCALES, ROLES, crawl, log_in, overflow, page_kind

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_with_agreement(app, demo_server):
    """The demo data with its signed agreement, so that the agreement pages are crawled too."""
    with app.app_context():
        load_demo_agreement(quiet=True)
    return demo_server


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_every_page_a_role_reaches_fits_320_px(lang, demo_with_agreement, new_page, axe):
    base_url = demo_with_agreement
    problems, visited = [], 0
    for role, email in ROLES.items():
        page = new_page(locale=LOCALES[lang], width=320)
        log_in(page, base_url, email)
        checked_kinds = set()
        for url in crawl(page, base_url):
            visited += 1
            assert page.locator("html").get_attribute("lang") == lang, url
            result = overflow(page)
            if result["problems"]:
                problems.append(f"{role} {url}:\n    " + "\n    ".join(result["problems"][:8]))
            kind = page_kind(url.removeprefix(base_url).split("?")[0])
            if lang == "sv" and kind not in checked_kinds:
                checked_kinds.add(kind)
                axe(page)
    assert visited >= 4 * 8, f"the crawl reached only {visited} pages: are the dashboards' links found?"
    assert not problems, f"{len(problems)} page(s) do not fit 320 px:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_every_guide_topic_fits_320_px(lang, app, live_server, new_page):
    page = new_page(locale=LOCALES[lang], width=320)
    problems = []
    with app.app_context():
        topics = list(knowledge_base().topics)
    for topic in topics:
        page.goto(f"{live_server}/guide/topics/{topic}")
        result = overflow(page)
        if result["problems"]:
            problems.append(f"{topic}: " + "; ".join(result["problems"][:4]))
    assert not problems, "guide topics that do not fit 320 px:\n" + "\n".join(problems)


def test_the_overflow_check_finds_what_sticks_out(live_server, new_page):
    """The check itself: a long word, a wide box and hidden text escaping a scroll box are all found."""
    page = new_page(width=320)
    page.goto(live_server)
    # Styles set through the DOM: the page's Content-Security-Policy refuses style attributes.
    page.evaluate("""() => {
      const add = (parent, tag, id, text, style) => {
        const el = document.createElement(tag);
        el.id = id; el.textContent = text; Object.assign(el.style, style); parent.append(el); return el;
      };
      const main = document.querySelector('main');
      add(main, 'p', 'long', 'Arbetsmiljöverketsföreskrifterochallmännaråd', {overflowWrap: 'normal'});
      add(main, 'div', 'wide', 'x', {width: '500px'});
      const box = add(main, 'div', 'box', '', {overflowX: 'auto'});
      add(box, 'span', 'hidden', 'escapes', {left: '800px'}).className = 'visually-hidden';
    }""")
    found = "\n".join(overflow(page)["problems"])
    assert "p#long" in found and "div#wide" in found and "span#hidden" in found, found
