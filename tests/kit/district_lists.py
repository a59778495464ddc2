"""Seven district lists in the shapes offices send them, written fresh for each test.

Everything is invented (names from small pools, phones 0812-0000-NNNN, NIKs
3316... made up from the row number); no real person's name, phone or NIK.
Each builder writes its file under a folder and says what an import of it
must give: how many businesses, the options it needs, and text the dry
run must show.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROGRAM = """\
name: Lokakarya Uji Kabupaten
starts: 2017-12-01
ends: 2018-03-31
language: en
districts: [Banjarejo, Blora, Cepu, Japah, Jepon, Kunduran]
sectors:
  batik: [batik tulis, batik cap]
  kuliner: [makanan ringan, warung makan, keripik]
  sablon: [konveksi/sablon, konveksi]
  rajut: [kerajinan tas rajut]
  kayu: [mebel, ukir kayu]
"""

PARTICIPANTS = """\
- id: UKM-001
  business: Batik Lestari Uji
  owner: Wulan Sarirasa
  gender: F
  sector: batik
  district: Cepu
  phone: "081200000001"
  registered: 2017-12-01
"""

FIRST = ["Sri", "Budi", "Siti", "Agus", "Tri", "Eko", "Dewi", "Joko", "Rina", "Slamet"]
LAST = ["Uji", "Contoh", "Rekaan", "Karangan", "Misal", "Coba"]
KINDS = ["Batik", "Keripik", "Sablon", "Rajut", "Mebel", "Warung"]
WORDS = ["Sekar", "Makmur", "Lestari", "Barokah", "Ayu", "Karya"]
SECTOR_WORDS = {
    "Batik": "Batik Tulis",
    "Keripik": "Makanan Ringan",
    "Sablon": "Konveksi/Sablon",
    "Rajut": "Kerajinan Tas Rajut",
    "Mebel": "Mebel",
    "Warung": "Warung Makan",
}
SECTOR_OF = {
    "Batik": "batik",
    "Keripik": "kuliner",
    "Sablon": "sablon",
    "Rajut": "rajut",
    "Mebel": "kayu",
    "Warung": "kuliner",
}


@dataclass
class Person:
    """One invented business."""

    n: int
    business: str
    owner: str
    female: bool
    kind: str
    phone: str
    nik: str
    employees: int


def people(count: int, seed: int) -> list[Person]:
    """``count`` invented businesses (the same for the same seed)."""
    rng = random.Random(seed)
    result = []
    for i in range(1, count + 1):
        n = seed * 100 + i
        kind = rng.choice(KINDS)
        result.append(
            Person(
                n,
                f"{kind} {rng.choice(WORDS)} {n}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                rng.random() < 0.6,
                kind,
                f"0812-0000-{n:04d}",
                f"331601{n:010d}",
                rng.randint(1, 9),
            )
        )
    return result


@dataclass
class DistrictList:
    """A list and what importing it must give."""

    path: Path
    count: int
    args: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    """Text the dry run must show (what was read, left out, reinterpreted)."""
    refused_without_args: str | None = None
    """Without ``args`` the import is refused with this text."""


def _xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    merge: dict[str, str] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(name, "").split():
            sheet.merge_cells(cells)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


SIGNATURE = [
    [],
    [None, None, None, None, None, "Cepu, 4 Februari 2019"],
    [None, None, None, None, None, "Camat Cepu"],
    [None, None, None, None, None, "ttd"],
    [],
    [None, None, None, None, None, "Drs. Nama Rekaan"],
    [None, None, None, None, None, "NIP. 19650101 199003 1 001"],
]


def merged_title_totals_signature(folder: Path) -> DistrictList:
    """Cepu: a merged two-line title, a blank row, the header on row 4, column numbers under
    it, ``Kec. Cepu``, ``Pr``/``Lk``, ``5 orang``, free-text sectors, a JUMLAH row, a signature."""
    rows: list[list[object]] = [
        ["DAFTAR PESERTA LOKAKARYA UJI"],
        ["KECAMATAN CEPU TAHUN 2019"],
        [],
        ["No", "Nama Usaha", "Nama Pemilik", "L/P", "Jenis Usaha", "Kecamatan", "Jumlah TK"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    ]
    group = people(6, 1)
    for i, p in enumerate(group, start=1):
        rows.append(
            [
                i,
                p.business,
                p.owner,
                "Pr" if p.female else "Lk",
                SECTOR_WORDS[p.kind],
                "Kec. Cepu",
                f"{p.employees} orang",
            ]
        )
    rows.append(["JUMLAH", None, None, None, None, None, sum(p.employees for p in group)])
    rows.extend(SIGNATURE)
    path = _xlsx(folder / "cepu.xlsx", {"Sheet1": rows}, {"Sheet1": "A1:G1 A2:G2"})
    return DistrictList(
        path,
        6,
        shown=[
            "Title above the table: DAFTAR PESERTA LOKAKARYA UJI / KECAMATAN CEPU TAHUN 2019",
            "the header is row 4",
            "row 5 (the columns' numbers, under the header)",
            "row 12 (a totals row): JUMLAH",
            "below the totals row): Cepu, 4 Februari 2019",
            "NIP. 19650101 199003 1 001",
            "Kecamatan: 'Kec. Cepu' read as 'Cepu'",
            "Jenis Usaha: 'Batik Tulis' read as 'batik'",
            "Jumlah TK: '",
        ],
    )


def summary_sheet_first(folder: Path) -> DistrictList:
    """Japah: a "Rekap" sheet first, the list on "Peserta" with Alamat and Keterangan,
    ``KECAMATAN JAPAH``, ``-`` for empty, a phone Excel made a number."""
    recap = [["REKAP PESERTA"], ["Kecamatan", "Jumlah UKM", "L", "P"], ["Japah", 5, 2, 3]]
    rows: list[list[object]] = [
        [
            "No",
            "Nama UKM",
            "Pemilik",
            "Jenis Kelamin",
            "Sektor",
            "Kecamatan",
            "Desa",
            "Alamat",
            "No HP",
            "Keterangan",
        ],
    ]
    for i, p in enumerate(people(5, 2), start=1):
        phone = int(p.phone.replace("-", "")) if i == 1 else p.phone
        rows.append(
            [
                i,
                p.business,
                p.owner,
                "Perempuan" if p.female else "Laki-laki",
                SECTOR_OF[p.kind],
                "KECAMATAN JAPAH",
                "-",
                f"RT 0{i}/RW 02",
                phone,
                "anggota koperasi" if i % 2 else "-",
            ]
        )
    path = _xlsx(folder / "japah.xlsx", {"Rekap": recap, "Peserta": rows})
    return DistrictList(
        path,
        5,
        shown=[
            "sheet 'Peserta': the header is row 1",
            "Other sheets, not read: Rekap",
            "Kecamatan: 'KECAMATAN JAPAH' read as 'Japah'",
            "Desa: '-' read as empty",
        ],
    )


def windows_csv(folder: Path) -> DistrictList:
    """Jepon: CSV from Excel on Windows (Windows-1252, ``sep=;``), dates 13/12/2017, two phones
    in a cell, NIKs with spaces, ``'`` before numbers, ``±5``."""
    lines = [
        "sep=;",
        "Nama Usaha;Nama Pemilik;JK;Sektor;Kecamatan;No. HP;NIK;Tanggal Daftar;Karyawan",
    ]
    for i, p in enumerate(people(4, 3), start=1):
        nik = " ".join(p.nik[k : k + 4] for k in range(0, 16, 4))
        phone = f"{p.phone} / 0857-0000-{p.n:04d}" if i == 2 else f"'{p.phone.replace('-', '')}"
        business = "Kopi Café Jepon" if i == 1 else p.business
        lines.append(
            f"{business};{p.owner};{'P' if p.female else 'L'};{SECTOR_WORDS[p.kind]};Jepon;"
            f"{phone};{nik};13/12/2017;±{p.employees}"
        )
    path = folder / "jepon.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return DistrictList(
        path,
        4,
        shown=[
            "read as Windows-1252",
            "sep=;",
            "Tanggal Daftar: '13/12/2017' read as '2017-12-13'",
            "other phone: 0857-0000-0302",
            "Kopi Café Jepon",
        ],
    )


