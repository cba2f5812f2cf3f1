"""Small-number suppression, so that no individual can be recognised in the statistics.

A count below MIN_CELL is shown as "fewer than 5". If that leaves exactly one hidden cell in a
row that also shows its total, the hidden number could be worked out by subtraction, so the
smallest other cell is hidden too (secondary suppression, shown as "hidden"). Shares and means are hidden when
they rest on fewer than MIN_CELL people.
"""
MIN_CELL = 5
SMALL = "fewer-than-5"  # shown as "fewer than 5"
PROTECTED = "protected"  # not small itself, hidden so that a small cell cannot be worked out


def is_hidden(value):
    return value in (SMALL, PROTECTED)


def suppress_row(counts, total_key="total"):
    """counts: {column: int} including the total. Returns the same keys with hidden cells marked."""
    small = {key for key, value in counts.items() if value < MIN_CELL}
    protected = set()
    parts = [key for key in counts if key != total_key]
    if total_key not in small and len([key for key in parts if key in small]) == 1:
        shown = sorted((counts[key], key) for key in parts if key not in small)
        if shown:
            protected.add(shown[0][1])
    return {key: SMALL if key in small else PROTECTED if key in protected else value for key, value in counts.items()}


def suppress_column(rows, column):
    """The same protection down a column: rows (dicts) whose values add up to a shown total row.

    rows[-1] is the total row. If exactly one row's cell is hidden, hide the smallest other one.
    """
    cells = [row[column] for row in rows[:-1]]
    if is_hidden(rows[-1][column]):
        return rows
    hidden = [index for index, value in enumerate(cells) if is_hidden(value)]
    if len(hidden) == 1:
        shown = sorted((value, index) for index, value in enumerate(cells) if not is_hidden(value))
        if shown:
            rows[shown[0][1]][column] = PROTECTED
    return rows


def share(part, whole):
    """A percentage, or None when it rests on too few people or would reveal a group under five
    (those with the outcome, or those without it)."""
    if min(whole, part, whole - part) < MIN_CELL:
        return SMALL
    return round(100 * part / whole)


def mean(total, count):
    if count < MIN_CELL:
        return SMALL
    return round(total / count, 1)
