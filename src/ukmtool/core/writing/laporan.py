"""The ``laporan.md`` ``ukm init`` writes: the usual sections of a laporan kegiatan to fill in.

Latar belakang, dasar hukum, maksud dan tujuan, pelaksanaan, hasil,
kesimpulan dan saran (in English for a programme whose language is ``en``),
each with guidance in an HTML comment, which is never printed; a section
left empty is not printed either (``core/documents/laporan``), so the report
of a folder whose laporan.md is untouched has no text of the office's.
"""

from __future__ import annotations


def laporan_md(language: str) -> str:
    """The text of a new ``laporan.md`` in ``language`` (``id`` or ``en``)."""
    return _TEMPLATE_ID if language == "id" else _TEMPLATE_EN


_TEMPLATE_ID = """\
<!--
Laporan kegiatan: teks kantor yang dicetak oleh `ukm report --format pdf`,
sesudah halaman pertama dan sebelum angka-angka (peserta, kehadiran,
kelulusan), yang dicetak ukm sendiri.

Tulis di bawah setiap judul. Bagian yang dibiarkan kosong tidak dicetak.
Judul diawali #, paragraf dipisah baris kosong, daftar diawali - atau 1.,
tabel ditulis dengan | (lihat contoh di bawah). Teks di antara tanda
pembuka dan penutup komentar seperti ini tidak dicetak.
-->

# Latar Belakang

<!-- Mengapa kegiatan ini diadakan: keadaan UKM di daerah, kebutuhannya. -->

# Dasar Hukum

<!-- Peraturan yang menjadi dasar kegiatan, satu per baris, misalnya:
1. Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil, dan Menengah;
2. Peraturan Bupati ... tentang ...;
3. Dokumen Pelaksanaan Anggaran ... Tahun Anggaran ....
-->

# Maksud dan Tujuan

<!-- Maksud kegiatan, lalu tujuannya (boleh berupa daftar). -->

# Pelaksanaan

<!-- Waktu dan tempat, peserta, narasumber dan pelatih, materi, cara
pelaksanaan. Sebuah tabel, misalnya:

| Hari, tanggal | Materi | Narasumber |
|---|---|---|
| Rabu, 13 Desember 2017 | Tertib Keuangan | ... |
-->

# Hasil

<!-- Apa yang dicapai. Angka peserta, kehadiran dan kelulusan dicetak
sesudah teks ini; di sini tulis yang tidak ada dalam angka itu. -->

# Kesimpulan dan Saran

<!-- Kesimpulan, lalu saran untuk tindak lanjut. -->
"""

_TEMPLATE_EN = """\
<!--
Activity report: the office's own text, printed by `ukm report --format pdf`
after the first page and before the figures (participants, attendance,
completion), which ukm prints itself.

Write under each heading. A section left empty is not printed. A heading
starts with #, paragraphs are separated by an empty line, lists start with
- or 1., tables are written with | (see the example below). Text between
comment marks like these is not printed.
-->

# Background

<!-- Why the programme was held: the businesses of the area, what they need. -->

# Legal Basis

<!-- The regulations the programme rests on, one a line, for example:
1. Law Number 20 of 2008 on Micro, Small and Medium Enterprises;
2. Regent's Regulation ... on ...;
3. Budget Implementation Document ... of the fiscal year ....
-->

# Aims and Objectives

<!-- The purpose of the programme, then its objectives (a list if you like). -->

# Implementation

<!-- When and where, the participants, the speakers and trainers, the
modules, how it was run. A table, for example:

| Day, date | Module | Speaker |
|---|---|---|
| Wednesday, 13 December 2017 | Bookkeeping | ... |
-->

# Results

<!-- What was achieved. The figures of participants, attendance and
completion are printed after this text; write here what they do not say. -->

# Conclusions and Recommendations

<!-- The conclusions, then recommendations for what follows. -->
"""
