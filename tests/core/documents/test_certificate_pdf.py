"""The certificate PDF: whose it is, the modules and hours, the number, and a QR code that scans.

The text is read back with pypdf; the page is drawn with pypdfium2 and its QR
code read with zxing-cpp, as a phone would read it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.kit.helpers import Run, programme
from tests.kit.pdf import pdf_pages, pdf_text

pytestmark = pytest.mark.usefixtures("cached_cli")

MODULES = """\
- id: keuangan
  title: Tertib Keuangan
  sessions:
    1: {date: 2018-01-08, hours: 3}
    2: {date: 2018-01-15, hours: 2.5}
    3: {date: 2018-01-22}
    4: {date: 2018-01-29, hours: 3}
- id: pemasaran
  title: Pemasaran Digital
  min_attendance: 50
  sessions:
    1: {date: 2018-02-05}
    2: {date: 2018-02-12}
"""

PARTICIPANTS = """\
- id: UKM-001
  business: Batik Sekar
  owner: Raden Ajeng Sri Hartati Kusumawardhani Puspitasari
  gender: F
  sector: batik
  district: Jepon
  registered: 2018-01-01
- id: UKM-002
  business: Warung Pak Joko
  owner: Joko Susanto
  gender: M
  sector: kuliner
  district: Cepu
  registered: 2018-01-01
- id: UKM-003
  business: Kripik Bu Sri
  owner: Sri Wahyuni
  gender: F
  sector: kuliner
  district: Japah
  registered: 2018-01-01
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """UKM-001 and UKM-003 graduate; UKM-002 misses too much of Tertib Keuangan."""
    return programme(
        tmp_path / "pelatihan",
        modules=MODULES,
        participants=PARTICIPANTS,
        attendance__keuangan="""\
            1: {present: [UKM-001, UKM-002, UKM-003]}
            2: {present: [UKM-001, UKM-003]}
            3: {present: [UKM-001, UKM-003]}
            4: {present: [UKM-001]}
            """,
        attendance__pemasaran="""\
            1: {present: [UKM-001, UKM-002, UKM-003]}
            2: {present: [UKM-001]}
            """,
    )


def qr_texts(path: Path) -> list[str]:
    """What the QR codes on each page of the PDF say, read from the drawn page."""
    import pypdfium2
    import zxingcpp

    found = []
    for page in pypdfium2.PdfDocument(path.read_bytes()):
        bitmap = page.render(scale=2, grayscale=True)
        image = memoryview(bytes(bitmap.buffer)).cast("B", (bitmap.height, bitmap.stride))
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


def test_issue_writes_one_certificate_a_graduate_that_names_them_and_scans(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    done = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01")

    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (isolated / "sertifikat").iterdir()) == [
        "001-SERT-SP-2018.pdf",
        "002-SERT-SP-2018.pdf",
    ]
    first = isolated / "sertifikat" / "001-SERT-SP-2018.pdf"
    text = pdf_text(first)
    assert "Raden Ajeng Sri Hartati Kusumawardhani Puspitasari" in text
    assert "Batik Sekar" in text and "Jepon" in text
    assert "Joko Susanto" not in text
    assert "Tertib Keuangan 8.5" in text  # 3 + 2.5 + 3: the sessions that give hours
    assert "Pemasaran Digital –" in text
    assert "No. 001/SERT-SP/2018" in text and "1 March 2018" in text
    assert "Pelatihan Uji" in text
    assert len(pdf_pages(first)) == 1
    qr = qr_texts(first)
    assert len(qr) == 1
    assert token_payload(qr[0]) == {
        "num": "001/SERT-SP/2018",
        "name": "Raden Ajeng Sri Hartati Kusumawardhani Puspitasari",
        "bus": "Batik Sekar",
        "prog": "Pelatihan Uji",
        "date": "2018-03-01",
        "iss": "Dinas Uji",
    }
    assert "Sri Wahyuni" in pdf_text(isolated / "sertifikat" / "002-SERT-SP-2018.pdf")

    checked = ukm("--data", str(folder), "certificate", "verify", qr[0])
    assert checked.exit_code == 0 and "001/SERT-SP/2018 is VALID" in checked.stdout