def numeric_nik(folder: Path) -> DistrictList:
    """Blora: the NIK column stored as numbers (Excel keeps 15 digits): refused, then imported
    without it."""
    rows: list[list[object]] = [
        ["Nama Usaha", "Nama Pemilik", "L/P", "Sektor", "Kecamatan", "NIK"],
    ]
    for p in people(3, 4):
        rows.append(
            [
                p.business,
                p.owner,
                "P" if p.female else "L",
                SECTOR_OF[p.kind],
                "Blora",
                float(p.nik),
            ]
        )
    path = _xlsx(folder / "blora.xlsx", {"Daftar": rows})
    return DistrictList(
        path,
        3,
        args=["--skip-column", "NIK"],
        shown=["F  NIK  left out: --skip-column"],
        refused_without_args="--skip-column 'NIK'",
    )


def whatsapp_and_signatures(folder: Path) -> DistrictList:
    """Kunduran: ``No. WA`` for the phone, a TTD column, a signature block and no totals row."""
    rows: list[list[object]] = [
        ["PESERTA PELATIHAN", None, None, None, None, None, None, None],
        ["No.", "Nama Pemilik", "Nama Usaha", "JK", "Bidang Usaha", "Kecamatan", "No. WA", "TTD"],
    ]
    for i, p in enumerate(people(4, 5), start=1):
        rows.append(
            [
                f"{i}.",
                p.owner,
                p.business,
                "P" if p.female else "L",
                SECTOR_OF[p.kind],
                "Kunduran",
                p.phone,
                None,
            ]
        )
    rows.extend(SIGNATURE)
    path = _xlsx(folder / "kunduran.xlsx", {"Sheet1": rows})
    return DistrictList(
        path,
        4,
        shown=[
            "No. WA  -> phone",
            "TTD  left out: a column for signatures",
            "No.  left out: row numbers",
            "Cepu, 4 Februari 2019",
        ],
    )


