"""Faults found in ``certificates.yaml``'s writers, each with its own small programme folder.

Numbers stay unique across programmes: the ``earlier:`` folders' registers count.
Two rounds of one year made with ``ukm init --like`` share the number pattern
(``{seq:03}/SERT-SP/{year}``): the second round's first number must not be
one the first round already gave (PRODUCT.md: "Numbers that must be unique
(certificates) stay unique across programmes").
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.kit.helpers import Run

PROGRAM = """\
name: {name}
organizer: Dinas Koperasi dan UKM Kabupaten Uji
venue: Aula Dinas
starts: {starts}
ends: {ends}
language: en
min_attendance: 75
{earlier}"""

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {{date: {day}}}
"""

PARTICIPANTS = """\
- id: UKM-001
  business: Batik Satu
  owner: Ani Satu
  gender: F
  sector: batik
  district: Cepu
  registered: {starts}
"""

OLD_REGISTER = """\
# certificates.yaml: written by hand for this test
# highest number given (ukm keeps this line): 2

- number: "001/SERT-SP/2025"
  participant: UKM-001
  name: Ani Satu
  business: Batik Satu
  issued: 2025-04-01

- {number: "002/SERT-SP/2025", participant: UKM-002, name: Budi Dua, business: Warung Dua,
   issued: 2025-04-01}
"""


def programme(root: Path, name: str, starts: str, ends: str, earlier: str = "") -> Path:
    (root / "attendance").mkdir(parents=True)
    (root / "program.yaml").write_text(
        PROGRAM.format(name=name, starts=starts, ends=ends, earlier=earlier), encoding="utf-8"
    )
    (root / "modules.yaml").write_text(MODULES.format(day=starts), encoding="utf-8")
    (root / "participants.yaml").write_text(PARTICIPANTS.format(starts=starts), encoding="utf-8")
    (root / "attendance" / "keuangan.yaml").write_text("1: {present: [UKM-001]}\n", "utf-8")
    return root


def test_a_number_an_earlier_programme_gave_is_not_given_again(ukm: Run, tmp_path: Path) -> None:
    old = programme(tmp_path / "batch-1", "Pelatihan Batch I 2025", "2025-02-03", "2025-03-31")
    (old / "certificates.yaml").write_text(OLD_REGISTER, encoding="utf-8")
    new = programme(
        tmp_path / "batch-2",
        "Pelatihan Batch II 2025",
        "2025-06-02",
        "2025-07-31",
        earlier='earlier: ["../batch-1"]\n',
    )
    assert ukm("--data", str(new), "check").exit_code == 0

    done = ukm("--data", str(new), "certificate", "issue", "--no-pdf", "--date", "2025-08-01")

    assert done.exit_code == 0, done.output
    entries = yaml.safe_load((new / "certificates.yaml").read_text(encoding="utf-8"))
    assert [e["number"] for e in entries] == ["003/SERT-SP/2025"]
    assert "003/SERT-SP/2025" in done.stdout
    assert (old / "certificates.yaml").read_text(encoding="utf-8") == OLD_REGISTER


def test_revoking_keeps_the_byte_order_mark_and_line_ends_of_a_register_saved_on_windows(
    ukm: Run, tmp_path: Path
) -> None:
    # Notepad saves with a BOM and CRLF: revoke must change only the entry's lines
    root = programme(tmp_path / "batch-1", "Pelatihan Batch I 2025", "2025-02-03", "2025-03-31")
    # UKM-001's entry only: UKM-002 is not registered here
    one = OLD_REGISTER.split("- {number:", maxsplit=1)[0]
    text = one.replace("\n", "\r\n")
    (root / "certificates.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    done = ukm("--data", str(root), "certificate", "revoke", "001/SERT-SP/2025",
               "--reason", "salah nama", "--date", "2025-05-01")  # fmt: skip
    assert done.exit_code == 0, done.output
    after = (root / "certificates.yaml").read_bytes()
    assert after == b"\xef\xbb\xbf" + text.replace(
        "  issued: 2025-04-01\r\n\r\n",
        "  issued: 2025-04-01\r\n  revoked: {date: 2025-05-01, reason: salah nama}\r\n\r\n",
        1,
    ).encode("utf-8")


TWO_MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2025-02-03, hours: 3}
- id: pemasaran
  title: Pemasaran Daring
  sessions:
    1: {date: 2025-02-10, hours: 2}
