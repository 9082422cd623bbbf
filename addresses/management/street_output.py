"""What the street import commands (import_streets, import_dar) share: their common options,
whether an import is worth an audit event, and the report's closing lines."""

from collections import Counter


def add_import_options(parser, *, complete_help: str) -> None:
    parser.add_argument("--complete", action="store_true", help=complete_help)
    parser.add_argument("--reason", default="", help="Begrundelse til ændringsloggen.")
    parser.add_argument(
        "--show-rejected", type=int, default=20, help="Hvor mange afviste rækker der vises (standard 20)."
    )


def worth_recording(report, complete: bool) -> bool:
    return bool(report.added or report.updated or report.links_added or report.links_removed or complete)


def write_links_and_rejected(write, report, *, show_rejected: int, line_numbers: bool) -> None:
    write(f"Vej-postnummer-relationer tilføjet: {report.links_added}, fjernet: {report.links_removed}.")
    codes = report.completed_postal_codes
    if codes:
        listed = ", ".join(codes) if len(codes) <= 20 else f"{len(codes)} postnumre"
        write(f"Komplet vejliste for postnumrene: {listed}.")
    if not report.rejected:
        return
    write("Afviste rækker efter årsag:")
    for text, count in Counter(r.kind or r.reason for r in report.rejected).most_common():
        write(f"  {count} × {text}")
    for rejected in report.rejected[:show_rejected]:
        write(f"  linje {rejected.line}: {rejected.reason}" if line_numbers else f"  {rejected.reason}")
    if len(report.rejected) > show_rejected:
        write(f"  … og {len(report.rejected) - show_rejected} flere.")
