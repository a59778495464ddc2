#!/usr/bin/env python3
"""Generate the sample programme folder shipped in ``data/``.

The sample is the Blora 2017 "Lokakarya Score Plus" workshop: six modules
(each with the good practices it teaches) and 100 invented small businesses
(no real person's name, phone or ID number), with attendance sheets for every
session held up to 2018-02-14, the mentoring visits to the 20 UKM
unggulan by four invented trainers up to that day, every business's baseline
(sales a month and capital when registering) and the endline survey of
March 2018 (``indicators.yaml``) that reached 86 of them; two late registrants'
make-ups, an exemption, the Tertib Keuangan pre- and post-tests (``scores.yaml``)
and the office's text of the printed report (``laporan.md``). ``tests/test_smoke.py``
holds ``data/`` to what this script writes, byte for byte.

Usage:
    python3 tools/make_sample_data.py [OUTDIR]     # default: the repository's data/

The output is deterministic (fixed random seed) and written by hand as YAML
text, so that the files look like something a programme officer would keep:
comments, flow-style lists, one entry per block. Standard library only.
"""

from __future__ import annotations

import math
import random
import re
import sys
from datetime import date
from pathlib import Path

SEED = 20171213
TODAY = date(2018, 2, 14)  # the sample is "as of" this day: later sessions are not held yet

# --------------------------------------------------------------------------
# programme
# --------------------------------------------------------------------------

PROGRAM = {
    "name": "Lokakarya Score Plus Kabupaten Blora 2017",
    "organizer": "Dindagkop UKM Kabupaten Blora",
    "partners": [
        ("Dekranasda Kabupaten Blora", "mitra pembina"),
        ("TP PKK Kabupaten Blora", "mitra pembina"),
        ("PT HM Sampoerna Tbk", "sponsor"),
        ("Bedo", "mitra pendamping"),
    ],
    "venue": "Ruang Pertemuan Setda Kabupaten Blora",
    "starts": date(2017, 12, 13),
    "ends": date(2018, 3, 13),
    "language": "id",
    "min_attendance": 75,
}

DISTRICTS = [
    "Banjarejo",
    "Blora",
    "Bogorejo",
    "Cepu",
    "Japah",
    "Jati",
    "Jepon",
    "Jiken",
    "Kedungtuban",
    "Kradenan",
    "Kunduran",
    "Ngawen",
    "Randublatung",
    "Sambong",
    "Todanan",
    "Tunjungan",
]
SECTORS = ["batik", "kayu", "sablon", "kuliner", "rajut", "kerajinan"]

# kecamatan part of a Blora NIK (33.16.xx)
NIK_DISTRICT_CODE = {
    "Jati": "01",
    "Randublatung": "02",
    "Kradenan": "03",
    "Kedungtuban": "04",
    "Cepu": "05",
    "Sambong": "06",
    "Jiken": "07",
    "Jepon": "08",
    "Blora": "09",
    "Tunjungan": "10",
    "Banjarejo": "11",
    "Ngawen": "12",
    "Kunduran": "13",
    "Todanan": "14",
    "Bogorejo": "15",
    "Japah": "16",
}

# how many of the 100 businesses come from each district
DISTRICT_COUNTS = {
    "Blora": 12,
    "Cepu": 10,
    "Jepon": 8,
    "Randublatung": 7,
    "Ngawen": 6,
    "Kunduran": 6,
    "Tunjungan": 6,
    "Banjarejo": 6,
    "Jati": 5,
    "Kedungtuban": 5,
    "Kradenan": 5,
    "Todanan": 5,
    "Japah": 5,
    "Jiken": 5,
    "Bogorejo": 5,
    "Sambong": 4,
}

# sector: (businesses, of which owned by women)
SECTOR_COUNTS = {
    "batik": (18, 14),
    "kayu": (20, 3),
    "sablon": (12, 3),
    "kuliner": (22, 16),
    "rajut": (14, 13),
    "kerajinan": (14, 6),
}

VILLAGES = {
    "Banjarejo": ["Banjarejo", "Sidomulyo", "Bacem", "Klopoduwur", "Sembongin", "Plosorejo"],
    "Blora": [
        "Kamolan",
        "Tempelan",
        "Jetis",
        "Kedungjenar",
        "Karangjati",
        "Mlangsen",
        "Beran",
        "Tambahrejo",
        "Kunden",
    ],
    "Bogorejo": ["Bogorejo", "Jurangjero", "Gayam", "Tahunan", "Nglengkir"],
    "Cepu": [
        "Balun",
        "Karangboyo",
        "Ngelo",
        "Mernung",
        "Sumberpitu",
        "Cepu",
        "Tambakromo",
        "Kapuan",
        "Jipang",
    ],
    "Japah": ["Japah", "Ngiyono", "Kalinanas", "Tengger", "Beganjing"],
    "Jati": ["Jati", "Doplang", "Bangkleyan", "Randulawang", "Pelem"],
    "Jepon": ["Jepon", "Soko", "Kemiri", "Bangsri", "Gersi", "Palon", "Seso"],
    "Jiken": ["Jiken", "Janjang", "Bleboh", "Nglebur", "Singonegoro"],
    "Kedungtuban": ["Kedungtuban", "Sogo", "Nglanjuk", "Jimbung", "Pulo"],
    "Kradenan": ["Kradenan", "Menden", "Megeri", "Nglungger", "Mendenrejo"],
    "Kunduran": ["Kunduran", "Sonokulon", "Bejirejo", "Ngilen", "Kodokan"],
    "Ngawen": ["Ngawen", "Sendangrejo", "Jetakwanger", "Gedebeg", "Karangtengah"],
    "Randublatung": ["Randublatung", "Wulung", "Kutukan", "Temulus", "Sambongwangan"],
    "Sambong": ["Sambong", "Sambongrejo", "Ledok", "Biting"],
    "Todanan": ["Todanan", "Kedungwungu", "Ledok", "Bicak", "Gunungan"],
    "Tunjungan": ["Tunjungan", "Sitirejo", "Sukorejo", "Kalangan", "Adirejo"],
}

# --------------------------------------------------------------------------
# modules, in teaching order
# --------------------------------------------------------------------------

VENUE = PROGRAM["venue"]
DEKRANASDA = "Gedung Dekranasda Kabupaten Blora"
AULA = "Aula Dindagkop UKM Kabupaten Blora"

