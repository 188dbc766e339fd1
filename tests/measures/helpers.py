"""Small builders for response dicts used across the measures tests."""

from __future__ import annotations

from collections.abc import Mapping

from measures import get


def full(code: str, value: int) -> dict[str, object]:
    """Every scored single-answer item of `code` set to `value`."""
    return {it.id: value for it in get(code).items if it.scored and not it.multi}


def seq(prefix: str, answers: list[int]) -> dict[str, object]:
    """prefix1..prefixN -> answers in order."""
    return {f"{prefix}{i}": v for i, v in enumerate(answers, 1)}


def without(responses: Mapping[str, object], *ids: str) -> dict[str, object]:
    return {k: v for k, v in responses.items() if k not in ids}
