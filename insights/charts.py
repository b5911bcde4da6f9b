"""Charts of the report, drawn on the server as SVG: no script, no third-party request, readable without sight.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and a ``<desc>`` that says
what the largest values are; the page puts the full data table under it. Every piece of text
is escaped (labels come from the database). Colours keep a 3:1 contrast against the white
ground, and series are told apart by the legend's words as well as by colour.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from insights.report import Table

WIDTH = 720
#: Fill colours of the series, dark enough for 3:1 against white; the legend names each one.
COLOURS = ("#205493", "#b35900", "#6b3fa0", "#2e7d32")
INK = "#1f1f1f"
GRID = "#8a8a8a"
LABEL_CHARS = 34


def _short(text, limit=LABEL_CHARS):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value):
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _svg(table, height, body, summary):
    key = escape(table.key)
    return format_html(
        '<svg class="insights-chart" role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="13">'
        '<title id="chart-{key}-title">{title}</title><desc id="chart-{key}-desc">{desc}</desc>'
        '<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>',
        key=key,
        width=WIDTH,
        height=height,
        title=table.title,
        desc=summary,
        body=mark_safe(body),  # noqa: S308 -- assembled below from escaped parts only
    )


def _empty(table):
    return _svg(
        table,
        60,
        format_html('<text x="16" y="36" fill="{}">No stories in this selection.</text>', INK),
        "No data for this selection.",
    )


def bars(table: Table):
    """Horizontal bars: one per row, labelled with the first column, long by the ``value`` column."""
    rows = [row for row in table.rows if row[table.value]]
    if not rows:
        return _empty(table)
    label_width, row_height, top = 250, 26, 10
    plot = WIDTH - label_width - 70
    largest = max(row[table.value] for row in rows) or 1
    parts = []
    for i, row in enumerate(rows):
        y = top + i * row_height
        length = max(1, round(plot * row[table.value] / largest))
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" fill="{ink}">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
                '<text x="{vx}" y="{ty}" fill="{ink}">{value}</text>',
                lx=label_width - 8,
                ty=y + 17,
                ink=INK,
                label=_short(row[0]),
                x=label_width,
                y=y + 4,
                w=length,
                h=row_height - 8,
                fill=COLOURS[0],
                vx=label_width + length + 6,
                value=_number(row[table.value]),
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{grid}"/>',
            x=label_width,
            top=top,
            bottom=top + len(rows) * row_height,
            grid=GRID,
        )
    )
    first = rows[0]
    summary = (
        f"{table.columns[table.value]} by {table.columns[0].lower()}, {len(rows)} bars. "
        f"Largest: {first[0]}, {_number(first[table.value])}."
    )
    return _svg(table, top * 2 + len(rows) * row_height, "".join(parts), summary)


def _axis_labels(labels, x_of, baseline):
    """Period labels under the columns, thinned so they never overlap."""
    step = max(1, -(-len(labels) * 56 // (WIDTH - 80)))
    return "".join(
        format_html(
            '<text x="{x}" y="{y}" text-anchor="middle" fill="{ink}">{label}</text>',
            x=x_of(i),
            y=baseline + 18,
            ink=INK,
            label=label,
        )
        for i, label in enumerate(labels)
        if i % step == 0
    )


def columns(table: Table):
    """Vertical columns over time: the first column holds the period, ``value`` the height."""
    rows = table.rows
    if not rows or not any(row[table.value] for row in rows):
        return _empty(table)
    left, top, plot_height = 56, 16, 180
    baseline = top + plot_height
    slot = (WIDTH - left - 16) / len(rows)
    largest = max(row[table.value] for row in rows) or 1
    parts = [
        format_html(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{g}"/>'
            '<text x="{tx}" y="{ty}" text-anchor="end" fill="{ink}">{top_value}</text>'
            '<line x1="{l}" y1="{t}" x2="{r}" y2="{t}" stroke="{g}" stroke-dasharray="3 3"/>',
            l=left,
            r=WIDTH - 16,
            b=baseline,
            t=top,
            g=GRID,
            tx=left - 6,
            ty=top + 4,
            ink=INK,
            top_value=_number(largest),
        )
    ]
    for i, row in enumerate(rows):
        height = round(plot_height * row[table.value] / largest)
        parts.append(
            format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>',
                x=round(left + i * slot + slot * 0.15, 1),
                y=baseline - height,
                w=round(slot * 0.7, 1),
                h=height,
                fill=COLOURS[0],
            )
        )
    parts.append(_axis_labels([row[0] for row in rows], lambda i: round(left + (i + 0.5) * slot), baseline))
    peak = max(rows, key=lambda row: row[table.value])
    summary = (
        f"{table.columns[table.value]} per period from {rows[0][0]} to {rows[-1][0]}. "
        f"Highest: {_number(peak[table.value])} in {peak[0]}."
    )
    return _svg(table, baseline + 28, "".join(parts), summary)


def stacked(table: Table):
    """100 % columns per period: each series' share, with a legend naming the series."""
    rows = table.rows
    totals = [sum(row[s] for s in table.series) for row in rows]
    if not any(totals):
        return _empty(table)
    left, top, plot_height = 56, 40, 170
    baseline = top + plot_height
    slot = (WIDTH - left - 16) / len(rows)
    parts = []
    for n, series in enumerate(table.series):
        parts.append(
            format_html(
                '<rect x="{x}" y="10" width="14" height="14" fill="{fill}"/>'
                '<text x="{tx}" y="22" fill="{ink}">{name}</text>',
                x=left + n * 150,
                fill=COLOURS[n],
                tx=left + n * 150 + 20,
                ink=INK,
                name=table.columns[series],
            )
        )
    for label, y in (("100 %", top), ("50 %", top + plot_height / 2), ("0 %", baseline)):
        parts.append(
            format_html(
                '<text x="{tx}" y="{ty}" text-anchor="end" fill="{ink}">{label}</text>'
                '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{g}" stroke-dasharray="3 3"/>',
                tx=left - 6,
                ty=round(y + 4),
                ink=INK,
                label=label,
                l=left,
                r=WIDTH - 16,
                y=y,
                g=GRID,
            )
        )
    for i, (row, total) in enumerate(zip(rows, totals, strict=True)):
        if not total:
            continue
        y = baseline
        for n, series in enumerate(table.series):
            height = plot_height * row[series] / total
            y -= height
            parts.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>',
                    x=round(left + i * slot + slot * 0.15, 1),
                    y=round(y, 1),
                    w=round(slot * 0.7, 1),
                    h=round(height, 1),
                    fill=COLOURS[n],
                )
            )
    parts.append(_axis_labels([row[0] for row in rows], lambda i: round(left + (i + 0.5) * slot), baseline))
    sums = [sum(row[s] for row in rows) for s in table.series]
    overall = sum(sums)
    shares = ", ".join(
        f"{table.columns[s]} {round(100 * part / overall)} %" for s, part in zip(table.series, sums, strict=True)
    )
    summary = f"Share of each kind per period from {rows[0][0]} to {rows[-1][0]}. Over the whole range: {shares}."
    return _svg(table, baseline + 28, "".join(parts), summary)


CHARTS = {"bars": bars, "columns": columns, "stacked": stacked}


def draw(table: Table):
    """The SVG of ``table`` as its ``chart`` says."""
    return CHARTS[table.chart](table)