MODULES = [
    {
        "id": "manajemen",
        "title": "Pengelolaan Usaha",
        "comment": "Opened on the first day of the workshop with the Bupati.",
        "practices": {
            "rencana-usaha": "Memiliki rencana usaha tertulis",
            "bagi-tugas": "Membagi tugas karyawan dengan jelas",
            "catat-stok": "Mencatat persediaan bahan baku dan barang jadi",
        },
        "sessions": [
            {
                "date": date(2017, 12, 13),
                "topic": "Mengenal Score Plus dan memetakan kondisi usaha",
                "trainer": "PT HM Sampoerna Tbk",
                "place": VENUE,
                "hours": 2,
            },
            {
                "date": date(2017, 12, 14),
                "topic": "Menyusun rencana usaha sederhana",
                "trainer": "Bedo",
                "hours": 3,
            },
            {
                "date": date(2017, 12, 21),
                "topic": "Membagi tugas dan mengatur karyawan",
                "trainer": "Hendro Wicaksono",
            },
            {
                "date": date(2018, 1, 4),
                "topic": "Mengelola persediaan bahan baku dan barang jadi",
                "trainer": "Bedo",
                "place": AULA,
                "hours": 3,
            },
        ],
    },
    {
        "id": "keuangan",
        "title": "Tertib Keuangan",
        "min_attendance": 75,
        "comment": "Bookkeeping. Stated explicitly, although it is the programme's default.",
        "practices": {
            "kas-harian": "Mencatat kas harian setiap hari",
            "pisah-uang": "Memisahkan uang usaha dan uang pribadi",
            "hitung-hpp": "Menghitung harga pokok produksi sebelum menetapkan harga jual",
        },
        "sessions": [
            {
                "date": date(2017, 12, 13),
                "topic": "Memisahkan uang usaha dan uang pribadi",
                "trainer": "Bedo",
                "place": VENUE,
                "hours": 2,
            },
            {
                "date": date(2017, 12, 20),
                "topic": "Mencatat buku kas harian",
                "trainer": "Ratna Dewi",
                "hours": 3,
            },
            {
                "date": date(2018, 1, 10),
                "topic": "Menghitung harga pokok produksi dan harga jual",
                "trainer": "Ratna Dewi",
                "place": AULA,
                "hours": 3,
            },
            {
                "date": date(2018, 2, 21),
                "topic": "Membaca laporan laba rugi sederhana",
                "trainer": "Bedo",
                "hours": 3,
            },
        ],
    },
    {
        "id": "disiplin",
        "title": "Tertib Kerja",
        "practices": {
            "tata-5r": "Menata tempat kerja dengan 5R",
            "aturan-kerja": "Menetapkan jam kerja dan aturan kerja tertulis",
            "periksa-mutu": "Memeriksa mutu hasil kerja sebelum dijual",
        },
        "sessions": [
            {
                "date": date(2018, 1, 11),
                "topic": "Menata tempat kerja dengan 5R",
                "trainer": "PT HM Sampoerna Tbk",
                "hours": 3,
            },
            {
                "date": date(2018, 1, 17),
                "topic": "Jam kerja dan aturan kerja karyawan",
                "trainer": "Hendro Wicaksono",
            },
            {
                "date": date(2018, 1, 24),
                "topic": "Standar mutu dan pemeriksaan hasil kerja",
                "trainer": "PT HM Sampoerna Tbk",
                "place": DEKRANASDA,
            },
            {"date": date(2018, 1, 31), "topic": "Evaluasi penerapan 5R di tempat usaha"},
        ],
    },
    {
        "id": "teknologi",
        "title": "Pemanfaatan Teknologi",
        "practices": {
            "foto-produk": "Memotret produk dengan baik untuk promosi",
            "akun-usaha": "Memiliki akun usaha di media sosial",
            "kasir-ponsel": "Mencatat penjualan dengan aplikasi kasir di ponsel",
        },
        "sessions": [
            {
                "date": date(2018, 2, 1),
                "topic": "Memotret produk dengan telepon genggam",
                "trainer": "Yulia Kurniasari",
                "hours": 2.5,
            },
            {
                "date": date(2018, 2, 7),
                "topic": "Membuat akun usaha di media sosial",
                "trainer": "Yulia Kurniasari",
                "hours": 2.5,
            },
            {
                "date": date(2018, 2, 14),
                "topic": "Mencatat penjualan dengan aplikasi kasir di ponsel",
                "trainer": "Bedo",
                "place": AULA,
            },
            {
                "date": date(2018, 2, 28),
                "topic": "Berjualan di lokapasar daring",
                "trainer": "Yulia Kurniasari",
            },
            {
                "date": date(2018, 3, 7),
                "topic": "Peralatan produksi tepat guna",
                "trainer": "Dindagkop UKM Kabupaten Blora",
            },
        ],
    },
    {
        "id": "pemasaran",
        "title": "Pemasaran",
        "practices": {
            "kenal-pelanggan": "Mengenali pelanggan dan pasar sasarannya",
            "merek-kemasan": "Memakai merek dan kemasan pada produk",
        },
        "sessions": [
            {
                "date": date(2018, 2, 8),
                "topic": "Mengenal pelanggan dan pasar sasaran",
                "trainer": "PT HM Sampoerna Tbk",
                "hours": 3,
            },
            {
                "date": date(2018, 2, 22),
                "topic": "Merek dan kemasan produk",
                "trainer": "Dekranasda Kabupaten Blora",
                "place": DEKRANASDA,
            },
            {
                "date": date(2018, 3, 1),
                "topic": "Menetapkan harga jual dan promosi",
                "trainer": "Bedo",
            },
            {
                "date": date(2018, 3, 8),
                "topic": "Persiapan pameran produk UKM Blora",
                "trainer": "Dekranasda Kabupaten Blora",
                "place": DEKRANASDA,
                "hours": 4,
            },
        ],
    },
    {
        "id": "k3",
        "title": "Keselamatan dan Kesehatan Kerja (K3)",
        "min_attendance": 50,
        "comment": "Short closing module: half of the sessions are enough.",
        "practices": {
            "pakai-apd": "Memakai alat pelindung diri saat bekerja",
            "sedia-apar": "Menyediakan alat pemadam api ringan di tempat usaha",
        },
        "sessions": [
            {
                "date": date(2018, 3, 5),
                "topic": "Mengenali bahaya di tempat kerja",
                "trainer": "PT HM Sampoerna Tbk",
            },
            {
                "date": date(2018, 3, 12),
                "topic": "Alat pelindung diri dan pencegahan kebakaran",
                "trainer": "PT HM Sampoerna Tbk",
                "hours": 2,
            },
            {"date": date(2018, 3, 13), "topic": "Pertolongan pertama pada kecelakaan kerja"},
        ],
    },
]

# --------------------------------------------------------------------------
# names (invented; combinations of common Javanese given names and surnames)
# --------------------------------------------------------------------------

F_FIRST = [
    "Sri",
    "Siti",
    "Endang",
    "Tri",
    "Dwi",
    "Nanik",
    "Yuni",
    "Rina",
    "Ani",
    "Wiwik",
    "Lilik",
    "Ninik",
    "Dewi",
    "Retno",
    "Ika",
    "Puji",
    "Eni",
    "Tutik",
    "Umi",
    "Nur",
    "Sulis",
    "Yayuk",
]
F_LAST = [
    "Rahayu",
    "Astuti",
    "Lestari",
    "Suryani",
    "Handayani",
    "Purwaningsih",
    "Rahmawati",
    "Susanti",
    "Kusumawati",
    "Setyowati",
    "Wulandari",
    "Hartini",
    "Suprapti",
    "Widyastuti",
    "Ningsih",
    "Aminah",
    "Khasanah",
    "Maryati",
    "Sulistyowati",
    "Mardiyah",
    "Fitriani",
    "Yuliani",
    "Pujiastuti",
    "Indrawati",
]
F_SINGLE = [
    "Sumarni",
    "Suparmi",
    "Sumiyati",
    "Sulastri",
    "Warsini",
    "Painem",
    "Tukini",
    "Suwarni",
    "Kasmini",
    "Rusmini",
]
M_FIRST = [
    "Agus",
    "Budi",
    "Joko",
    "Bambang",
    "Heru",
    "Eko",
    "Sugeng",
    "Slamet",
    "Teguh",
    "Hadi",
    "Wahyu",
    "Ahmad",
    "Muhammad",
    "Yanto",
    "Priyo",
    "Rudi",
    "Didik",
    "Imam",
    "Totok",
    "Sigit",
    "Ari",
    "Dedi",
    "Edi",
    "Anang",
]
M_LAST = [
    "Santoso",
    "Susilo",
    "Sutrisno",
    "Prasetyo",
    "Purnomo",
    "Setiawan",
    "Wibowo",
    "Saputro",
    "Kurniawan",
    "Hidayat",
    "Riyanto",
    "Supriyadi",
    "Haryanto",
    "Mulyono",
    "Sulistyo",
    "Wahyudi",
    "Fauzi",
    "Sudarsono",
    "Nurhadi",
    "Prayitno",
    "Suyanto",
    "Kuswanto",
    "Triyono",
    "Mujiono",
]
M_SINGLE = [
    "Suparno",
    "Darmaji",
    "Sukardi",
    "Karsono",
    "Warsito",
    "Sukirman",
    "Parjo",
    "Ngatimin",
    "Kasiman",
    "Suwanto",
]

