"""The results page lists every answer of every municipality (a district of 13 municipalities
and 75 questions: about 1,000 table rows). Rendering those rows with template tags took most of
the page's time; this filter renders them in one pass, escaped and localised as the template
would do it."""

from typing import Any

from django import template
from django.template.defaultfilters import add, stringformat, truncatechars
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _number(value: Any) -> str:
    """As the template shows a number: localised (decimal comma); integers print as they are
    because the project does not group thousands (USE_THOUSAND_SEPARATOR is off)."""
    return str(value) if type(value) is int else localize(value)


@register.filter
def municipality_rows(by_municipality: dict[str, Any]) -> SafeString:
    return format_html_join(
        "",
        '<tr class="kern-table__row"><th scope="row" class="kern-table__cell">{}</th>'
        '<td class="kern-table__cell">{}</td></tr>',
        ((name, localize(value)) for name, value in by_municipality.items()),
    )


@register.simple_tag
def bar_chart_svg(result: Any, title: str) -> SafeString:
    """The SVG bar chart of one question, as the template drew it (same markup and numbers);
    `title` is the translated "Answers to …" text."""
    chart = result.chart
    counts = ", ".join(f"{label} {_number(n)}" for label, n in result.counts)
    bars = format_html_join(
        "\n",
        '<text x="{}" y="{}" text-anchor="end">{}</text>\n'
        '<rect x="{}" y="{}" width="{}" height="{}"></rect>\n'
        '<text x="{}" y="{}">{}</text>',
        (
            (
                _number(add(chart.label_width, -8)),
                _number(add(bar.y, 15)),
                truncatechars(bar.label, 32),
                _number(chart.label_width),
                _number(bar.y),
                stringformat(bar.width, ".1f"),
                _number(chart.bar_height),
                stringformat(bar.text_x, ".1f"),
                _number(add(bar.y, 15)),
                _number(bar.value),
            )
            for bar in chart.bars
        ),
    )
    return format_html(
        '<svg class="bar-chart" viewBox="{}" width="{}" height="{}" role="img" '
        'aria-labelledby="chart-{}">\n<title id="chart-{}">{}: {}</title>\n{}\n</svg>',
        chart.view_box,
        stringformat(chart.width, "g"),
        stringformat(chart.height, "g"),
        result.name,
        result.name,
        title,
        counts,
        bars,
    )
