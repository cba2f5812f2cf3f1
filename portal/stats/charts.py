"""Bar charts drawn on the server as SVG: no JavaScript, readable by screen readers.

Each chart has a <title> and <desc>, and the same figures stand in a table beside it.
"""
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .suppression import SMALL, is_hidden

GENDER_COLOURS = {"woman": "#0b4f6c", "man": "#b35c00", "other": "#4c6b22"}
BAR_HEIGHT = 16
ROW_GAP = 14
LABEL_WIDTH = 260
PLOT_WIDTH = 320


def bar_chart(table, column_labels):
    """A grouped horizontal bar chart of a table's gender columns (not the total)."""
    genders = [column for column in ("woman", "man", "other")]
    values = [value for _label, row in table.rows for value in (row[g] for g in genders) if not is_hidden(value)]
    scale_max = 100 if table.kind == "percent" else max(values or [1])
    group_height = len(genders) * BAR_HEIGHT + ROW_GAP
    legend_height = 28
    height = legend_height + len(table.rows) * group_height + 10
    width = LABEL_WIDTH + PLOT_WIDTH + 90
    title_id = f"chart-{table.id}-title"
    desc_id = f"chart-{table.id}-desc"
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(table.title)}</title>',
        f'<desc id="{desc_id}">{escape(_("The same figures are in the table below the chart."))}</desc>',
    ]
    for index, gender in enumerate(genders):
        x = LABEL_WIDTH + index * 110
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{GENDER_COLOURS[gender]}"/>')
        parts.append(f'<text x="{x + 18}" y="16" font-size="12">{escape(column_labels[gender])}</text>')
    for row_index, (label, row) in enumerate(table.rows):
        top = legend_height + row_index * group_height
        parts.append(f'<text x="0" y="{top + BAR_HEIGHT * 1.5 + 4}" font-size="12">{escape(_shorten(str(label)))}</text>')
        for index, gender in enumerate(genders):
            y = top + index * BAR_HEIGHT
            value = row[gender]
            if is_hidden(value):
                parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 12}" font-size="11" fill="#505a5f">'
                             f'{escape(hidden_label(value))}</text>')
                continue
            length = 0 if not scale_max else PLOT_WIDTH * value / scale_max
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{BAR_HEIGHT - 4}" '
                         f'fill="{GENDER_COLOURS[gender]}"/>')
            shown = f"{value} %" if table.kind == "percent" else str(value)
            parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 12}" font-size="11">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(text, limit=40):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hidden_label(value):
    return _("fewer than 5") if value == SMALL else _("hidden")
