"""Long lists (job-seekers, organisations): a page at a time, narrowed by a search box."""
from flask import redirect, url_for

from .extensions import db

PER_PAGE = 50  # rows on a page of a list


def escape_like(text):
    """Search for the text as typed: % and _ are not wildcards here."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text):
    """The column contains the text, whatever its case (a-z only on SQLite)."""
    return column.ilike(f"%{escape_like(text)}%", escape="\\")


def one_page(query, endpoint, search):
    """(the page asked for in ?page=, None), or (None, a redirect) for a page past the end (an old
    link): to the last page, keeping the search."""
    rows = db.paginate(query, per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    if rows.total and rows.page > rows.pages:
        return None, redirect(url_for(endpoint, page=rows.pages, q=search or None))
    return rows, None