# combinations that are the names of well-known people: never generated
AVOID_NAMES = {
    "Sri Mulyani",
    "Sri Wahyuni",
    "Siti Nurbaya",
    "Dewi Lestari",
    "Dewi Sartika",
    "Tri Rismaharini",
    "Budi Hartono",
    "Budi Gunawan",
    "Budi Santoso",
    "Agus Santoso",
    "Slamet Riyadi",
    "Joko Widodo",
    "Ari Wibowo",
    "Wahyu Setiawan",
    "Ahmad Dhani",
    "Eko Patrio",
    "Bambang Pamungkas",
    "Rudi Hartono",
    "Djoko Nugroho",
    "Umi Kulsum",
    "Bambang Susilo",
    "Joko Susilo",
    "Ahmad Fauzi",
    "Muhammad Fauzi",
}

TRAINERS_PEOPLE = {"Ratna Dewi", "Hendro Wicaksono", "Yulia Kurniasari"}

BUSINESS_POOLS = {
    "batik": [
        "Batik Sekar Jati",
        "Batik Daun Jati",
        "Batik Barongan",
        "Batik Samin Lestari",
        "Batik Sido Mukti",
        "Batik Kembang Jati",
        "Batik Sari Kencono",
        "Batik Mekar Sari",
        "Batik Cipta Karya",
        "Batik Tulis {district}",
        "Batik Wahyu Kencana",
        "Batik Mustika Blora",
        "Batik Lumbung Padi",
        "Batik Gunungan",
        "Batik Sekar Arum",
        "Batik Tirto Asri",
        "Batik Purnama",
        "Batik Ronggo",
        "Batik Canting Mas",
        "Batik Lawas Blora",
        "Batik Kridha Rahayu",
    ],
    "kayu": [
        "Mebel Jati Makmur",
        "Mebel Sumber Rejeki",
        "Ukir Jati Lestari",
        "Gembol Jati Art",
        "Mebel Karya Mandiri",
        "Kerajinan Akar Jati {district}",
        "Mebel Jati {district}",
        "Meubel Sinar Jaya",
        "Jati Agung Furnitur",
        "Mebel Rukun Makmur",
        "Kusen Jati Barokah",
        "Mebel Sido Rukun",
        "Ukir Kayu Maju Jaya",
        "Mebel Tunas Jati",
        "Sumber Jati Mebel",
        "Mebel Tri Karya",
        "Pintu Jati Sentosa",
        "Mebel Berkah Abadi",
        "Jati Kencana Furnitur",
        "Mebel Anugrah",
        "Meja Kursi Jati Asri",
        "Mebel Manunggal",
        "Miniatur Kayu Jati {district}",
    ],
    "sablon": [
        "Sablon Kaos {district}",
        "Sablon Mandiri",
        "Sablon Digital Jaya",
        "Kaos Oblong Blora",
        "Sablon Kreatif",
        "Sablon Sinar Grafika",
        "Cahaya Printing dan Sablon",
        "Kaos Barongan",
        "Sablon Mitra Usaha",
        "Sablon Anak Muda",
        "Sablon Cetak Cepat",
        "Konveksi dan Sablon Abadi",
        "Sablon Karya Putra",
    ],
    "kuliner": [
        "Warung Makan Bu {first}",
        "Lontong Tahu Bu {first}",
        "Sate Ayam Blora Pak {first}",
        "Warung Sate Pak {first}",
        "Keripik Tempe {village}",
        "Kerupuk Rambak Sumber Rasa",
        "Jenang {district}",
        "Rengginang Sari Rasa",
        "Emping Melinjo Barokah",
        "Kue Kering Dapur Ibu",
        "Nasi Pecel Bu {first}",
        "Kopi Santan {district}",
        "Warung Makan Bu {first}",
        "Keripik Singkong Renyah",
        "Sambal Pecel Mbok {first}",
        "Tahu Tempe {village}",
        "Soto Ayam Pak {first}",
        "Bandeng Presto Bu {first}",
        "Roti Manis Sumber Rejeki",
        "Kue Basah Bu {first}",
        "Sale Pisang {village}",
        "Mangut Ikan Bu {first}",
        "Dawet Ayu {district}",
        "Kripik Tela {district}",
        "Abon Ikan Bu {first}",
    ],
    "rajut": [
        "Tas Rajut Ayu",
        "Tas Rajut Sekar",
        "Tas Rajut Melati",
        "Tas Rajut Kenanga",
        "Tas Rajut Pelangi",
        "Tas Rajut {village}",
        "Rajut Kreasi {district}",
        "Rajutan Sari",
        "Rajut Manis",
        "Dompet Rajut Anggrek",
        "Tas Rajut Bu {first}",
        "Tas Rajut Ceria",
        "Rajut Mandiri",
        "Tas Rajut Kasih",
        "Rajut Cantik {district}",
        "Tas Rajut Mawar",
    ],
    "kerajinan": [
        "Anyaman Bambu {district}",
        "Kerajinan Gerabah Mulyo",
        "Souvenir Barongan",
        "Topeng Barongan {district}",
        "Kerajinan Eceng Gondok",
        "Kerajinan Kulit Blora",
        "Aksesoris Manik Cantik",
        "Kerajinan Batok Kelapa",
        "Lukis Kaca Seni",
        "Kerajinan Limbah Jati",
        "Bunga Kering Indah",
        "Kerajinan Pandan Asri",
        "Wayang Krucil {district}",
        "Kerajinan Kain Perca",
        "Anyaman Mendong {village}",
        "Kerajinan Tempurung Kreatif",
    ],
}

EMPLOYEES_RANGE = {  # (low, high, mode) of a triangular draw
    "batik": (1, 15, 3),
    "kayu": (2, 25, 5),
    "sablon": (1, 8, 2),
    "kuliner": (0, 6, 1),
    "rajut": (0, 10, 2),
    "kerajinan": (0, 8, 2),
}

PHONE_PREFIXES = [
    "0812",
    "0813",
    "0821",
    "0822",
    "0823",
    "0852",
    "0853",
    "0856",
    "0857",
    "0877",
    "0878",
    "0895",
    "0896",
    "0819",
    "0838",
]

# registration: 89 on the opening day, 8 a week later, 3 in January
LATE_1 = date(2017, 12, 20)
LATE_2 = date(2018, 1, 10)
N_ON_TIME, N_LATE_1, N_LATE_2 = 89, 8, 3