"""


def test_a_module_the_holder_was_exempt_from_is_not_certified_as_completed(
    ukm: Run, tmp_path: Path
) -> None:
    # UKM-001 came to keuangan, missed pemasaran's one session and is exempt from it: a
    # graduate, but the certificate and verify listed Pemasaran Daring among the modules
    # completed, with its 2 hours in the total
    from tests.kit.pdf import pdf_text

    root = programme(tmp_path / "batch-1", "Pelatihan Batch I 2025", "2025-02-03", "2025-03-31")
    (root / "modules.yaml").write_text(TWO_MODULES, encoding="utf-8")
    people = (root / "participants.yaml").read_text(encoding="utf-8")
    (root / "participants.yaml").write_text(
        people + "  exempt: {pemasaran: ikut pelatihan serupa 2024}\n", encoding="utf-8"
    )
    (root / "attendance" / "pemasaran.yaml").write_text(
        "1: {present: [UKM-002], absent: [UKM-001]}\n", "utf-8"
    )
    more = "- {id: UKM-002, business: Warung Dua, owner: Budi Dua, gender: M, sector: kuliner,\n"
    more += "   district: Jepon, registered: 2025-02-03}\n"
    (root / "participants.yaml").write_text(
        (root / "participants.yaml").read_text(encoding="utf-8") + more, encoding="utf-8"
    )
    (root / "attendance" / "keuangan.yaml").write_text("1: {present: [UKM-001]}\n", "utf-8")
    out = tmp_path / "sertifikat"
    done = ukm("--data", str(root), "certificate", "issue", "--date", "2025-04-01",
               "-o", str(out))  # fmt: skip
    assert done.exit_code == 0, done.output
    text = pdf_text(out / "001-SERT-SP-2025.pdf")
    assert "Pemasaran Daring (exempt)" in text
    assert "Tertib Keuangan 3" in text
    assert "Total 3" in text  # the exempt module's hours are not the holder's
    verified = ukm("--data", str(root), "certificate", "verify", "001/SERT-SP/2025")
    assert verified.exit_code == 0, verified.output
    assert "Modules: Tertib Keuangan (3 h); Pemasaran Daring (exempt)" in verified.stdout
    shown = ukm("--data", str(root), "certificate", "verify", "001/SERT-SP/2025",
                "--format", "json")  # fmt: skip
    import json

    modules = json.loads(shown.stdout)["register"]["modules"]
    assert [(m["id"], m["hours"], m["exempt"]) for m in modules] == [
        ("keuangan", 3, None),
        ("pemasaran", 2, "ikut pelatihan serupa 2024"),
    ]


def test_verify_of_a_signed_pdf_changed_after_signing_is_not_valid(
    ukm: Run, tmp_path: Path, office_p12: Path
) -> None:
    # an annotation "Nama: Orang Lain" added over a signed certificate (an incremental
    # update, as any PDF editor saves): verify read the QR code and said VALID, exit 0
    import pypdf
    from pypdf.annotations import FreeText

    root = programme(tmp_path / "batch-1", "Pelatihan Batch I 2025", "2025-02-03", "2025-03-31")
    out = tmp_path / "sertifikat"
    done = ukm("--data", str(root), "certificate", "issue", "--date", "2025-04-01",
               "-o", str(out), "--sign", str(office_p12),
               env={"UKM_P12_PASSWORD": "rahasia"})  # fmt: skip
    assert done.exit_code == 0, done.output
    signed = out / "001-SERT-SP-2025.pdf"
    key = root / "certificates.pub"
    untouched = ukm("certificate", "verify", str(signed), "--key", str(key))
    assert untouched.exit_code == 0, untouched.output
    writer = pypdf.PdfWriter(signed, incremental=True)
    writer.add_annotation(0, FreeText(text="Nama: Orang Lain", rect=(50, 50, 300, 100)))
    changed = tmp_path / "diubah.pdf"
    writer.write(changed)
    result = ukm("certificate", "verify", str(changed), "--key", str(key))
    assert result.exit_code == 1, result.output
    assert "CHANGED after it was signed" in result.stdout
    assert "Name: Ani Satu" in result.stdout  # what the office signed, to compare
    assert "Traceback" not in result.output
    # a second signature (an approver countersigning) changes nothing shown: still valid
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

    approver = signers.SimpleSigner.load_pkcs12(str(office_p12), passphrase=b"rahasia")
    assert approver is not None
    with signed.open("rb") as handle:
        countersigned = signers.sign_pdf(
            IncrementalPdfFileWriter(handle),
            signers.PdfSignatureMetadata(field_name="Mengetahui"),
            signer=approver,
        )
    both = tmp_path / "ditandatangani-dua.pdf"
    both.write_bytes(countersigned.getvalue())
    again = ukm("certificate", "verify", str(both), "--key", str(key))
    assert again.exit_code == 0, again.output
    as_json = ukm("certificate", "verify", str(changed), "--key", str(key), "--format", "json")
    import json

    assert json.loads(as_json.stdout)["status"] == "pdf-changed"
