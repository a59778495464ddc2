"""``render/certificates.py``: certificates made by the Typst machinery, in place once recorded.

What a person notices: Ctrl-C while certificates are being made stops
``ukm certificate issue`` within a second (exit 130) with no number recorded,
no PDF and no temporary file left, and no process; a Ctrl-C that comes while
the numbers are being recorded waits until their files are in place, so a
number is never recorded without its PDF; a batch that a template turns into
more pages than certificates is refused by name.  Speed and memory at 1,000
and 10,000 graduates are measured by ``benchmarks/bench_certificates.py``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.kit.certificates import finish_programme
from tests.kit.helpers import Run, interruptible, ukm_executable
from tests.render.test_pdf_machinery import LOOPING, _workers_marked


@pytest.mark.posix_only
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_ctrl_c_while_certificates_are_made_records_nothing_and_leaves_nothing(
    sample: Path, tmp_path: Path
) -> None:
    finish_programme(sample)
    # a kop that never ends (certificate.typ also imports `partners` from it)
    looping = LOOPING + "#let partners(lh, ..rest) = none\n"
    (sample / "templates" / "letterhead.typ").write_text(looping, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "sertifikat"
    mark = uuid.uuid4().hex
    env = {**os.environ, "TMPDIR": str(temp), "UKM_TEST_MARK": mark, "UKM_LANG": "en",
           "UKM_KEY_DIR": str(tmp_path / "keys")}  # fmt: skip
    process = subprocess.Popen(
        [ukm_executable(), "--data", str(sample), "certificate", "issue", "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,  # Ctrl-C reaches ukm however the suite was started
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        len(_workers_marked(mark)) >= 2 and out.is_dir()  # Typst at work on the certificates
    ):
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, process.communicate()
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)

    assert process.returncode == 130
    assert time.monotonic() - sent < 1.0
    assert not (sample / "certificates.yaml").exists()  # no number recorded
    assert list(out.iterdir()) == []  # no PDF, no temporary file
    assert list(temp.iterdir()) == []  # no temporary folder of Typst's
    assert _workers_marked(mark) == []  # no process left


def test_ctrl_c_while_the_numbers_are_recorded_waits_until_their_pdfs_are_in_place(
    tmp_path: Path,
) -> None:
    """From the end of the PDFs to the end of the renames, Ctrl-C is held, then given back."""
    from ukmtool.render.certificates import Prepared

    out = tmp_path / "out"
    out.mkdir()
    temps = [out / f".{n}.pdf.ukm-tmp" for n in range(3)]
    for temp in temps:
        temp.write_bytes(b"%PDF-1.7 made")
    prepared = Prepared([(t, t.with_name(t.name[1:].removesuffix(".ukm-tmp"))) for t in temps])
    before = signal.getsignal(signal.SIGINT)

    prepared.hold()
    os.kill(os.getpid(), signal.SIGINT)  # as the register is being written
    time.sleep(0.05)  # nothing happens: held
    with pytest.raises(KeyboardInterrupt):
        prepared.publish()

    assert sorted(p.name for p in out.iterdir()) == ["0.pdf", "1.pdf", "2.pdf"]
    assert signal.getsignal(signal.SIGINT) is before


def test_a_failure_before_the_record_gives_ctrl_c_back_and_removes_the_files(
    tmp_path: Path,
) -> None:
    from ukmtool.render.certificates import Prepared

    out = tmp_path / "out"
    out.mkdir()
    temp = out / ".a.pdf.ukm-tmp"
    temp.write_bytes(b"%PDF")
    prepared = Prepared([(temp, out / "a.pdf")])
    before = signal.getsignal(signal.SIGINT)

    prepared.hold()
    prepared.discard()

    assert list(out.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is before


def test_a_template_making_two_pages_a_certificate_is_refused_and_records_nothing(
    ukm: Run, sample: Path, isolated: Path
) -> None:
    finish_programme(sample)
    own = (Path(__file__).parents[2] / "src/ukmtool/templates/certificate.typ").read_text("utf-8")
    (sample / "templates" / "certificate.typ").write_text(
        own.replace("  foot(qr-block(c)", "  pagebreak()\n  foot(qr-block(c)"), encoding="utf-8"
    )

    done = ukm("--data", str(sample), "certificate", "issue", "--date", "2018-03-20")

    assert done.exit_code == 1, done.output
    said = re.search(r"made (\d+) pages for (\d+) certificates", done.stderr)
    assert said is not None, done.stderr
    assert int(said[1]) == 2 * int(said[2]) > 0
    assert not (sample / "certificates.yaml").exists()
    assert not (isolated / "sertifikat").exists() or list((isolated / "sertifikat").iterdir()) == []