# keuangan outcome targets for the 89 opening-day registrants (3 of 4 sessions held)
KEU_COMPLETED, KEU_AT_RISK, KEU_FAILED = 60, 19, 10
N_DROPOUTS = 3  # came on the opening day only, then stopped coming

# --------------------------------------------------------------------------
# YAML text helpers
# --------------------------------------------------------------------------

_SPECIAL_START = set("-?:,[]{}#&*!|>'\"%@`")
_RESOLVES = re.compile(
    r"^(?:[-+]?[0-9_]+(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o?[0-7]+|"
    r"\d{4}-\d{1,2}-\d{1,2}.*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|"
    r"(?i:y|n|yes|no|true|false|on|off|null|~))$"
)


def scalar(value, flow: bool = False) -> str:
    """Return value as YAML scalar text, quoting only when it is needed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    s = str(value)
    plain = (
        s != ""
        and s == s.strip()
        and s[0] not in _SPECIAL_START
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
        and not _RESOLVES.match(s)
        and not (flow and any(c in s for c in ",[]{}"))
        and all(c.isprintable() for c in s)
    )
    return s if plain else quoted(s)


def quoted(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap_flow(head: str, items: list[str], open_: str, close: str, width: int = 96) -> list[str]:
    """`head` + `open_ items, ... close`, continued on lines aligned after `open_`."""
    if not items:
        return [head + open_ + close]
    lines, cur = [], head + open_
    cont = " " * len(cur)
    for i, item in enumerate(items):
        piece = item + (close if i == len(items) - 1 else ",")
        if i == 0:
            cur += piece
        elif len(cur) + 1 + len(piece) > width:
            lines.append(cur)
            cur = cont + piece
        else:
            cur += " " + piece
    lines.append(cur)
    return lines


def flow_list(head: str, values, width: int = 96) -> list[str]:
    return wrap_flow(head, [scalar(v, flow=True) for v in values], "[", "]", width)


def flow_map(head: str, mapping: dict, width: int = 96) -> list[str]:
    items = [f"{k}: {scalar(v, flow=True)}" for k, v in mapping.items()]
    return wrap_flow(head, items, "{", "}", width)


def write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines).rstrip("\n") + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------
# generation
# --------------------------------------------------------------------------


def held(session: dict) -> bool:
    return session["date"] <= TODAY


def make_participants(rng: random.Random) -> list[dict]:
    n = N_ON_TIME + N_LATE_1 + N_LATE_2
    districts = [d for d, k in DISTRICT_COUNTS.items() for _ in range(k)]
    assert len(districts) == n and set(districts) == set(DISTRICTS)
    rng.shuffle(districts)
    kinds = [(s, "F" if i < f else "M") for s, (k, f) in SECTOR_COUNTS.items() for i in range(k)]
    assert len(kinds) == n
    rng.shuffle(kinds)
    # UKM-001 is the batik business of the documentation's example
    first = kinds.index(("batik", "F"))
    kinds.insert(0, kinds.pop(first))
    j = districts.index("Jepon")
    districts.insert(0, districts.pop(j))

    used_names = set(AVOID_NAMES) | TRAINERS_PEOPLE
    used_business = set()
    used_nik, used_phone = set(), set()
    pools = {s: rng.sample(p, len(p)) for s, p in BUSINESS_POOLS.items()}
    pools["batik"].remove("Batik Sekar Jati")
    pools["batik"].insert(0, "Batik Sekar Jati")

    def owner_name(gender: str) -> str:
        first, last, single = (
            (F_FIRST, F_LAST, F_SINGLE) if gender == "F" else (M_FIRST, M_LAST, M_SINGLE)
        )
        while True:
            if rng.random() < 0.18:
                name = rng.choice(single)
            else:
                name = f"{rng.choice(first)} {rng.choice(last)}"
            if name not in used_names:
                used_names.add(name)
                return name

    def business_name(sector, gender, owner, district, village) -> str:
        given = owner.split()[0]
        for tpl in pools[sector]:
            if ("Bu {first}" in tpl or "Mbok {first}" in tpl) and gender != "F":
                continue
            if "Pak {first}" in tpl and gender != "M":
                continue
            if "{village}" in tpl and not village:
                continue
            name = tpl.format(first=given, district=district, village=village or district)
            if name in used_business:
                continue
            pools[sector].remove(tpl)
            used_business.add(name)
            return name
        raise RuntimeError(f"business names for {sector} ran out")

    def nik(gender: str, district: str) -> str:
        while True:
            year = rng.randint(1962, 1996)
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            dd = day + 40 if gender == "F" else day
            value = (
                f"3316{NIK_DISTRICT_CODE[district]}{dd:02d}{month:02d}{year % 100:02d}"
                f"{rng.randint(1, 400):04d}"
            )
            if value not in used_nik:
                used_nik.add(value)
                return value

    def phone() -> str:
        while True:
            prefix = rng.choice(PHONE_PREFIXES)
            length = rng.choice([11, 12, 12, 12, 13])
            rest = "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
            if rest[0] == "0":
                continue
            value = prefix + rest
            if value not in used_phone:
                used_phone.add(value)
                return value

    with_nik = set(rng.sample(range(n), 50))
    people = []
    for i in range(n):
        sector, gender = kinds[i]
        district = districts[i]
        village = rng.choice(VILLAGES[district]) if (i == 0 or rng.random() < 0.9) else None
        if i == 0:
            village = "Jepon"
        owner = owner_name(gender)
        p = {
            "id": f"UKM-{i + 1:03d}",
            "business": business_name(sector, gender, owner, district, village),
            "owner": owner,
            "gender": gender,
            "sector": sector,
            "district": district,
            "village": village,
            "phone": phone() if (i == 0 or rng.random() < 0.88) else None,
            "employees": None,
            "nik": None,
            "registered": date(2017, 12, 13)
            if i < N_ON_TIME
            else LATE_1
            if i < N_ON_TIME + N_LATE_1
            else LATE_2,
            "tags": [],
        }
        if i == 0 or rng.random() < 0.92:
            lo, hi, mode = EMPLOYEES_RANGE[sector]
            p["employees"] = round(rng.triangular(lo, hi, mode))
        if i in with_nik or i == 0:
            p["nik"] = nik(gender, district)
        people.append(p)

    # 20 UKM unggulan from the first round (all registered on the opening day)
    unggulan = [0, *rng.sample(range(1, N_ON_TIME), 19)]
    for i in unggulan:
        people[i]["tags"].append("unggulan")
    # a few businesses brought in by TP PKK (women owners), one of them also unggulan
    women = [i for i in range(N_ON_TIME + N_LATE_1) if people[i]["gender"] == "F"]
    pkk = [
        *rng.sample([i for i in women if i not in unggulan], 5),
        next(i for i in unggulan[1:] if people[i]["gender"] == "F"),
    ]
    for i in pkk:
        people[i]["tags"].append("binaan-pkk")
    return people


# Baseline figures (format 1.1) of a Blora micro business in 2017, by sector:
# (low, high, mode) of monthly sales (omzet a month) and of capital (modal usaha without
# land and buildings), in juta Rupiah. Under UU 20/2008 a business is mikro up to Rp300 juta
# of sales a year (Rp25 juta a month): a few batik and kayu workshops are kecil already.
SALES_RANGE = {
    "batik": (6, 36, 14),
    "kayu": (8, 45, 18),
    "sablon": (4, 24, 9),
    "kuliner": (2, 18, 6),
    "rajut": (1.5, 12, 4),
    "kerajinan": (1.5, 14, 5),
}
CAPITAL_RANGE = {
    "batik": (10, 120, 35),
    "kayu": (15, 150, 50),
    "sablon": (8, 80, 25),
    "kuliner": (3, 45, 12),
    "rajut": (3, 40, 10),
    "kerajinan": (3, 45, 12),
}
STREETS = [
    "Jl. Pemuda",
    "Jl. Diponegoro",
    "Jl. Sudirman",
    "Jl. Gatot Subroto",
    "Jl. Pahlawan",
    "Jl. Raya",
    "Jl. Kartini",
    "Jl. Mayjen Sutoyo",
    "Jl. Ahmad Yani",
    "Jl. Nusantara",
]
NOTES = [
    "anggota Dekranasda",
    "usaha turun-temurun",
    "mulai usaha 2014",
    "pemasaran lewat media sosial",
    "pemasok toko oleh-oleh di Cepu",
    "belum punya izin usaha (IUMK)",
]
ENDLINE_DAYS = [
    date(2018, 3, 5),
    date(2018, 3, 6),
    date(2018, 3, 7),
    date(2018, 3, 8),
    date(2018, 3, 9),
    date(2018, 3, 10),
]


def juta(rng: random.Random, spread: tuple[float, float, float], step: int) -> int:
    """A triangular draw in juta Rupiah, rounded to ``step`` Rupiah."""
    low, high, mode = spread
    value = rng.triangular(low, high, mode) * 1_000_000
    return max(step, round(value / step) * step)


def add_baselines(rng: random.Random, people: list[dict]) -> None:
    """Address, notes and the baseline (monthly sales, capital) of every business."""
    for i, p in enumerate(people):
        sector = p["sector"]
        p["address"] = None
        if i == 0 or rng.random() < 0.6:
            p["address"] = (
                f"{rng.choice(STREETS)} No. {rng.randint(1, 120)} "
                f"RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}"
            )
        p["notes"] = rng.choice(NOTES) if rng.random() < 0.12 else None
        p["monthly_sales"] = juta(rng, SALES_RANGE[sector], 250_000)
        p["capital"] = juta(rng, CAPITAL_RANGE[sector], 1_000_000)
        if i > 0 and rng.random() < 0.04:  # keeps no books: only the capital is known
            p["monthly_sales"] = None
    first = people[0]  # the example of PRODUCT.md
    first.update(
        address="Jl. Diponegoro No. 12 RT 02/RW 03",
        notes="anggota Dekranasda",
        monthly_sales=15_000_000,
        capital=40_000_000,
    )


def make_indicators(rng: random.Random, people: list[dict]) -> list[dict]:
    """The endline survey (survei akhir) of March 2018: most businesses, not all reached."""
    unreached = set(rng.sample(range(1, len(people)), 14))
    found = []
    for i, p in enumerate(people):
        if i in unreached:
            continue
        mentored = "unggulan" in p["tags"]
        growth = rng.gauss(0.16 if mentored else 0.08, 0.14)
        sales = p["monthly_sales"]
        after_sales = None
        if sales is not None:
            after_sales = max(250_000, round(sales * (1 + growth) / 250_000) * 250_000)
        after_capital = (
            round(p["capital"] * (1 + max(0.0, rng.gauss(0.06, 0.08))) / 1_000_000) * 1_000_000
        )
        employees = p["employees"]
        if employees is not None:
            roll = rng.random()
            if roll < (0.35 if mentored else 0.18):
                employees += 1 + (rng.random() < 0.25)
            elif roll > 0.96 and employees > 0:
                employees -= 1
        if i > 0 and rng.random() < 0.04:  # not asked at the survey
            employees = None
        entry = {
            "participant": p["id"],
            "date": rng.choice(ENDLINE_DAYS),
            "monthly_sales": after_sales,
            "capital": after_capital,
            "employees": employees,
            "source": "survei akhir",
        }
        if i == 0:
            entry.update(
                date=date(2018, 3, 10), monthly_sales=22_500_000, capital=55_000_000, employees=4
            )
        found.append(entry)
    found.sort(key=lambda e: (e["date"], e["participant"]))
    return found


def make_attendance(rng: random.Random, people: list[dict]) -> dict:
    """Return {module id: {session number: {status: [ids]}}} for held sessions."""
    on_time = [p for p in people if p["registered"] == date(2017, 12, 13)]
    late1 = [p for p in people if p["registered"] == LATE_1]
    late2 = [p for p in people if p["registered"] == LATE_2]

    # keuangan outcome for the opening-day group; unggulan mostly complete
    ung = [p for p in on_time if "unggulan" in p["tags"]]
    rest = [p for p in on_time if "unggulan" not in p["tags"]]
    rng.shuffle(ung)
    rng.shuffle(rest)
    outcome = {}
    for p in ung[:18]:
        outcome[p["id"]] = "completed"
    for p in ung[18:]:
        outcome[p["id"]] = "at_risk"
    order = rest
    need = {"completed": KEU_COMPLETED - 18, "at_risk": KEU_AT_RISK - 2, "failed": KEU_FAILED}
    k = 0
    for kind in ("completed", "at_risk", "failed"):
        for p in order[k : k + need[kind]]:
            outcome[p["id"]] = kind
        k += need[kind]
    assert k == len(order)
    failed = [p["id"] for p in order if outcome[p["id"]] == "failed"]
    dropouts = set(failed[:N_DROPOUTS])
    # late registrants: most keep up with every session since joining
    for group, keep in ((late1, 6), (late2, 2)):
        for i, p in enumerate(group):
            outcome[p["id"]] = "at_risk" if i < keep else "failed"

    # how reliably each business attends the other modules
    reliability = {}
    for p in people:
        o = outcome[p["id"]]
        if p["id"] in dropouts:
            r = 0.0
        elif o == "completed":
            r = 0.97 if "unggulan" in p["tags"] else 0.92
        elif o == "at_risk":
            r = 0.80
        else:
            r = 0.50
        reliability[p["id"]] = r

    def missed_status(pid: str) -> str:
        if pid in dropouts:
            return "absent"
        return rng.choices(["excused", "sick", "absent"], [0.38, 0.27, 0.35])[0]

    def came_status(pid: str) -> str:
        late_share = 0.22 if reliability[pid] < 0.7 else 0.10
        return "late" if rng.random() < late_share else "present"

    # sheets that leave a few absentees unmarked, as paper sheets do
    unmarked = {("disiplin", 3): 3, ("teknologi", 2): 2}

    sheets = {}
    for m in MODULES:
        mid = m["id"]
        sessions = [s for s in m["sessions"] if held(s)]
        if not sessions:
            continue
        sheets[mid] = {}
        # keuangan: decide exactly which held sessions each participant attends
        plan = {}
        if mid == "keuangan":
            for p in people:
                counting = [n for n, s in enumerate(sessions, 1) if s["date"] >= p["registered"]]
                o = outcome[p["id"]]
                if o == "completed":
                    came = counting
                elif o == "at_risk" and p["registered"] == date(2017, 12, 13):
                    came = sorted(rng.sample(counting, len(counting) - 1))
                elif o == "at_risk":
                    came = counting
                elif p["id"] in dropouts:
                    came = [1]
                elif p["registered"] == date(2017, 12, 13):
                    came = sorted(rng.sample(counting, rng.choice([0, 1, 1, 1])))
                else:
                    came = sorted(rng.sample(counting, len(counting) - 1))
                plan[p["id"]] = set(came)
        for n, s in enumerate(sessions, 1):
            sheet = {k: [] for k in ("present", "late", "excused", "sick", "absent")}
            missing = []
            for p in people:
                pid = p["id"]
                if p["registered"] > s["date"]:
                    continue
                if mid == "keuangan":
                    came = n in plan[pid]
                elif pid in dropouts:
                    came = s["date"] == date(2017, 12, 13)
                else:
                    came = rng.random() < reliability[pid]
                if came:
                    sheet[came_status(pid)].append(pid)
                else:
                    missing.append(pid)
            leave_out = set(rng.sample(missing, min(len(missing), unmarked.get((mid, n), 0))))
            for pid in missing:
                if pid not in leave_out:
                    sheet[missed_status(pid)].append(pid)
            sheets[mid][n] = {"sheet": sheet, "unmarked": sorted(leave_out)}
    return sheets


# --------------------------------------------------------------------------
# mentoring visits to the UKM unggulan
# --------------------------------------------------------------------------

# invented trainers; "Dimas" is no generated owner's given name
MENTORS = ["Ratna Dewi", "Hendro Wicaksono", "Yulia Kurniasari", "Dimas Saputra"]
MENTORING_STARTS = date(2017, 12, 18)
HOLIDAYS = {date(2017, 12, 25), date(2017, 12, 26), date(2018, 1, 1)}
N_STUCK = 4  # of the 20: practices that do not improve
N_STOPPED = 2  # of the 20: visits stopped in January (stale by the sample's today)
VISIT_NOTES = {
    "gained": [
        "Sudah mulai menerapkan apa yang dibahas pada kunjungan lalu.",
        "Pemilik bersemangat, catatan sudah rapi.",
        "Karyawan ikut menerapkan, perlu dipertahankan.",
    ],
    "stuck": [
        "Belum ada perubahan; pemilik sibuk melayani pesanan.",
        "Catatan belum dibuat, dijanjikan minggu depan.",
        "Perlu pendampingan lebih sering.",
    ],
    "first": [
        "Kunjungan pertama: memetakan kondisi usaha.",
        "Kunjungan pertama: berkenalan dengan pemilik dan karyawan.",
    ],
}


def taught(on: date) -> list[dict]:
    """The modules whose first session was held on or before ``on``, in teaching order."""
    return [m for m in MODULES if m["sessions"][0]["date"] <= on]


def workday(d: date) -> date:
    """``d``, or the next weekday that is no holiday."""
    from datetime import timedelta

    while d.weekday() >= 5 or d in HOLIDAYS:
        d += timedelta(days=1)
    return d


def make_visits(rng: random.Random, people: list[dict]) -> list[dict]:
    """Visits every two weeks or so to each UKM unggulan, by its trainer, up to TODAY."""
    from datetime import timedelta

    unggulan = [p for p in people if "unggulan" in p["tags"]]
    order = rng.sample(unggulan, len(unggulan))
    stuck = {p["id"] for p in order[:N_STUCK]}
    stopped = {p["id"] for p in order[N_STUCK : N_STUCK + N_STOPPED]}
    visits = []
    for index, p in enumerate(rng.sample(unggulan, len(unggulan))):
        trainer = MENTORS[index % len(MENTORS)]
        adopt = 0.05 if p["id"] in stuck else rng.uniform(0.35, 0.55)
        keep = 0.85 if p["id"] in stuck else 0.97
        state: dict[str, bool] = {}
        day = workday(MENTORING_STARTS + timedelta(days=rng.choice([0, 1, 2, 3, 4, 10, 11])))
        last = date(2018, 1, 16) if p["id"] in stopped else TODAY
        number = 0
        while day <= last:
            number += 1
            modules = taught(day)
            observed = {}
            for m in modules:
                for practice in m["practices"]:
                    if practice not in state:
                        state[practice] = rng.random() < 0.25
                    elif state[practice]:
                        state[practice] = rng.random() < keep
                    else:
                        state[practice] = rng.random() < adopt
                    observed[practice] = state[practice]
            worked = (
                [m["id"] for m in modules[-2:]]
                if len(modules) > 1 and rng.random() < 0.5
                else [modules[-1]["id"]]
            )
            if number == 1:
                note = rng.choice(VISIT_NOTES["first"])
            elif rng.random() < 0.4:
                note = rng.choice(VISIT_NOTES["stuck" if p["id"] in stuck else "gained"])
            else:
                note = None
            visits.append(
                {
                    "participant": p["id"],
                    "date": day,
                    "trainer": trainer,
                    "hours": rng.choice([1, 1, 1.5, 1.5, 2]),
                    "modules": worked,
                    "practices": observed,
                    "notes": note,
                }
            )
            day = workday(day + timedelta(days=rng.randint(11, 17)))
    visits.sort(key=lambda v: (v["date"], v["trainer"], v["participant"]))
    return visits


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------

HEADER = [
    "# Sample programme shipped with ukm (format version 1).",
    "# Lokakarya Score Plus, Kabupaten Blora, December 2017 - March 2018.",
    "# Every business, owner, phone number and NIK in this folder is invented.",
    "# Generated by tools/make_sample_data.py; edit by hand freely and run `ukm check`.",
]

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def tanggal(d: date) -> str:
    return f"{DAYS_ID[d.weekday()]}, {d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def program_lines() -> list[str]:
    p = PROGRAM
    out = ["# program.yaml: the programme itself", *HEADER, ""]
    out.append(f"name: {scalar(p['name'])}")
    out.append(f"organizer: {scalar(p['organizer'])}")
    out.append("partners:")
    out += [f"  - {{name: {scalar(name)}, role: {scalar(role)}}}" for name, role in p["partners"]]
    out.append(f"venue: {scalar(p['venue'])}")
    out.append(f"starts: {scalar(p['starts'])}")
    out.append(f"ends: {scalar(p['ends'])}")
    out.append(
        f"language: {p['language']}                 # id or en: the language of what ukm prints"
    )
    out.append(
        f"min_attendance: {p['min_attendance']}           "
        "# percent of a module's sessions, present or late"
    )
    out += flow_list("districts: ", DISTRICTS, width=90)
    out += flow_list("sectors: ", SECTORS)
    out += PRINTED_LINES
    return out


# Format 1.2: what printed documents carry. The office's address, phone, names,
# ranks and NIPs are invented (no real person's name or number).
PRINTED_LINES = """
# Printed documents (format 1.2): the place on signature lines, the kop surat,
# who signs. The names, ranks, NIPs and contacts below are invented.
place: Blora
addressee: Bupati Blora
letterhead:
  government: Pemerintah Kabupaten Blora
  office: Dinas Perdagangan, Koperasi dan UKM
  address: Jl. Contoh Raya No. 1, Blora 58215
  phone: (0296) 000000
  email: dinas@example.go.id
  website: dinas.example.go.id