def token_payload(text: str) -> dict[str, object]:
    """The payload of the JWS in a QR text, decoded here without ukm (base64url JSON)."""
    import base64
    import json

    body = text.rsplit("#", 1)[-1].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def page_image(path: Path, dpi: int):  # type: ignore[no-untyped-def]
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    return document[0].render(scale=dpi / 72).to_pil()


@pytest.mark.parametrize(
    "degrade",
    ["print-150dpi", "blur-jpeg-40", "photo-scaled-down-rotated"],
)
def test_the_qr_code_is_read_back_from_a_degraded_copy(
    ukm: Run, folder: Path, isolated: Path, tmp_path: Path, degrade: str
) -> None:
    from PIL import Image, ImageFilter

    with (folder / "program.yaml").open("a", encoding="utf-8") as f:
        f.write("certificates: {verify_url: 'https://dinas.example.go.id/verifikasi'}\n")
    assert ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01").exit_code == 0
    first = isolated / "sertifikat" / "001-SERT-SP-2018.pdf"
    if degrade == "print-150dpi":  # a 150 dpi print: black dots or none
        image = page_image(first, 150).convert("L").point(lambda v: 255 if v > 128 else 0)
        name = "print.png"
    elif degrade == "blur-jpeg-40":  # a scan at 200 dpi, blurred, saved as a poor JPEG
        image = page_image(first, 200).filter(ImageFilter.GaussianBlur(1.2))
        name = "scan.jpg"
    else:  # a photo: the page smaller (170 dpi), turned a little, blurred, JPEG
        image = page_image(first, 170).rotate(4, expand=True, fillcolor="white")
        image = image.filter(ImageFilter.GaussianBlur(0.8))
        name = "photo.jpg"
    picture = tmp_path / name
    image.save(picture, quality=40) if name.endswith(".jpg") else image.save(picture)
    assert Image.open(picture).size[0] < 2400  # no larger than a phone photo of the page

    key = folder / "certificates.pub"  # the bank has the picture and the key, no folder
    checked = ukm("certificate", "verify", str(picture), "--key", str(key))

    assert checked.exit_code == 0, checked.output
    assert "Certificate 001/SERT-SP/2018 is VALID." in checked.stdout
    assert "Raden Ajeng Sri Hartati Kusumawardhani Puspitasari" in checked.stdout


