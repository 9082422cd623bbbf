"""Reads for the GUI: the tree, a unit's details and search (R8, R9), one job per module:

- `navigator`: the tree of the navigator (`tree`, `tree_children`, `ROOT_LIMIT`)
- `details`: the details panel (`unit_by_sor_id`, `unit_details`, `details_queryset`)
- `duplicates`: units of the same name under a parent (`same_name_units`), for Opret OE's warning
- `lookup`: SOR-kode → unit, one message (`unit_for_sor_id`, `fold_sor_id`, `MSG_NO_UNIT`)
- `patterns`: SOR search patterns as query conditions (`search_parts`, `pattern_q`, `text_q`, `fritekst_q`: the Fritekst criterion of both searches),
  shared with the API
- `search`: the GUI's search (`search_units`, `paths_for`)
- `unit_types`: enhedstyper for the forms (`unit_types_matching`, `unit_type_by_name`)

Every function runs a fixed number of queries however many units the register holds, so the
tree and details pages stay fast for a kommune of any size (tests assert the counts). Callers
use the names below (`selectors.unit_details(...)`); a test that changes a limit patches the
module that reads it (`selectors.search.SEARCH_COUNT_CAP`).
"""

from ..periods import open_on
from .details import UnitDetails, details_queryset, unit_by_sor_id, unit_details
from .duplicates import folded_name, is_rename, same_name_units
from .lookup import MSG_NO_UNIT, fold_sor_id, unit_for_sor_id
from .navigator import (
    PRIVATE_OWNER_TYPE,
    ROOT_LIMIT,
    RootList,
    TreeNode,
    annotate_tree_flags,
    tree,
    tree_children,
)
from .patterns import (
    MSG_PATTERN_TOO_COMPLEX,
    PATTERN_MAX_LENGTH,
    PATTERN_MAX_PARTS,
    fritekst_q,
    pattern_q,
    search_parts,
    text_q,
)
from .search import MSG_SEARCH_EMPTY, SEARCH_COUNT_CAP, SEARCH_LIMIT, SearchResult, paths_for, search_units
from .unit_types import fold, unit_type_by_name, unit_types_matching

__all__ = [
    "MSG_NO_UNIT",
    "MSG_PATTERN_TOO_COMPLEX",
    "MSG_SEARCH_EMPTY",
    "PATTERN_MAX_LENGTH",
    "PATTERN_MAX_PARTS",
    "PRIVATE_OWNER_TYPE",
    "ROOT_LIMIT",
    "SEARCH_COUNT_CAP",
    "SEARCH_LIMIT",
    "RootList",
    "SearchResult",
    "TreeNode",
    "UnitDetails",
    "annotate_tree_flags",
    "details_queryset",
    "fold",
    "fold_sor_id",
    "folded_name",
    "fritekst_q",
    "is_rename",
    "open_on",
    "paths_for",
    "pattern_q",
    "same_name_units",
    "search_parts",
    "search_units",
    "text_q",
    "tree",
    "tree_children",
    "unit_by_sor_id",
    "unit_details",
    "unit_for_sor_id",
    "unit_type_by_name",
    "unit_types_matching",
]
