"""The Typst floor of certificates: compile the pages ukm made, and nothing else.

    python benchmarks/floor_typst.py DIR

DIR holds the payloads ``ukm certificate issue`` gives ``certificate.typ``, one
JSON file a batch (``bench_certificates.py`` writes them). ukm's shipped
templates are staged in a temporary folder, one compiler is made for them,
and every batch is compiled to a PDF written beside it, in the child's way
(no tags) but with no child, no cache ageing, no splitting or joining, no QR
code made and no register: what any program printing these certificates
with Typst has to do.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

import typst


def main() -> int:
    batches = sorted(Path(sys.argv[1]).glob("batch-*.json"))
    with tempfile.TemporaryDirectory() as stage:
        shipped = Path(str(resources.files("ukmtool") / "templates"))
        for path in shipped.iterdir():
            if path.is_file():
                shutil.copyfile(path, Path(stage) / path.name)
        compiler = typst.Compiler(
            str(Path(stage) / "certificate.typ"), root=stage, ignore_system_fonts=True
        )
        for batch in batches:
            pdf = compiler.compile(
                format="pdf", sys_inputs={"data": batch.read_text("utf-8")}, pdf_tags=False
            )
            batch.with_suffix(".pdf").write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