logo: templates/logo.svg
signatories:
  head:
    title: Kepala Dinas Perdagangan, Koperasi dan UKM Kabupaten Blora
    name: Sri Endah Prasetyaningsih
    rank: Pembina Tk. I (IV/b)
    nip: 19700101 199503 2 001
  approver:
    title: Sekretaris Daerah Kabupaten Blora
    name: Bambang Adi Nugroho
    rank: Pembina Utama Madya (IV/d)
    nip: 19650505 198903 1 004
  officer:
    title: Petugas Program
    name: Rina Wulandari
    rank: Penata Muda Tk. I (III/b)
    nip: 19880808 201101 2 003
""".splitlines()

# scores.yaml (format 1.2): the Tertib Keuangan trainer's pre- and post-tests.
SCORES_YAML = """\
# scores.yaml: pre- and post-test scores out of 100, one entry a participant and module
# (format 1.2; `ukm score` adds them). Invented, like everything in this folder.
# The Tertib Keuangan trainer tested before the first session and after the third;
# three businesses missed the post-test.

- {participant: UKM-001, module: keuangan, pre: 45, post: 80}
- {participant: UKM-002, module: keuangan, pre: 60, post: 85}
- {participant: UKM-003, module: keuangan, pre: 52.5, post: 77.5}
- {participant: UKM-004, module: keuangan, pre: 40, post: 55}
- {participant: UKM-005, module: keuangan, pre: 70, post: 90}
- {participant: UKM-006, module: keuangan, pre: 65, post: 70}
- {participant: UKM-007, module: keuangan, pre: 55, post: 85}
- {participant: UKM-008, module: keuangan, pre: 50, post: 75}
- {participant: UKM-009, module: keuangan, pre: 35, post: 60}
- {participant: UKM-010, module: keuangan, pre: 75, post: 95}
- {participant: UKM-011, module: keuangan, pre: 60}
- {participant: UKM-012, module: keuangan, pre: 45}
- {participant: UKM-013, module: keuangan, pre: 50}
"""

# laporan.md: the office's own text of the printed report, as `ukm init` starts it
# and the officer fills it in.
LAPORAN_MD = """\
<!--
Laporan kegiatan: teks kantor yang dicetak oleh `ukm report --format pdf`,
sesudah halaman pertama dan sebelum angka-angka (peserta, kehadiran,
kelulusan), yang dicetak ukm sendiri. Contoh ini dikarang untuk data
contoh; tidak ada nama orang sungguhan di dalamnya.
-->

