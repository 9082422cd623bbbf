"""Prints the load test's figures from locust's CSV statistics (`--csv PREFIX` writes
PREFIX_stats.csv): per page, the log-in wave and the steady browsing apart (the locustfile names
each request `<phase>:<page>`), with requests, errors, p50 and p95 in ms, and whether the steady
phase meets the goal (0 errors; p95 ≤ 150 ms for tree, details and search).

    python bench/load/report.py var/load/25 var/load/50 var/load/100

Standard library only, so it runs in either environment.
"""

import csv
import sys
from pathlib import Path

GOAL_MS = 150
GOAL_PAGES = ("træ", "detaljer", "søg")  # tree, details, search: the pages the goal names


def rows(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["Name"] != "Aggregated"]


def ms(value: str) -> str:
    return "–" if value in ("", "N/A") else f"{float(value):.0f}"


def table(prefix: str) -> tuple[str, bool]:
    lines = [f"### {Path(prefix).name} administratorer ({prefix}_stats.csv)", ""]
    loadavg = Path(f"{prefix}.loadavg")
    if loadavg.exists():  # written by run.sh: the shared machine's load before and after
        lines += ["; ".join(loadavg.read_text(encoding="utf-8").split("\n")).strip("; "), ""]
    lines += [
        "| fase | side | kald | fejl | p50 ms | p95 ms | mål |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    met = True
    for row in sorted(rows(prefix), key=lambda r: (r["Name"].split(":")[0] != "wave", r["Name"])):
        phase, _, page = row["Name"].partition(":")
        goal = ""
        if phase == "steady":
            errors_ok = int(row["Failure Count"]) == 0
            time_ok = not page.startswith(GOAL_PAGES) or float(row["95%"]) <= GOAL_MS
            goal = "ok" if errors_ok and time_ok else "IKKE NÅET"
            met = met and errors_ok and time_ok
        lines.append(
            f"| {'log-in-bølge' if phase == 'wave' else 'stabil'} | {row['Type']} {page} "
            f"| {row['Request Count']} | {row['Failure Count']} | {ms(row['50%'])} | {ms(row['95%'])} | {goal} |"
        )
    return "\n".join(lines), met


def main(prefixes: list[str]) -> int:
    if not prefixes:
        sys.exit(__doc__)
    all_met = True
    for prefix in prefixes:
        text, met = table(prefix)
        all_met = all_met and met
        print(text, end="\n\n")
    print(
        f"Mål (stabil fase: 0 fejl; p95 ≤ {GOAL_MS} ms for træ, detaljer og søgning): "
        + ("nået" if all_met else "ikke nået")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
