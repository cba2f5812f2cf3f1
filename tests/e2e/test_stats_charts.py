"""Issue 16, item 7 in a real browser: the statistics' charts are readable on a phone and a desktop."""
import pytest

from portal.demo import load_demo_statistics
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [320, 1280])
def test_the_charts_words_are_as_large_as_the_pages(app, demo_server, new_page, axe, width):
    with app.app_context():
        load_demo_statistics()
    page = new_page(width=width, height=800)
    log_in(page, demo_server, "coordinator@example.com")
    page.goto(f"{demo_server}/stats/")
    sizes = page.locator(".bar-chart .bar-label, .bar-chart .bar-name, .bar-chart .bar-value").evaluate_all(
        "nodes => nodes.map(node => parseFloat(getComputedStyle(node).fontSize))"
    )
    assert sizes and min(sizes) >= 16, min(sizes)  # the body text's size (was 5-12 px as SVG text)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    bars = page.locator(".bar-chart svg.bar-track").evaluate_all(
        "nodes => nodes.map(node => node.getBoundingClientRect().width)")
    assert bars and min(bars) >= 40  # room for a bar even at 320 px
    started = page.locator("#table-placements ~ .chart-figure .bar-group").first.inner_text()
    assert "12" in started and "färre än 5" not in started  # the demo's figures are large enough to show
    axe(page)