# Latar Belakang

Usaha mikro, kecil dan menengah (UKM) di Kabupaten Blora menyerap sebagian
besar tenaga kerja di luar sektor pertanian. Sebagian besar pelaku UKM belum
memisahkan uang usaha dari uang pribadi, belum mencatat kas harian, dan
belum memasarkan produknya secara daring. Karena itu Dinas Perdagangan,
Koperasi dan UKM bersama para mitra menyelenggarakan **Lokakarya Score
Plus** bagi 100 pelaku UKM dari seluruh kecamatan.

# Dasar Hukum

1. Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil, dan Menengah;
2. Peraturan Pemerintah Nomor 7 Tahun 2021 tentang Kemudahan, Pelindungan,
   dan Pemberdayaan Koperasi dan Usaha Mikro, Kecil, dan Menengah;
3. Dokumen Pelaksanaan Anggaran Dinas Perdagangan, Koperasi dan UKM
   Tahun Anggaran 2017.

# Maksud dan Tujuan

Kegiatan ini dimaksudkan untuk meningkatkan kemampuan pengelolaan usaha para
pelaku UKM, dengan tujuan:

- usaha memisahkan keuangan usaha dan pribadi serta mencatat kas harian;
- usaha menerapkan disiplin kerja dan keselamatan kerja (K3);
- usaha memanfaatkan teknologi dan memasarkan produknya lebih luas.

