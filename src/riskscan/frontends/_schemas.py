"""Validation schemas that let any text through (RS701 taint).

``schema.parse(req.params)`` returns the value it was given once it has the
declared shape: a zod ``z.object({name: z.string()})`` checks that ``name``
is a string, not that it holds no ``..`` or ``/``.  Such a call propagates
the request value; a schema that restricts its strings (``.regex()``,
``z.enum``, ``.uuid()``, a ``.refine()``, a number...) may be the allowlist,
so its result is not followed.
"""

from __future__ import annotations

from ..lazyre import lazy_re

ZOD_MODULES = frozenset({"zod", "zod/v4", "zod/v3", "zod/mini"})
# the calls that return the (validated) input
PARSE_METHODS = frozenset({"parse", "parseAsync", "safeParse", "safeParseAsync"})
# builders and modifiers that admit any string of the shape
_PASSTHROUGH = frozenset(
    {
        "object", "strictObject", "looseObject", "string", "optional", "nullable", "nullish", "min", "max", "length", "nonempty",
        "trim", "toLowerCase", "toUpperCase", "default", "describe", "strict", "passthrough", "strip", "partial", "required",
        "array", "any", "unknown", "extend", "merge", "catchall", "record",
    }
)
_METHOD = lazy_re(r"\.\s*(\w+)\s*\(")


def passthrough_schema(text: str, zod_names: frozenset[str] | set[str]) -> bool:
    """``text`` (a declarator's value) builds a zod schema through one of
    ``zod_names`` using only builders that admit any string."""
    head = text.lstrip()
    if not any(head.startswith(f"{z}.") for z in zod_names):
        return False
    methods = _METHOD.findall(head)
    return bool(methods) and all(m in _PASSTHROUGH for m in methods)
