"""Trees for tests: the demo-like tree the GUI view tests share (`build_demo`) and `outline`,
a tree on a date (hierarchy.asof.tree_as_of) as indented names to compare against.

The demo-like tree mirrors the training material: Allerød Kommune → a sundhedsinstitution →
"Allerød Kommunes Tandpleje" → "Tandplejen Blovstrød Skole", with a "Blovstrød Skole" OE
elsewhere in the tree and another kommune beside it."""

from dataclasses import dataclass

from hierarchy.models import Unit
from tests import factories


@dataclass
class Demo:
    kommune: Unit
    si: Unit
    tandpleje: Unit
    tandplejen_blovstrod: Unit
    skoler: Unit
    blovstrod_skole: Unit
    aeldre: Unit
    other_kommune: Unit
    other_si: Unit
    other_oe: Unit


def build_demo(kommune: Unit, other_kommune: Unit) -> Demo:
    si = factories.si(kommune, "Center for Sundhed og Omsorg")
    tandpleje = factories.oe(si, "Allerød Kommunes Tandpleje")
    tandplejen_blovstrod = factories.oe(tandpleje, "Tandplejen Blovstrød Skole")
    skoler = factories.oe(si, "Skoler og Dagtilbud")
    blovstrod_skole = factories.oe(skoler, "Blovstrød Skole")
    aeldre = factories.oe(si, "Ældreplejen Lyngehus")
    other_si = factories.si(other_kommune, "Sundhed og Omsorg Aarhus")
    other_oe = factories.oe(other_si, "Hjemmeplejen Aarhus Midt")
    return Demo(
        kommune=kommune,
        si=si,
        tandpleje=tandpleje,
        tandplejen_blovstrod=tandplejen_blovstrod,
        skoler=skoler,
        blovstrod_skole=blovstrod_skole,
        aeldre=aeldre,
        other_kommune=other_kommune,
        other_si=other_si,
        other_oe=other_oe,
    )


def outline(node, depth=0) -> list[str]:
    """The names in a `tree_as_of` result, two spaces of indent per level; [] for None."""
    if node is None:
        return []
    lines = ["  " * depth + node["unit"].name]
    for child in node["children"]:
        lines.extend(outline(child, depth + 1))
    return lines
