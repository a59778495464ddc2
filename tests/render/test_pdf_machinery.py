"""``render/pdf.py``: Typst in a child process, documents in parts, the limits.

What a person notices: Ctrl-C stops a printing command within a second
(exit 130, no PDF, no temporary folder, no process left); a template that
loops is stopped at the time limit with a message naming it; one that eats
memory is stopped with a message, never a crash or a Rust backtrace; a long
list compiled in parts reads as one document (every row once, in order,
pages numbered on); a template that breaks the part protocol is named; the
Typst process's memory does not grow from part to part.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.kit.helpers import Run, interruptible, programme, ukm_executable
from tests.kit.pdf import pdf_pages

LOOPING = """\
#let letterhead(lh) = {
  // Nested while loops allocate nothing, so the time limit (not the memory
  // limit) stops them; each stays under Typst's 10,000 iterations a loop.
  let i = 0
  while i < 9999 {
    let j = 0
    while j < 9999 {
      let k = 0
      while k < 9999 { k += 1 }
      j += 1
    }
    i += 1
  }
}
"""
GREEDY = """\
#let letterhead(lh) = {
  let a = range(900000000)
  [#a.len()]
}
"""
# A list template on the part protocol: a row a line, pages of ten rows.
LIST = """\
#import "common.typ": data
#import "parts.typ": part, rows, row-mark, part-cut
#set page(width: 10cm, height: 8cm, margin: 1cm,
  footer: context [p. #counter(page).get().first()])
#set text(size: 10pt)
#set table.cell(breakable: false)
#counter(page).update(part.page)
#if part.first [HEAD #data.name]
#table(columns: 1fr, inset: 2pt,
  ..rows.enumerate().map(((i, r)) => [#row-mark(i)row #r.n]))
#part-cut()
#if part.last [TAIL]
"""
NO_CUT = LIST.replace("#part-cut()", "")
BACKWARDS = LIST.replace("#row-mark(i)", "#row-mark(0)")


def _folder(tmp_path: Path, templates: dict[str, str]) -> Path:
    folder = programme(tmp_path / "prog")
    (folder / "templates").mkdir()
    for name, text in templates.items():
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    return folder


def _print(folder: Path, rows: int, part_rows: int, out: Path) -> None:
    from ukmtool.core.folder import locate
    from ukmtool.render.pdf import Printer, Section

    data = {"name": "Uji", "lang": "en"}
    section = Section("list", data, [{"n": n} for n in range(1, rows + 1)], part_rows=part_rows)
    with Printer() as printer:
        printer.write(out, [section], locate(folder))


def test_a_long_list_in_parts_reads_as_one_document(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"list.typ": LIST})
    out = tmp_path / "list.pdf"
    _print(folder, 95, 13, out)  # parts of 13 rows, cut where their last page begins
    pages = pdf_pages(out)
    text = "\n".join(pages)
    numbers = [int(w) for line in text.splitlines() for w in line.split()[1:2] if "row" in line]
    assert numbers == list(range(1, 96))  # every row once, in order
    assert text.count("HEAD Uji") == 1 and text.count("TAIL") == 1
    assert [page.rstrip().rsplit("p. ", 1)[1] for page in pages] == [
        str(n) for n in range(1, len(pages) + 1)
    ]
    # every page but the last is full: as many rows as the first page holds
    per_page = [page.count("row ") for page in pages]
    assert len(set(per_page[1:-1])) == 1 and per_page[-1] <= per_page[1]


@pytest.mark.parametrize(
    ("template", "words"),
    [(NO_CUT, "does not say where the rows"), (BACKWARDS, "out of order")],
)
def test_a_template_that_breaks_the_part_protocol_is_named(
    tmp_path: Path, template: str, words: str
) -> None:
    from ukmtool.errors import DataError

    folder = _folder(tmp_path, {"list.typ": template})
    out = tmp_path / "list.pdf"
    with pytest.raises(DataError) as raised:
        _print(folder, 60, 20, out)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.file == folder / "templates" / "list.typ"
    assert words in diagnostic.message
    assert not out.exists()


def test_the_typst_process_does_not_grow_from_part_to_part(tmp_path: Path) -> None:
    """typst-py 0.15 keeps the last ten compiles' layout unless aged out (pinned <0.16)."""
    from ukmtool.core.folder import locate
    from ukmtool.render.pdf import Printer, Section
    from ukmtool.render.typesetting import child

    sizes: list[int] = []
    real_ask = child.Child.ask

    def ask(
        self: child.Child, job: tuple[object, ...], seconds: float | None
    ) -> tuple[object, ...]:
        answer = real_ask(self, job, seconds)
        process = self.process
        if process is not None and os.path.exists(f"/proc/{process.pid}/statm"):
            with open(f"/proc/{process.pid}/statm") as handle:
                sizes.append(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
        return answer

    folder = _folder(tmp_path, {"list.typ": LIST})
    rows = [{"n": n} for n in range(1, 4001)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(child.Child, "ask", ask)
        with Printer() as printer:
            section = Section("list", {"name": "Uji", "lang": "en"}, rows, part_rows=200)
            printer.write(tmp_path / "big.pdf", [section], locate(folder))
    if len(sizes) < 10:
        pytest.skip("no /proc here to read the Typst process's memory")
    # 20 parts and more; after the first few the child holds no more than it did
    settled = max(sizes[2:5])
    assert max(sizes[5:]) < settled + 40 * 1024 * 1024, [s // 2**20 for s in sizes]


def test_a_looping_template_is_stopped_at_the_time_limit(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = _folder(tmp_path, {"letterhead.typ": LOOPING})
    started = time.monotonic()
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "1",
        env={"UKM_TEMPLATE_TIMEOUT": "1"},
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert time.monotonic() - started < 20
    assert "sheet.typ ran for more than 1 s and was stopped" in result.output
    assert "letterhead.typ" in result.output and "UKM_TEMPLATE_TIMEOUT" in result.output
    assert list(isolated.iterdir()) == []


@pytest.mark.posix_only
def test_a_template_that_eats_memory_is_stopped_with_a_message(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = _folder(tmp_path, {"letterhead.typ": GREEDY})
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "1",
        env={"UKM_TEMPLATE_MEMORY": "700"},
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "needed more memory than ukm gives it (700 MB)" in result.output
    for raw in ("Traceback", "panicked", "memory allocation of", "RUST_BACKTRACE"):
        assert raw not in result.output
    assert list(isolated.iterdir()) == []


def test_a_wrong_limit_is_a_usage_error(ukm: Run, tmp_path: Path) -> None:
    folder = programme(tmp_path / "prog")
    result = ukm(
        "--data", str(folder), "print", "sheet", "keuangan", "-s", "1",
        env={"UKM_TEMPLATE_TIMEOUT": "soon"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "UKM_TEMPLATE_TIMEOUT must be a number, not 'soon'" in result.output


def _workers_marked(mark: str) -> list[int]:
    """Typst processes started with ``UKM_TEST_MARK=mark`` in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"UKM_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.posix_only
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_ctrl_c_stops_within_a_second_and_leaves_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"letterhead.typ": LOOPING})
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    mark = uuid.uuid4().hex
    env = {**os.environ, "TMPDIR": str(temp), "UKM_TEST_MARK": mark, "UKM_LANG": "en"}
    process = subprocess.Popen(
        [ukm_executable(), "--data", str(folder), "print", "sheet", "keuangan", "-s", "1"],
        cwd=out,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,  # Ctrl-C reaches ukm however the suite was started
    )
    deadline = time.monotonic() + 30
    while len(_workers_marked(mark)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # ukm and its Typst child are both running
    time.sleep(0.5)  # the child is inside the endless compile
    assert process.poll() is None
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 130
    assert time.monotonic() - sent < 1.0
    assert list(out.iterdir()) == []  # no PDF, not even a part of one
    assert list(temp.iterdir()) == []  # no temporary folder
    assert _workers_marked(mark) == []  # no process left
