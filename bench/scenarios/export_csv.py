"""Completions CSV export, 100k rows (see exports.py)."""

from .exports import run


def measure() -> dict:
    return run("csv")
