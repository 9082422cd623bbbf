"""The Kvalitetstjek's rules, one module per pack. A new rule: a query function and a `Rule`
in its pack's module (ARCHITECTURE.md, "Where a new rule goes"); a new pack: a module with a
`PACK`, listed in PACKS below."""

from . import behandlingssteder, edi, generelt, genoptraening, patientoverblik
from .base import ADVARSEL, FEJL, INFO, SEVERITIES, SEVERITY_ORDER, Pack, Rule

PACKS: tuple[Pack, ...] = (
    generelt.PACK,
    edi.PACK,
    behandlingssteder.PACK,
    genoptraening.PACK,
    patientoverblik.PACK,
)
RULES: dict[str, Rule] = {rule.id: rule for pack in PACKS for rule in pack.rules}
PACK_OF: dict[str, Pack] = {rule.id: pack for pack in PACKS for rule in pack.rules}

__all__ = [
    "ADVARSEL",
    "FEJL",
    "INFO",
    "PACKS",
    "PACK_OF",
    "RULES",
    "SEVERITIES",
    "SEVERITY_ORDER",
    "Pack",
    "Rule",
]
