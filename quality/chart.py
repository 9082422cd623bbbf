"""The trend chart: server-rendered inline SVG, no script and no stylesheet (presentation
attributes, which the Content-Security-Policy's style-src does not govern). Accessible: the SVG has a title and
a description, each point a <title> with its figures, and the page shows the same numbers in a
table beside it."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 16, 16, 36


def _label(run) -> str:
    return timezone.localtime(run.started_at).strftime("%d-%m")


def _when(run) -> str:
    return timezone.localtime(run.started_at).strftime("%d-%m-%Y %H:%M")


def trend_svg(points, *, title: str = "Antal fund pr. kontrolkørsel") -> SafeString:
    """A line of the total findings per run (oldest left), with a dot per run."""
    if not points:
        return mark_safe("")
    top = max(max(p.total for p in points), 1)
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def xy(i, value):
        return PAD_LEFT + i * step, PAD_TOP + inner_h - inner_h * value / top

    coords = [xy(i, p.total) for i, p in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="#0059b3"><title>{}: {} fund</title></circle>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#333">{}</text>',
        (
            (f"{x:.1f}", f"{y:.1f}", _when(p.run), p.total, f"{x:.1f}", HEIGHT - 12, _label(p.run))
            for (x, y), p in zip(coords, points, strict=True)
        ),
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb"/>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#333">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#333">0</text>',
        PAD_LEFT, PAD_TOP, WIDTH - PAD_RIGHT, PAD_TOP,
        PAD_LEFT, f"{PAD_TOP + inner_h:.1f}", WIDTH - PAD_RIGHT, f"{PAD_TOP + inner_h:.1f}",
        PAD_LEFT - 6, PAD_TOP + 4, top,
        PAD_LEFT - 6, f"{PAD_TOP + inner_h + 4:.1f}",
    )  # fmt: skip
    description = f"{len(points)} kørsler; senest {points[-1].total} fund, højst {top}."
    return format_html(
        '<svg class="quality-trend" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="quality-trend-title quality-trend-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="quality-trend-title">{}</title><desc id="quality-trend-desc">{}</desc>'
        '{}<polyline points="{}" fill="none" stroke="#0059b3" stroke-width="2"/>{}</svg>',
        WIDTH, HEIGHT, title, description, axis, line, dots,
    )  # fmt: skip