def family_phone_and_duplicate(folder: Path) -> DistrictList:
    """Banjarejo: two sisters share the family phone (a note), and one business is already
    registered (left out with --skip-duplicates)."""
    lines = [
        "Nama Usaha,Nama Pemilik,Jenis Kelamin,Sektor,Kecamatan,No HP",
        "Keripik Ayu Uji,Sri Rekaan,P,kuliner,Banjarejo,0812-0000-7001",
        "Rajut Ayu Uji,Dewi Rekaan,P,rajut,Banjarejo,0812-0000-7001",
        "BATIK LESTARI UJI,Wulan Sarirasa,P,batik,Cepu,",
        "Mebel Jati Uji,Joko Coba,L,kayu,Banjarejo,0812-0000-7003",
    ]
    path = folder / "banjarejo.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return DistrictList(
        path,
        3,
        args=["--skip-duplicates"],
        shown=[
            "row 4: BATIK LESTARI UJI (Wulan Sarirasa) left out: the same business and owner "
            "names as UKM-001 (Batik Lestari Uji, Wulan Sarirasa)."
        ],
        refused_without_args="--skip-duplicates",
    )


def two_row_merged_header(folder: Path) -> DistrictList:
    """Japah, the most common kecamatan layout: the headings over two rows, ``NO``, ``NO HP/WA``
    and ``UMUR`` merged down over both, ``NAMA`` and ``ALAMAT`` merged across the two columns
    under them, ``JENIS`` / ``KELAMIN`` and ``JENIS`` / ``USAHA`` split over the two rows."""
    rows: list[list[object]] = [
        ["DAFTAR PESERTA PELATIHAN UKM"],
        ["KECAMATAN JAPAH TAHUN 2019"],
        [],
        ["NO", "NAMA", None, "JENIS", "JENIS", "ALAMAT", None, "NO HP/WA", "UMUR"],
        [None, "USAHA", "PEMILIK", "KELAMIN", "USAHA", "DESA", "KECAMATAN", None, None],
    ]
    group = people(5, 5)
    for i, p in enumerate(group, start=1):
        rows.append(
            [
                i,
                p.business,
                p.owner,
                "P" if p.female else "L",
                SECTOR_WORDS[p.kind],
                "Desa Rekaan",
                "Kec. Japah",
                p.phone,
                30 + i,
            ]
        )
    rows.extend(SIGNATURE)
    path = _xlsx(
        folder / "japah.xlsx",
        {"Peserta": rows},
        {"Peserta": "A1:I1 A2:I2 A4:A5 B4:C4 F4:G4 H4:H5 I4:I5"},
    )
    return DistrictList(
        path,
        5,
        shown=[
            "the header is rows 4 and 5",
            "B  NAMA USAHA  -> business",
            "C  NAMA PEMILIK  -> owner",
            "D  JENIS KELAMIN  -> gender",
            "E  JENIS USAHA  -> sector",
            "F  DESA  -> village",
            "G  KECAMATAN  -> district",
            "H  NO HP/WA  -> phone",
            "I  UMUR  left out: not kept by ukm",
            "below the table (not a business",
        ],
    )


