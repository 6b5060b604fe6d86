"""``python -m bad_inputs OUT`` (from ``tests/``): write the corpus into OUT to look at it."""

import sys
from pathlib import Path

from .cases import CASES, generate

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs_out")
    for name, path in generate(out).items():
        case = next(c for c in CASES if c.name == name)
        print(f"{path}\t{case.code or '（无错误）'}\t{case.where or ''}\t{case.phrase}")