def test_one_file_and_reprints_are_the_same_certificates(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    ukm(
        "--data",
        str(folder),
        "certificate",
        "issue",
        "--date",
        "2018-03-01",
        "--one-file",
        "-o",
        "cetak",
    )
    together = isolated / "cetak" / "sertifikat.pdf"
    pages = pdf_pages(together)
    assert len(pages) == 2
    assert "001/SERT-SP/2018" in pages[0] and "002/SERT-SP/2018" in pages[1]

    again = ukm("--data", str(folder), "certificate", "print", "002/SERT-SP/2018", "-o", "ulang")
    marked = ukm(
        "--data", str(folder), "certificate", "print", "UKM-001", "-o", "tanda", "--mark-reprint"
    )

    assert again.exit_code == marked.exit_code == 0
    reprint = pdf_text(isolated / "ulang" / "002-SERT-SP-2018.pdf")
    assert reprint == " ".join(pages[1].split())
    assert "Reprint" not in reprint
    assert "(Reprint)" in pdf_text(isolated / "tanda" / "001-SERT-SP-2018.pdf")


def test_a_revoked_certificate_is_not_printed(ukm: Run, folder: Path, isolated: Path) -> None:
    ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01", "--no-pdf")
    ukm(
        "--data", str(folder), "certificate", "revoke", "001/SERT-SP/2018", "--reason", "salah nama"
    )

    refused = ukm("--data", str(folder), "certificate", "print", "001/SERT-SP/2018", "-o", "x")

    assert refused.exit_code == 1
    assert "revoked" in refused.stderr
    assert not (isolated / "x").exists() or not any((isolated / "x").iterdir())


def test_in_indonesian_with_signatories_and_the_folders_own_template(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    with (folder / "program.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "place: Blora\n"
            "signatories:\n  head: {title: Kepala Dinas Uji, name: 'Dr. Ir. Budi Santoso, M.M.',"
            " rank: Pembina Tk. I (IV/b), nip: '196501011990031001'}\n"
            "  approver: {title: Sekretaris Daerah, name: 'Prof. Dr. H. Slamet Riyadi, S.H.',"
            " nip: '19600202 198503 1 002'}\n"
        )
    done = ukm(
        "--lang", "id", "--data", str(folder), "certificate", "issue", "--date", "2018-03-01"
    )

    assert done.exit_code == 0, done.output
    text = pdf_text(isolated / "sertifikat" / "001-SERT-SP-2018.pdf")
    assert "SERTIFIKAT" in text and "diberikan kepada" in text
    # tata naskah dinas: the approver under "Mengetahui," at the left, the head at the right
    # under "Place, date"; the names without academic titles (H. is not one), NIPs spaced
    assert "Mengetahui, Blora, 1 Maret 2018" in text
    assert "Sekretaris Daerah, Kepala Dinas Uji," in text
    assert "H. Slamet Riyadi NIP. 19600202 198503 1 002" in text
    assert "Budi Santoso Pembina Tk. I (IV/b) NIP. 19650101 199003 1 001" in text
    assert "Dr." not in text and "M.M." not in text and "S.H." not in text

    (folder / "templates").mkdir()
    (folder / "templates" / "certificate.typ").write_text(
        '#import "common.typ": data\n#for c in data.rows [Piagam #c.number untuk #c.owner]\n',
        encoding="utf-8",
    )
    own = ukm("--data", str(folder), "certificate", "print", "002/SERT-SP/2018", "-o", "own")
    assert own.exit_code == 0, own.output
    assert (
        pdf_text(isolated / "own" / "002-SERT-SP-2018.pdf")
        == "Piagam 002/SERT-SP/2018 untuk Sri Wahyuni"
    )


def test_the_pdf_is_an_a4_landscape_page(ukm: Run, folder: Path, isolated: Path) -> None:
    from pypdf import PdfReader

    ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01")
    reader = PdfReader(io.BytesIO((isolated / "sertifikat" / "001-SERT-SP-2018.pdf").read_bytes()))
    box = reader.pages[0].mediabox

    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)


def test_an_offices_copy_of_the_template_from_before_signing_is_refused_by_name(
    ukm: Run, folder: Path, isolated: Path
) -> None:
    """A templates/certificate.typ copied from ukm before certificates were signed (it drew the
    QR code from rows of 1 and 0): a clear refusal naming it, nothing recorded, no PDF."""
    old = Path(__file__).parent / "fixtures" / "certificate.before-signing.typ"
    (folder / "templates").mkdir()
    (folder / "templates" / "certificate.typ").write_bytes(old.read_bytes())

    done = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01")

    assert done.exit_code == 1, done.output
    first = done.output.splitlines()[0]
    assert first.startswith(f"{Path('../pelatihan/templates/certificate.typ')}: ")
    assert "certificate.typ was written for an older ukm" in first
    assert "qr, data.certificates, data.head" in first
    assert "Copy ukm's certificate.typ over it" in done.output
    assert "dictionary does not contain" not in done.output  # not Typst's own words
    assert "Traceback" not in done.output
    assert not (folder / "certificates.yaml").exists()
    assert not (isolated / "sertifikat").exists() or not any((isolated / "sertifikat").iterdir())


LONGEST_OWNER = "Ádé Ñúrhàlízá Kúsúmáwárdháñí Púspításárí Wúláñdárí Ráhmáwátí Ñíñgsíh"
LONGEST_BUSINESS = (
    "Úsáhá Dágáñg Kérájíñáñ Bátík Túlís dáñ Bátík Cáp Sékár Jágád Múlyá Léstárí Ábádí"
)


@pytest.mark.parametrize(
    "degrade", ["phone-photo-130dpi-turned-blurred-jpeg", "whatsapp-110dpi-jpeg", "print-100dpi"]
)
def test_the_fullest_qr_code_a_certificate_may_hold_is_read_from_a_poor_copy(
    ukm: Run, tmp_path: Path, isolated: Path, degrade: str
) -> None:
    """Names at their limits, every letter accented (2 bytes in UTF-8), a long programme,
    organizer, number pattern and verify_url: the QR code near the 900 bytes issue allows,
    its squares at their smallest; read back from a poor photo by the bank's own command."""
    from PIL import Image, ImageFilter

    program = (
        "name: Pelatihan Peningkatan Kapasitas Manajemen Usaha, Keuangan, Pemasaran Digital "
        "dan Keselamatan Kerja bagi UMKM Unggulan\n"
        "organizer: Dinas Perdagangan, Koperasi dan Usaha Kecil Menengah Kabupaten Blora "
        "Provinsi Jawa Tengah\n"
        "starts: 2018-01-01\nends: 2018-03-31\nlanguage: id\nmin_attendance: 75\n"
        "certificates:\n  number: '{seq:03}/SERT-PKMU/DINDAGKOP-UKM/{year}'\n"
        "  verify_url: https://dindagkop.blorakab.go.id/verifikasi-sertifikat-pelatihan\n"
    )
    participants = PARTICIPANTS.replace(
        "Raden Ajeng Sri Hartati Kusumawardhani Puspitasari", LONGEST_OWNER
    ).replace("business: Batik Sekar", f"business: {LONGEST_BUSINESS}")
    folder = programme(
        tmp_path / "panjang",
        program=program,
        modules=MODULES,
        participants=participants,
        attendance__keuangan="1: {present: [UKM-001]}\n2: {present: [UKM-001]}\n"
        "3: {present: [UKM-001]}\n4: {present: [UKM-001]}\n",
        attendance__pemasaran="1: {present: [UKM-001]}\n2: {present: [UKM-001]}\n",
    )
    done = ukm("--data", str(folder), "certificate", "issue", "--date", "2018-03-01")
    assert done.exit_code == 0, done.output
    pdf = isolated / "sertifikat" / "001-SERT-PKMU-DINDAGKOP-UKM-2018.pdf"
    held = qr_texts(pdf)
    assert len(held) == 1 and 880 < len(held[0].encode("utf-8")) <= 900

    if degrade == "phone-photo-130dpi-turned-blurred-jpeg":
        image = page_image(pdf, 130).rotate(7, expand=True, fillcolor="white")
        image = image.filter(ImageFilter.GaussianBlur(1.0))
    elif degrade == "whatsapp-110dpi-jpeg":
        image = page_image(pdf, 110).filter(ImageFilter.GaussianBlur(0.6))
    else:  # a poor print: black dots or none, 100 dpi
        image = page_image(pdf, 100).convert("L").point(lambda v: 255 if v > 128 else 0)
    picture = tmp_path / "foto.jpg"
    image.convert("RGB").save(picture, quality=40)
    assert max(Image.open(picture).size) < 1700

    checked = ukm("certificate", "verify", str(picture), "--key", str(folder / "certificates.pub"))

    assert checked.exit_code == 0, checked.output
    assert "001/SERT-PKMU/DINDAGKOP-UKM/2018 is VALID" in checked.stdout
    assert LONGEST_OWNER in checked.stdout and LONGEST_BUSINESS in checked.stdout
