"""RS000 unused-suppression.

Computed after all other checks (``riskscan.suppress_apply``), because it
needs to know which findings each inline suppression matched; this module
only registers the rule id so the registry stays one-to-one with rules/.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Hit
from . import check


@check("RS000")
def unused_suppression(project) -> Iterable[Hit]:  # noqa: ARG001 - see module docstring
    return ()
