"""Compare two output folders of `make report`: what a change that must not change any output
changed.

    .venv/bin/python scripts/compare_outputs.py BEFORE AFTER [--skip-pdf]

HTML, CSV, PDF and text byte for byte; workbooks and the memo member by member without
`docProps/` (their timestamps); executed notebooks by what their cells show (outputs, cell by
cell: their code may change in a refactor);
`manifest.json` is skipped (checksums, versions and times). Exits 1 and names every file that
differs, or is in one folder only.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def _cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [json.dumps(c.get("outputs", []), sort_keys=True) for c in nb["cells"]]


def same(a: Path, b: Path) -> bool:
    """Whether two outputs of the same name say the same."""
    if a.suffix in (".xlsx", ".docx"):
        return _zip_members(a) == _zip_members(b)
    if a.suffix == ".ipynb":
        return _cells(a) == _cells(b)
    return a.read_bytes() == b.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--skip-pdf", action="store_true", help="leave PDFs out")
    args = parser.parse_args()

    def files(root: Path) -> set[Path]:
        return {
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file()
            and p.name != "manifest.json"
            and not (args.skip_pdf and p.suffix == ".pdf")
        }

    before, after = files(args.before), files(args.after)
    faults = [f"only in {args.before}: {p}" for p in sorted(before - after)]
    faults += [f"only in {args.after}: {p}" for p in sorted(after - before)]
    faults += [
        f"differs: {p}" for p in sorted(before & after) if not same(args.before / p, args.after / p)
    ]
    for line in faults:
        print(line)
    print(f"{len(before & after)} files compared, {len(faults)} differences")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
