"""Bar charts made on the server: no JavaScript, and the same figures in the table beside each.

The words and figures are HTML text, at the page's own size on every screen (an SVG's text shrinks
with the drawing: 11 px at 1280 and 5 px at 320 px wide); only each bar is a small SVG, stretched
to the width left for it, with a rectangle as long as its share of the scale (an SVG attribute,
so the CSP's style-src 'self' needs no inline style). Each bar says whose it is in words, so the
colours are a help, not the only way to tell them apart. Screen readers read the table instead:
the chart is one image named by its title.
"""
from flask_babel import gettext as _
from markupsafe import Markup

from .suppression import SMALL, is_hidden

GENDER_COLOURS = {"woman": "#0b4f6c", "man": "#b35c00", "other": "#4c6b22"}


def bar_chart(table, column_labels):
    """A grouped horizontal bar chart of a table's gender columns (not the total)."""
    genders = ("woman", "man", "other")
    values = [value for _label, row in table.rows for value in (row[g] for g in genders) if not is_hidden(value)]
    scale_max = 100 if table.kind == "percent" else max(values or [1]) or 1
    name = _("%(title)s. The same figures are in the table below the chart.", title=str(table.title))
    parts = [Markup('<div class="bar-chart" role="img" aria-label="{}">').format(name)]
    for label, row in table.rows:
        parts.append(Markup('<div class="bar-group"><p class="bar-label">{}</p>').format(str(label)))
        for gender in genders:
            value = row[gender]
            parts.append(Markup('<div class="bar-row"><span class="bar-name">{}</span>').format(str(column_labels[gender])))
            if is_hidden(value):
                parts.append(Markup('<span class="bar-track"></span><span class="bar-value suppressed">{}</span>')
                             .format(hidden_label(value)))
            else:
                length = max(0.0, min(100.0, 100 * value / scale_max))
                shown = f"{value} %" if table.kind == "percent" else str(value)
                parts.append(Markup(
                    '<svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" '
                    'aria-hidden="true"><rect width="{:.1f}" height="10" fill="{}"/></svg>'
                    '<span class="bar-value">{}</span>'
                ).format(length, GENDER_COLOURS[gender], shown))
            parts.append(Markup("</div>"))
        parts.append(Markup("</div>"))
    parts.append(Markup("</div>"))
    return Markup("").join(parts)


def hidden_label(value):
    return _("fewer than 5") if value == SMALL else _("hidden")
