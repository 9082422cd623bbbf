"""The impact report (`impact.impact_between`) as Danish lines, for the command."""

SHOWN = 20  # rows per list on the terminal; the stored package keeps up to impact.LIST_LIMIT


def _some(rows: list, total: int, render) -> list[str]:
    lines = [render(row) for row in rows[:SHOWN]]
    if total > len(lines):
        lines.append(f"  … og {total - len(lines)} flere")
    return lines


def _gln(row) -> str:
    if not row:
        return "intet"
    types = ", ".join(row["message_types"]) or "ingen meddelelsestyper"
    return f"{row['gln']} ({types})"


def impact_lines(plan, impact: dict) -> list[str]:
    lines = [
        f"Omstrukturering: {plan.name} (sag {plan.case_number}), gælder fra {plan.effective_date:%d-%m-%Y}",
        f"Operationer: {impact['operations']}; enheder, der skifter institutionsejer: {impact['units_changing_ie']}",
        "Enheder pr. institutionsejer (før → efter):",
    ]
    lines += [f"  {row['name']} ({row['sor_id']}): {row['before']} → {row['after']}" for row in impact["ies"]]
    if impact["created"]:
        lines.append("Oprettes: " + ", ".join(f"{u['name']}" for u in impact["created"] if u))
    if impact["closed"]:
        lines.append("Lukkes: " + ", ".join(f"{u['name']} ({u['sor_id']})" for u in impact["closed"] if u))
    for row in impact["replacements"]:
        lines.append(f"Erstattes: {row['unit']['name']} erstattes af {row['successor']['name']}")
    # Changes inside one IE (issue 23; packages stored before them have no such keys).
    if impact.get("renamed"):
        lines.append(f"Omdøbes: {impact['renamed_count']}")
        lines += _some(
            impact["renamed"],
            impact["renamed_count"],
            lambda row: f"  {row['before']} ({row['sor_id']}) → {row['after']}",
        )
    if impact.get("retyped"):
        lines.append(f"Skifter enhedstype: {impact['retyped_count']}")
        lines += _some(
            impact["retyped"],
            impact["retyped_count"],
            lambda row: f"  {row['name']} ({row['sor_id']}): {row['before']} → {row['after']}",
        )
    if impact.get("same_name"):
        lines.append(f"Samme navn under samme overliggende enhed: {impact['same_name_count']}")
        lines += _some(
            impact["same_name"],
            impact["same_name_count"],
            lambda row: (
                f"  {row['name']} under {row['parent']}: "
                + ", ".join(f"{u['name']} ({u['sor_id']})" for u in row["units"])
            ),
        )
    if impact.get("moved_within_ie"):
        lines.append(f"Flyttes inden for samme institutionsejer: {impact['moved_within_ie_count']}")
        lines += _some(
            impact["moved_within_ie"],
            impact["moved_within_ie_count"],
            lambda row: f"  {row['name']} ({row['sor_id']}): {row['from_parent']} → {row['to_parent']}",
        )
    lines.append(f"Lokationsnumre, der skifter institutionsejer: {impact['gln_moves_count']}")
    lines += _some(
        impact["gln_moves"],
        impact["gln_moves_count"],
        lambda row: f"  {_gln(row)} på {row['name']} ({row['sor_id']}): {row['from_ie']} → {row['to_ie']}",
    )
    lines.append(f"Enheder, der arver et andet lokationsnummer: {impact['inheritance_count']}")
    lines += _some(
        impact["inheritance"],
        impact["inheritance_count"],
        lambda row: f"  {row['name']} ({row['sor_id']}): {_gln(row['before'])} → {_gln(row['after'])}",
    )
    if impact["administrators"]:
        lines.append("Administratorer, der får eller mister enheder (før → efter):")
        lines += [f"  {row['user']}: {row['before']} → {row['after']}" for row in impact["administrators"]]
    return lines
