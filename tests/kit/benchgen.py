"""The benchmark generator (``benchmarks/generate.py``), for tests that need a large folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.kit.helpers import REPO

_spec = importlib.util.spec_from_file_location(
    "ukm_benchmark_generate", REPO / "benchmarks" / "generate.py"
)
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


def programme_of(n: int, target: Path, seed: int = 2017) -> Path:
    """A valid programme folder of ``n`` participants at ``target``."""
    return generate.generate(n, target, seed)  # type: ignore[no-any-return]
