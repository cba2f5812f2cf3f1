"""Long lists (job-seekers, organisations): a page at a time, narrowed by a search box."""
from flask import redirect, request, url_for

from .extensions import db

PER_PAGE = 50  # rows on a page of a list
LAST_PAGE_ASKED = 10**9  # a larger ?page= is read as this one (still past the end of any list)


def escape_like(text):
    """Search for the text as typed: % and _ are not wildcards here."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text):
    """The column contains the text, whatever its case (a-z only on SQLite)."""
    return column.ilike(f"%{escape_like(text)}%", escape="\\")


def one_page(query, endpoint, search):
    """(the page asked for in ?page=, None), or (None, a redirect) for a page past the end (an old
    link): to the last page, keeping the search."""
    page = request.args.get("page", 1, type=int)
    # A page number so large that its first row is past what the database counts in (2**63) is
    # simply past the end: the redirect below goes to the last page.
    page = min(max(page, 1), LAST_PAGE_ASKED)
    rows = db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    if rows.total and rows.page > rows.pages:
        return None, redirect(url_for(endpoint, page=rows.pages, q=search or None))
    return rows, None
