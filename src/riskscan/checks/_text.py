"""Small text helpers the checks' messages share."""

from __future__ import annotations


def capitalized(text: str) -> str:
    """``text`` with its first letter upper-cased, to open a sentence with a
    label (``"service `api` runs ..."`` -> ``"Service `api` runs ..."``)."""
    return text[:1].upper() + text[1:]
