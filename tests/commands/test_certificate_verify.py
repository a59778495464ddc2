"""``ukm certificate verify`` end to end: valid, changed, another key, revoked; keys; dates; PAdES.

A bank officer has the certificate and the office's ``certificates.pub``, and no
programme folder: those cases run from an empty folder with ``--key``.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from tests.core.documents.test_certificate_pdf import qr_texts
from tests.kit.helpers import Run, programme, run_process

pytestmark = pytest.mark.usefixtures("cached_cli")


def finished(root: Path) -> Path:
    """UKM-001 and UKM-002 complete the one module (UKM-003 does not)."""
    return programme(
        root / "pelatihan",
        attendance__keuangan="""\
            1: {present: [UKM-001, UKM-002]}
            2: {present: [UKM-001, UKM-002]}
            3: {present: [UKM-001, UKM-002]}
            4: {present: [UKM-001]}
            """,
    )


@pytest.fixture
def issued(ukm: Run, tmp_path: Path, isolated: Path) -> tuple[Path, str]:
    """A programme that issued its certificates; the QR text of the first, read from its PDF."""
    folder = finished(tmp_path)
    done = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-02-10")
    assert done.exit_code == 0, done.output
    return folder, qr_texts(isolated / "sertifikat" / "001-SERT-SP-2018.pdf")[0]


def changed(token: str, **change: str) -> str:
    head, body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(change)
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return ".".join([head, base64.urlsafe_b64encode(raw).rstrip(b"=").decode(), signature])


def test_a_bank_with_only_the_public_key_tells_valid_changed_and_foreign_apart(
    ukm: Run, issued: tuple[Path, str], tmp_path: Path
) -> None:
    folder, qr = issued
    key = str(folder / "certificates.pub")

    valid = ukm("certificate", "verify", qr, "--key", key)
    forged = ukm("certificate", "verify", changed(qr, name="Orang Lain"), "--key", key)
    os.environ["UKM_KEY_DIR"] = str(tmp_path / "other-office")  # another office's key
    other = finished(tmp_path / "other")
    ukm("--data", str(other), "certificate", "issue", "--date", "2018-02-10", "--no-pdf")
    foreign = ukm("certificate", "verify", qr, "--key", str(other / "certificates.pub"))

    assert valid.exit_code == 0, valid.output
    assert "Certificate 001/SERT-SP/2018 is VALID." in valid.stdout
    assert "Name: Rina Lestari" in valid.stdout and "Business: Batik Sekar" in valid.stdout
    assert "Whether it was revoked since is not known here" in valid.stdout
    assert forged.exit_code == 1 and "CHANGED after it was signed" in forged.stdout
    assert foreign.exit_code == 1 and "signed by ANOTHER KEY" in foreign.stdout


def test_revoked_in_the_register_and_in_the_signed_list_offline(
    ukm: Run, issued: tuple[Path, str], isolated: Path
) -> None:
    folder, qr = issued
    key = str(folder / "certificates.pub")
    before = ukm("--data", str(folder), "certificate", "revoked", "-o", "before.json")
    ukm("--data", str(folder), "certificate", "revoke", "001/SERT-SP/2018",
        "--reason", "salah nama", "--date", "2018-02-12")  # fmt: skip
    after = ukm("--data", str(folder), "certificate", "revoked", "-o", "revoked.json")

    in_folder = ukm("--data", str(folder), "certificate", "verify", qr)
    offline = ukm("certificate", "verify", qr, "--key", key, "--revoked", "revoked.json")
    older = ukm("certificate", "verify", qr, "--key", key, "--revoked", "before.json")
    listed = json.loads((isolated / "revoked.json").read_text())
    document = json.loads(base64.urlsafe_b64decode(listed["payload"] + "=="))
    document["revoked"] = []
    listed["payload"] = base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")
    (isolated / "undone.json").write_text(json.dumps(listed))
    undone = ukm("certificate", "verify", qr, "--key", key, "--revoked", "undone.json")

    assert before.exit_code == after.exit_code == 0
    assert "salah nama" not in (isolated / "revoked.json").read_text()
    assert in_folder.exit_code == 1 and "REVOKED on 12 February 2018" in in_folder.stdout
    assert offline.exit_code == 1 and "REVOKED on 12 February 2018" in offline.stdout
    assert older.exit_code == 0 and "Not revoked as of" in older.stdout
    assert undone.exit_code == 1 and "changed after it was signed" in undone.stderr


def test_the_register_keeps_what_was_printed_and_shows_todays_name(
    ukm: Run, issued: tuple[Path, str]
) -> None:
    folder, qr = issued
    people = folder / "participants.yaml"
    people.write_text(people.read_text().replace("Rina Lestari", "Rina Lestari Wulandari"))

    shown = ukm("--data", str(folder), "certificate", "verify", qr)
    by_number = ukm("--data", str(folder), "certificate", "verify", "001/SERT-SP/2018")

    assert shown.exit_code == 0, shown.output
    assert "Name: Rina Lestari\n" in shown.stdout
    assert "Name today: Rina Lestari Wulandari" in shown.stdout
    assert "Name: Rina Lestari\n" in by_number.stdout


def test_another_programmes_number_is_not_called_valid_here(ukm: Run, tmp_path: Path) -> None:
    folder = finished(tmp_path)
    ukm("--data", str(folder), "certificate", "issue", "--date", "2018-02-10", "--no-pdf")

    other = ukm(
        "--data", str(folder), "certificate", "verify", "UKM-CERT|001/SERT-SP/2018|Pelatihan Lain"
    )

    assert other.exit_code == 1
    assert "names the programme 'Pelatihan Lain'" in other.stderr


def test_an_error_elsewhere_in_the_folder_never_stops_verify(
    ukm: Run, issued: tuple[Path, str]
) -> None:
    folder, qr = issued
    (folder / "visits.yaml").write_text(
        "- {participant: UKM-001, date: 2018-01-10, trainer: X, hours: 1, colour: red}\n"
    )

    assert ukm("--data", str(folder), "check").exit_code == 1
    shown = ukm("--data", str(folder), "certificate", "verify", qr)
    assert shown.exit_code == 0, shown.output


@pytest.mark.posix_only
def test_the_private_key_is_the_users_alone_and_never_in_the_folder(
    ukm: Run, issued: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _qr = issued
    keys = tmp_path / "ukm-keys"
    [private] = list(keys.iterdir())

    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert "PRIVATE" not in "".join(
        p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file()
    )
    assert private.stem in (folder / "certificates.pub").read_text()


def test_a_new_key_keeps_the_old_so_old_certificates_still_verify(
    ukm: Run, issued: tuple[Path, str], tmp_path: Path
) -> None:
    folder, qr = issued

    made = ukm("--data", str(folder), "certificate", "key", "new")
    old = ukm("certificate", "verify", qr, "--key", str(folder / "certificates.pub"))

    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "ukm-keys").glob("*.key"))) == 2
    text = (folder / "certificates.pub").read_text()
    assert text.count("BEGIN PUBLIC KEY") == 2 and text.count("retired:") == 1
    assert old.exit_code == 0, old.output


def test_a_key_on_another_computer_is_said_not_silently_replaced(
    ukm: Run, issued: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _qr = issued
    os.environ["UKM_KEY_DIR"] = str(tmp_path / "another-laptop")

    refused = ukm("--data", str(folder), "certificate", "print", "UKM-001", "-o", "again")

    assert refused.exit_code == 1
    assert "is not on this computer" in refused.stderr
    assert (folder / "certificates.pub").read_text().count("BEGIN PUBLIC KEY") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2018-01-20"), "before 2 graduates completed their last module"),
        (("--date", "2999-01-01"), "is after today"),
    ],
    ids=["before-completion", "far-future"],
)
def test_issue_dates_before_completion_or_after_today_are_refused(
    ukm: Run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    folder = finished(tmp_path)

    refused = ukm("--data", str(folder), "certificate", "issue", "--no-pdf", *args)

    assert refused.exit_code == 1
    assert message in refused.stderr
    assert not (folder / "certificates.yaml").exists()


def test_a_far_future_revocation_is_refused(ukm: Run, tmp_path: Path) -> None:
    folder = finished(tmp_path)
    ukm("--data", str(folder), "certificate", "issue", "--no-pdf", "--date", "2018-02-10")
    before = (folder / "certificates.yaml").read_bytes()

    refused = ukm("--data", str(folder), "certificate", "revoke", "001/SERT-SP/2018",
                  "--reason", "x", "--date", "2999-01-01")  # fmt: skip

    assert refused.exit_code == 1 and "after today" in refused.stderr
    assert (folder / "certificates.yaml").read_bytes() == before


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom-crlf"])
def test_the_highest_number_line_is_seen_whatever_the_line_endings(
    ukm: Run, tmp_path: Path, encoding: str
) -> None:
    folder = finished(tmp_path)
    text = (
        "# highest number given (ukm keeps this line): 41\n"
        "- number: 040/SERT-SP/2018\n  participant: UKM-002\n  issued: 2018-02-01\n"
        "  revoked: {date: 2018-02-02, reason: salah nama}\n"
    )
    if "crlf" in encoding:
        text = text.replace("\n", "\r\n")
    data = text.encode()
    if "bom" in encoding:
        data = b"\xef\xbb\xbf" + data
    (folder / "certificates.yaml").write_bytes(data)

    done = ukm("--data", str(folder), "certificate", "issue", "--no-pdf", "--date", "2018-02-10")

    assert done.exit_code == 0, done.output
    assert "042/SERT-SP/2018  UKM-001" in done.stdout
    assert "043/SERT-SP/2018  UKM-002" in done.stdout


def test_an_id_named_in_the_register_is_never_given_to_a_new_business(
    ukm: Run, tmp_path: Path
) -> None:
    folder = finished(tmp_path)
    ukm("--data", str(folder), "certificate", "issue", "--no-pdf", "--date", "2018-02-10")
    people = folder / "participants.yaml"
    text = people.read_text()
    people.write_text(text[: text.index("- id: UKM-002")])  # a graduate erased by hand
    (folder / "attendance" / "keuangan.yaml").write_text("1: {present: [UKM-001]}\n")

    added = ukm("--data", str(folder), "register", "--business", "Toko Baru",
                "--owner", "Siti", "--gender", "F", "--sector", "batik",
                "--district", "Cepu", "--registered", "2018-02-10", "--no-input")  # fmt: skip

    assert added.exit_code == 0, added.output
    assert "UKM-003" in added.output  # UKM-002 holds a certificate: it never changes hands


def test_numbers_and_names_over_their_limits_are_refused_before_anything_is_recorded(
    ukm: Run, tmp_path: Path
) -> None:
    folder = finished(tmp_path)
    people = folder / "participants.yaml"
    people.write_text(people.read_text().replace("Rina Lestari", "Rina " + "Lestari" * 20))

    refused = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-02-10")

    assert refused.exit_code == 1
    assert "UKM-001: the owner's name has 145 characters" in refused.stderr
    assert not (folder / "certificates.yaml").exists()


def test_a_pdf_that_cannot_be_made_records_no_number(
    ukm: Run, tmp_path: Path, isolated: Path
) -> None:
    folder = finished(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "certificate.typ").write_text("#let x = (\n")

    failed = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-02-10")

    assert failed.exit_code == 1
    assert "certificate.typ" in failed.stderr
    assert not (folder / "certificates.yaml").exists()
    assert not (isolated / "sertifikat").exists() or not list((isolated / "sertifikat").iterdir())


def test_sign_makes_a_pades_signature_that_validates_against_the_throwaway_ca(
    ukm: Run, tmp_path: Path, isolated: Path, office_p12: Path, throwaway_ca: object
) -> None:
    from tests.kit.signing import validate

    folder = finished(tmp_path)
    done = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-02-10",
               "--sign", str(office_p12), env={"UKM_P12_PASSWORD": "rahasia"})  # fmt: skip
    wrong = ukm("--data", str(folder), "certificate", "print", "UKM-001", "-o", "x",
                "--sign", str(office_p12), env={"UKM_P12_PASSWORD": "salah"})  # fmt: skip

    assert done.exit_code == 0, done.output
    signed = (isolated / "sertifikat" / "001-SERT-SP-2018.pdf").read_bytes()
    status = validate(signed, throwaway_ca)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    tampered = bytearray(signed)
    at = len(signed) // 4  # inside the PDF as made, which the signature covers
    tampered[at] ^= 0x01
    assert not validate(bytes(tampered), throwaway_ca).intact
    assert wrong.exit_code == 1 and "wrong password" in wrong.stderr
    assert not (isolated / "x").exists() or not list((isolated / "x").iterdir())


@pytest.mark.slow
def test_a_bank_officers_plain_process_verifies_a_photo(
    ukm: Run, issued: tuple[Path, str], tmp_path: Path, isolated: Path
) -> None:
    from tests.core.documents.test_certificate_pdf import page_image

    folder, _qr = issued
    photo = tmp_path / "foto.jpg"
    page_image(isolated / "sertifikat" / "002-SERT-SP-2018.pdf", 170).save(photo, quality=50)
    bank = tmp_path / "bank"
    bank.mkdir()

    done = run_process("--lang", "id", "certificate", "verify", str(photo), "--key",
                       str(folder / "certificates.pub"), cwd=bank)  # fmt: skip

    assert done.exit_code == 0, done.stderr
    assert "Sertifikat 002/SERT-SP/2018 BERLAKU." in done.stdout
