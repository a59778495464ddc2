"""`ukm report --format pdf --sign office.p12`: the report signed (PAdES) by the office.

The office's certificate comes from a certificate authority made for the test
session (``tests/kit/signing.py``); the signature is validated with pyHanko
against that authority alone, as a reader's PDF program would against BSrE's.
The certificates' own ``--sign`` is tested with them (``test_certificate_verify``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.helpers import Run, ukm_executable
from tests.kit.pdf import pdf_text

pytestmark = pytest.mark.usefixtures("cached_cli")

PASSWORD = {"UKM_P12_PASSWORD": "rahasia"}


def test_the_printed_report_is_signed_and_the_signature_validates(
    ukm: Run, sample: Path, isolated: Path, office_p12: Path, throwaway_ca: object
) -> None:
    from tests.kit.signing import validate

    done = ukm("--data", str(sample), "report", "--format", "pdf", "--output", "laporan.pdf",
               "--sign", str(office_p12), env=PASSWORD)  # fmt: skip
    plain = ukm("--data", str(sample), "report", "--format", "pdf", "--output", "biasa.pdf")

    assert done.exit_code == 0, done.output
    signed = (isolated / "laporan.pdf").read_bytes()
    status = validate(signed, throwaway_ca)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert pdf_text(isolated / "laporan.pdf") == pdf_text(isolated / "biasa.pdf")  # same report
    assert plain.exit_code == 0
    tampered = bytearray(signed)
    tampered[len(signed) // 3] ^= 0x01  # a byte of the report as made, which the signature covers
    assert not validate(bytes(tampered), throwaway_ca).intact


def test_a_module_report_piped_from_a_real_process_is_signed_too(
    sample: Path, office_p12: Path, throwaway_ca: object
) -> None:
    import os
    import subprocess

    from tests.kit.signing import validate

    done = subprocess.run(
        [ukm_executable(), "--data", str(sample), "report", "--module", "keuangan",
         "--format", "pdf", "--sign", str(office_p12)],
        capture_output=True,
        env={**os.environ, **PASSWORD},
        timeout=120,
        check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    status = validate(done.stdout, throwaway_ca)
    assert status.intact and status.valid and status.trusted


@pytest.mark.parametrize(
    "output", [("--format", "csv"), ("--output", "laporan.xlsx"), ()], ids=["csv", "xlsx", "table"]
)
def test_sign_with_anything_but_a_pdf_is_a_usage_error(
    ukm: Run, sample: Path, isolated: Path, office_p12: Path, output: tuple[str, ...]
) -> None:
    done = ukm("--data", str(sample), "report", *output, "--sign", str(office_p12), env=PASSWORD)

    assert done.exit_code == 2, done.output
    assert "--sign signs a PDF" in done.stderr
    assert not (isolated / "laporan.xlsx").exists()


def test_a_wrong_password_writes_nothing(
    ukm: Run, sample: Path, isolated: Path, office_p12: Path
) -> None:
    done = ukm("--data", str(sample), "report", "--output", "laporan.pdf",
               "--sign", str(office_p12), env={"UKM_P12_PASSWORD": "salah"})  # fmt: skip
    unasked = ukm("--data", str(sample), "report", "--output", "laporan.pdf",
                  "--sign", str(office_p12))  # fmt: skip

    assert done.exit_code == 1 and "wrong password" in done.stderr
    assert unasked.exit_code == 2 and "UKM_P12_PASSWORD" in unasked.stderr  # no terminal to ask
    assert not (isolated / "laporan.pdf").exists()


def test_printing_again_with_sign_in_the_folder_replaces_only_what_ukm_made_and_signed(
    ukm: Run,
    sample: Path,
    office_p12: Path,
    throwaway_ca: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A PDF ukm made and signed is ukm's own output; one changed or signed since is not."""
    import warnings

    from tests.kit.certificates import finish_programme
    from tests.kit.signing import validate

    finish_programme(sample)
    monkeypatch.chdir(sample)  # the default place: the programme folder
    sign = ["--sign", str(office_p12)]
    issued = ukm("certificate", "issue", "--date", "2018-03-20")
    assert issued.exit_code == 0, issued.output
    import yaml

    register = yaml.safe_load((sample / "certificates.yaml").read_text(encoding="utf-8"))
    numbers = [entry["number"] for entry in register[:3]]
    pdfs = [sample / "sertifikat" / (n.replace("/", "-") + ".pdf") for n in numbers]
    assert all(p.exists() for p in pdfs)
    for _run in range(2):  # the second run replaces what the first made and signed
        again = ukm("certificate", "print", *numbers, *sign, env=PASSWORD)
        report = ukm("report", "--format", "pdf", "-o", "laporan.pdf", *sign, env=PASSWORD)
        assert again.exit_code == 0, again.output
        assert report.exit_code == 0, report.output
    for path in (*pdfs, sample / "laporan.pdf"):
        assert validate(path.read_bytes(), throwaway_ca).intact

    # what is not ukm's signed output is still refused, and left as it was: a byte changed
    # after signing, a revision appended after ukm's signature, a signature of another program
    tampered = bytearray(pdfs[0].read_bytes())
    tampered[len(tampered) // 4] ^= 0x01
    pdfs[0].write_bytes(bytes(tampered))
    pdfs[1].write_bytes(
        pdfs[1].read_bytes() + b"\n1 0 obj\n<<>>\nendobj\ntrailer\n<</Prev 9>>\n%%EOF\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyHanko's import warns that DSA is deprecated
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

    import io

    unsigned = ukm("certificate", "print", numbers[2], "-o", "polos")
    assert unsigned.exit_code == 0, unsigned.output
    plain = (sample / "polos" / pdfs[2].name).read_bytes()
    other = signers.SimpleSigner.load_pkcs12(office_p12, passphrase=b"rahasia")
    assert other is not None
    meta = signers.PdfSignatureMetadata(field_name="Tanda", md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(plain), strict=False)
    pdfs[2].write_bytes(signers.sign_pdf(writer, meta, signer=other).getvalue())
    for number, path in zip(numbers, pdfs, strict=True):
        before = path.read_bytes()
        refused = ukm("certificate", "print", number, *sign, env=PASSWORD)
        assert refused.exit_code == 2, (path.name, refused.output)
        assert "does not write over it" in refused.stderr
        assert path.read_bytes() == before