# Pelaksanaan

Lokakarya terdiri atas enam modul dengan 24 sesi, sebagian besar di Ruang
Pertemuan Setda Kabupaten Blora:

| Modul | Sesi | Waktu |
|---|--:|---|
| Pengelolaan Usaha | 4 | Desember 2017 – Januari 2018 |
| Tertib Keuangan | 4 | Desember 2017 – Februari 2018 |
| Tertib Kerja | 4 | Januari 2018 |
| Pemanfaatan Teknologi | 5 | Februari – Maret 2018 |
| Pemasaran | 4 | Februari – Maret 2018 |
| Keselamatan dan Kesehatan Kerja (K3) | 3 | Maret 2018 |

Dua puluh usaha unggulan juga didampingi di tempat usahanya oleh para
pelatih.

# Hasil

Peserta, kehadiran dan kelulusan setiap modul tercantum pada bagian data di
bawah; daftar peserta dan kedudukannya pada lampiran.

# Kesimpulan dan Saran

Kehadiran peserta baik pada modul-modul yang sudah terlaksana. Disarankan
agar peserta yang berisiko tidak menyelesaikan modul dihubungi sebelum sesi
berikutnya, dan agar pendampingan usaha unggulan dilanjutkan.
"""


# An invented emblem for the sample's letterhead (no real regency's arms).
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 140" width="120" height="140">
  <path d="M60 4 L114 22 L108 92 Q100 122 60 136 Q20 122 12 92 L6 22 Z"
        fill="#1f5f3a" stroke="#0b2e1b" stroke-width="4"/>
  <path d="M60 18 L100 31 L95 88 Q89 111 60 122 Q31 111 25 88 L20 31 Z" fill="#f2f2e6"/>
  <circle cx="60" cy="52" r="15" fill="#d9a520" stroke="#0b2e1b" stroke-width="2"/>
  <path d="M32 100 Q60 74 88 100" fill="none" stroke="#1f5f3a" stroke-width="7"/>
  <path d="M40 88 L60 66 L80 88 Z" fill="#1f5f3a"/>
</svg>"""  # noqa: E501


def modules_lines() -> list[str]:
    out = [
        "# modules.yaml: the modules, in teaching order",
        *HEADER,
        "#",
        "# Sessions are numbered; attendance/<module>.yaml refers to these numbers.",
        "# A session without a sheet there has not been held yet.",
        f"# Place, when not given: {VENUE}.",
        "",
    ]
    for m in MODULES:
        for s in m["sessions"]:
            assert s["date"].weekday() < 5, s
            assert PROGRAM["starts"] <= s["date"] <= PROGRAM["ends"], s
        if m.get("comment"):
            out.append(f"# {m['comment']}")
        out.append(f"- id: {m['id']}")
        out.append(f"  title: {scalar(m['title'])}")
        if "min_attendance" in m:
            out.append(f"  min_attendance: {m['min_attendance']}")
        out.append("  sessions:")
        for n, s in enumerate(m["sessions"], 1):
            fields = {k: s[k] for k in ("date", "topic", "trainer", "place", "hours") if k in s}
            out += flow_map(f"    {n}: ", fields, width=100)
        out.append("  practices:                 # good practices it teaches, observed at visits")
        for practice, sentence in m["practices"].items():
            out.append(f"    {practice}: {scalar(sentence)}")
        out.append("")
    return out


NIBS = {  # format 1.2: a few businesses with an (invented) NIB, chosen without the generator
    "UKM-003": "9120301731284",
    "UKM-008": "9120008172356",
    "UKM-011": "1211000475639",
    "UKM-024": "9120206541178",
}

# Rules 2.1 in the sample (format 1.2): two late registrants make up manajemen's
# sessions 3 and 4, held before they registered; one business is exempt from it.
MAKEUPS = {
    "manajemen": {
        3: {"UKM-098": date(2018, 1, 17)},
        4: {"UKM-098": date(2018, 1, 17), "UKM-100": date(2018, 1, 24)},
    }
}
EXEMPT = {"UKM-099": {"manajemen": "sudah ikut pelatihan manajemen usaha Dinkop Provinsi 2017"}}


