"""Fuzz extract -> check -> analyze -> diff and the recorder with many examples; print what held.

The same properties as ``tests/test_fuzz_pipeline.py`` (which CI runs with 50
examples each): nothing crashes on any body and declared type, and undecodable
bytes never become a version. A failure prints Hypothesis's minimal example.

    .venv/bin/python bench/fuzz_pipeline.py                 # 2,000 examples per property
    .venv/bin/python bench/fuzz_pipeline.py --examples 20000
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings

from tests.test_fuzz_pipeline import (
    BODIES,
    CONTENT_TYPES,
    Pipeline,
    check_never_a_version,
    check_never_crashes,
    undecodable,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000, help="examples per property")
    ap.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random)")
    args = ap.parse_args()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken PDFs are expected here
    options = settings(
        max_examples=args.examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
        database=None,
    )
    pipeline = Pipeline()
    counts = {"crash": 0, "version": 0}

    @options
    @given(body=BODIES, content_type=CONTENT_TYPES)
    def never_crashes(body: bytes, content_type: str | None) -> None:
        counts["crash"] += 1
        check_never_crashes(body, content_type)

    @options
    @given(case=undecodable())
    def never_a_version(case: tuple[bytes, str | None]) -> None:
        counts["version"] += 1
        check_never_a_version(pipeline, *case)

    failed = 0
    for name, prop, key in (
        ("never crashes (extract, analyze, diff)", never_crashes, "crash"),
        ("undecodable bytes never a version (recorder)", never_a_version, "version"),
    ):
        started = time.monotonic()
        try:
            if args.seed is not None:
                prop = seed(args.seed)(prop)
            prop()
            verdict = "held"
        except Exception as exc:  # Hypothesis re-raises the minimal failing example
            failed += 1
            verdict = f"FAILED: {type(exc).__name__}: {str(exc)[:300]}"
        took = time.monotonic() - started
        print(f"{name:<48} {counts[key]:>7,} examples  {took:7.1f} s  {verdict}")
    pipeline.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
