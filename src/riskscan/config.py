"""Configuration: ``[tool.riskscan]`` in pyproject.toml, riskscan.toml or
.riskscan.toml.  (Minimal loader; see README for precedence.)"""

from __future__ import annotations

import os
from typing import Any


class ConfigError(Exception):
    pass


def load_config(path: str, explicit: str | None = None) -> dict[str, Any]:
    return {}