def participants_lines(people: list[dict]) -> list[str]:
    out = [
        "# participants.yaml: the businesses registered in the programme",
        *HEADER,
        "#",
        "# gender is the owner's; nik is masked in everything ukm prints; nib (format 1.2)",
        "# is the business's Nomor Induk Berusaha, a public number.",
        "# 89 registered on the opening day, 8 on 2017-12-20 and 3 on 2018-01-10.",
        "# tags: unggulan = one of the 20 UKM unggulan mentored in the first round;",
        "#       binaan-pkk = brought in by TP PKK.",
        "# monthly_sales (omzet a month) and capital (modal usaha, without land and",
        "# buildings), in whole Rupiah, are the baseline taken at registration.",
        "",
    ]
    for p in people:
        out.append(f"- id: {p['id']}")
        for key in ("business", "owner", "gender", "sector", "district", "village", "address"):
            if p[key] is not None:
                out.append(f"  {key}: {scalar(p[key])}")
        if p["phone"] is not None:
            out.append(f"  phone: {quoted(p['phone'])}")
        for key in ("employees", "monthly_sales", "capital"):
            if p[key] is not None:
                out.append(f"  {key}: {p[key]}")
        if p["nik"] is not None:
            out.append(f"  nik: {quoted(p['nik'])}")
        if p["id"] in NIBS:
            out.append(f"  nib: {quoted(NIBS[p['id']])}")
        out.append(f"  registered: {scalar(p['registered'])}")
        if p["tags"]:
            out += flow_list("  tags: ", p["tags"])
        if p["notes"] is not None:
            out.append(f"  notes: {scalar(p['notes'])}")
        if p["id"] in EXEMPT:
            out.append("  exempt:")
            out += [f"    {m}: {scalar(why)}" for m, why in EXEMPT[p["id"]].items()]
        out.append("")
    return out


def indicators_lines(indicators: list[dict]) -> list[str]:
    out = [
        "# indicators.yaml: the businesses' figures measured after registering",
        *HEADER,
        "#",
        "# The endline survey (survei akhir) of March 2018, by the facilitators, door to door;",
        "# 14 businesses were not reached. Whole Rupiah; the baseline is in participants.yaml.",
        "# `ukm report --impact` compares each business's latest figures with its baseline.",
        "",
    ]
    for e in indicators:
        out.append(f"- participant: {e['participant']}")
        out.append(f"  date: {scalar(e['date'])}")
        for key in ("monthly_sales", "capital", "employees"):
            if e[key] is not None:
                out.append(f"  {key}: {e[key]}")
        out.append(f"  source: {scalar(e['source'])}")
        out.append("")
    return out


def attendance_lines(module: dict, sheets: dict) -> list[str]:
    out = [
        f"# attendance/{module['id']}.yaml: daftar hadir, {module['title']}",
        "# One sheet per session held, numbered as in modules.yaml.",
        "# late = terlambat, excused = izin, sick = sakit, absent = alpa;",
        "# a registered participant on no list of a held session counts as absent.",
        "",
    ]
    sessions = module["sessions"]
    for n, entry in sheets.items():
        s = sessions[n - 1]
        out.append(f"# Sesi {n}, {tanggal(s['date'])}: {s['topic']}")
        if entry["unmarked"]:
            out.append(f"# (not marked on the paper sheet: {', '.join(entry['unmarked'])})")
        out.append(f"{n}:")
        for status, ids in entry["sheet"].items():
            out += flow_list(f"  {status}: ", sorted(ids), width=92)
        if n in MAKEUPS.get(module["id"], {}):
            out += flow_map("  makeup: ", MAKEUPS[module["id"]][n], width=92)
        out.append("")
    return out


def visits_lines(visits: list[dict]) -> list[str]:
    out = [
        "# visits.yaml: mentoring visits to the 20 UKM unggulan, one entry a visit",
        *HEADER,
        "#",
        "# Four trainers, about five businesses each, a visit every two weeks or so.",
        "# practices: observed at the visit, yes or no (ya/tidak also taken), by the ids",
        "# listed under each module in modules.yaml.",
        "",
    ]
    for v in visits:
        assert PROGRAM["starts"] <= v["date"] <= TODAY, v
        out.append(f"- participant: {v['participant']}")
        out.append(f"  date: {scalar(v['date'])}")
        out.append(f"  trainer: {scalar(v['trainer'])}")
        out.append(f"  hours: {scalar(v['hours'])}")
        out += flow_list("  modules: ", v["modules"])
        words = {k: "yes" if seen else "no" for k, seen in v["practices"].items()}
        out += wrap_flow("  practices: ", [f"{k}: {w}" for k, w in words.items()], "{", "}", 100)
        if v["notes"]:
            out.append(f"  notes: {scalar(v['notes'])}")
        out.append("")
    return out


def keuangan_summary(people, sheets) -> dict:
    """Completion counts for keuangan by PRODUCT.md's rules (used in the printout)."""
    m = next(m for m in MODULES if m["id"] == "keuangan")
    minimum = m.get("min_attendance", PROGRAM["min_attendance"])
    counts = {"completed": 0, "in_progress": 0, "at_risk": 0, "failed": 0}
    for p in people:
        nums = [n for n, s in enumerate(m["sessions"], 1) if s["date"] >= p["registered"]]
        held_nums = [n for n in nums if n in sheets["keuangan"]]
        a = sum(
            1
            for n in held_nums
            if p["id"] in sheets["keuangan"][n]["sheet"]["present"]
            or p["id"] in sheets["keuangan"][n]["sheet"]["late"]
        )
        req = max(1, math.ceil(len(nums) * minimum / 100)) if minimum > 0 else 0
        best = a + len(nums) - len(held_nums)
        if a >= req:
            counts["completed"] += 1
        elif best < req:
            counts["failed"] += 1
        else:
            counts["in_progress"] += 1
            counts["at_risk"] += best == req
    return counts


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "data"
    rng = random.Random(SEED)
    people = make_participants(rng)
    sheets = make_attendance(rng, people)
    visits = make_visits(random.Random(SEED + 1), people)
    figures = random.Random(SEED + 2)  # its own draws: attendance and visits stay as they were
    add_baselines(figures, people)
    indicators = make_indicators(figures, people)

    write(out_dir / "program.yaml", program_lines())
    write(out_dir / "modules.yaml", modules_lines())
    write(out_dir / "participants.yaml", participants_lines(people))
    for m in MODULES:
        if m["id"] in sheets:
            write(out_dir / "attendance" / f"{m['id']}.yaml", attendance_lines(m, sheets[m["id"]]))
    write(out_dir / "visits.yaml", visits_lines(visits))
    write(out_dir / "indicators.yaml", indicators_lines(indicators))
    write(out_dir / "scores.yaml", SCORES_YAML.splitlines())
    write(out_dir / "laporan.md", LAPORAN_MD.splitlines())
    write(out_dir / "templates" / "logo.svg", LOGO_SVG.splitlines())
    c = keuangan_summary(people, sheets)
    print(
        f"wrote {out_dir}: {len(people)} participants, {len(MODULES)} modules, "
        f"{sum(len(v) for v in sheets.values())} attendance sheets, {len(visits)} visits, "
        f"{len(indicators)} measurements"
    )
    print("keuangan: " + ", ".join(f"{k} {v}" for k, v in c.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