def two_row_header_csv(folder: Path) -> DistrictList:
    """The same layout saved as CSV: no merges, each heading in the first of its columns."""
    lines = [
        "DAFTAR PESERTA PELATIHAN UKM",
        "",
        "NO;NAMA;;JENIS;JENIS;ALAMAT;;NO HP/WA;UMUR",
        ";USAHA;PEMILIK;KELAMIN;USAHA;DESA;KECAMATAN;;",
    ]
    for i, p in enumerate(people(3, 6), start=1):
        gender = "P" if p.female else "L"
        lines.append(
            f"{i};{p.business};{p.owner};{gender};{SECTOR_WORDS[p.kind]};Rekaan;Japah;"
            f"{p.phone};{40 + i}"
        )
    path = folder / "japah.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return DistrictList(
        path,
        3,
        shown=["the header is rows 3 and 4", "C  PEMILIK  -> owner", "G  KECAMATAN  -> district"],
    )


def hidden_archive_sheet(folder: Path) -> DistrictList:
    """Jepon: last year's list on a hidden sheet "Arsip 2018" before this year's visible one."""
    header = ["No", "Nama Usaha", "Nama Pemilik", "L/P", "Jenis Usaha", "Kecamatan", "No HP"]

    def sheet(group: list[Person], district: str) -> list[list[object]]:
        rows: list[list[object]] = [header]
        for i, p in enumerate(group, start=1):
            gender = "P" if p.female else "L"
            rows.append([i, p.business, p.owner, gender, SECTOR_WORDS[p.kind], district, p.phone])
        return rows

    # the archive names more columns' fields than the list does: it would win if read
    archive = [[*row, "Keterangan", "Alamat"] for row in sheet(people(9, 7), "Jepon")]
    path = _xlsx(
        folder / "jepon.xlsx",
        {"Arsip 2018": archive, "Peserta 2019": sheet(people(4, 8), "Jepon")},
        hidden=("Arsip 2018",),
    )
    return DistrictList(
        path,
        4,
        shown=[
            "sheet 'Peserta 2019': the header is row 1",
            "Hidden sheets, not read: Arsip 2018 (--sheet NAME reads one).",
        ],
    )


def ukm_export(folder: Path, make: Callable[[Path], Path]) -> DistrictList:
    """Blora again: a list ukm itself exported (``ukm participants --format xlsx``) from
    another programme, NIKs masked as ukm prints them."""
    return DistrictList(make(folder / "ekspor.xlsx"), 2, shown=["-> nik"])


BUILDERS = [
    merged_title_totals_signature,
    summary_sheet_first,
    windows_csv,
    numeric_nik,
    whatsapp_and_signatures,
    family_phone_and_duplicate,
    two_row_merged_header,
    two_row_header_csv,
    hidden_archive_sheet,
]
