"""Which column gives which field: the headers offices write, and safe hints for the others.

Headers are matched with case, spaces and punctuation ignored (``No. HP`` is
``nohp``).  A hint for an unknown header only ever names a field's header
that differs by a slip of the keyboard, never a column that is left out and
never a field of another kind (``No. WA`` is not ``No``; ``Keterangan`` is
not ``kelurahan``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ukmtool.core.fields import norm
from ukmtool.i18n import _

IGNORED = "-"
"""The field of a column read and left out: a row number column (``No``)."""

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "business": ("business", "nama usaha", "nama ukm", "nama umkm", "usaha", "nama perusahaan"),
    "owner": (
        "owner",
        "nama pemilik",
        "pemilik",
        "nama",
        "nama peserta",
        "nama pelaku usaha",
        "nama lengkap",
        "pemilik usaha",
    ),
    "gender": ("gender", "jenis kelamin", "jk", "l/p", "p/l", "kelamin"),
    "sector": (
        "sector",
        "sektor",
        "jenis usaha",
        "bidang usaha",
        "sektor usaha",
        "kategori usaha",
        "jenis produk",
    ),
    "district": ("district", "kecamatan", "kec"),
    "village": ("village", "desa", "kelurahan", "desa/kelurahan", "desa/kel", "kel/desa"),
    "address": ("address", "alamat", "alamat usaha", "alamat lengkap", "alamat rumah"),
    "phone": (
        "phone",
        "no hp",
        "nomor hp",
        "hp",
        "telepon",
        "no telepon",
        "telp",
        "no telp",
        "no wa",
        "nomor wa",
        "wa",
        "whatsapp",
        "no hp/wa",
        "hp/wa",
        "telp/hp",
        "no kontak",
        "kontak",
    ),
    "employees": (
        "employees",
        "jumlah karyawan",
        "karyawan",
        "tenaga kerja",
        "jumlah tenaga kerja",
        "jml tk",
        "jumlah tk",
        "jml tenaga kerja",
        "tk",
        "jumlah pekerja",
    ),
    "nik": ("nik", "no nik", "no ktp", "nomor ktp", "nomor nik", "nik ktp"),
    "nib": (
        "nib",
        "no nib",
        "nomor nib",
        "nomor induk berusaha",
        "no induk berusaha",
        "nib oss",
        "nib/oss",
    ),
    "monthly_sales": (
        "monthly_sales",
        "omzet per bulan",
        "omset per bulan",
        "omzet/bln",
        "omset/bln",
        "omzet/bulan",
        "omset/bulan",
        "omzet",
        "omset",
    ),
    "capital": ("capital", "modal usaha", "modal", "aset", "asset"),
    "registered": (
        "registered",
        "terdaftar",
        "tanggal daftar",
        "tanggal registrasi",
        "tgl daftar",
    ),
    "notes": ("notes", "keterangan", "ket", "catatan"),
    "tags": ("tags", "tag", "label"),
    IGNORED: ("no", "no.", "nomor", "no urut", "nomor urut"),
}
"""The headers each field is known by; matched with case, spaces and punctuation ignored."""

SIGNATURES: tuple[str, ...] = ("ttd", "tanda tangan", "paraf", "foto")
"""Headers of columns a paper list has for people to sign in: always left out."""

EXEMPTIONS: tuple[str, ...] = ("exempt", "exempt from", "dibebaskan", "dibebaskan dari")
"""Headers of the exemptions column of ``ukm participants``' own export: left out (an
exemption is recorded with ``ukm edit``, not at registration), so an export reads back."""
NOT_KEPT: tuple[str, ...] = (
    "umur",
    "usia",
    "umur (th)",
    "umur (tahun)",
    "tanggal lahir",
    "tgl lahir",
    "ttl",
    "tempat tanggal lahir",
    "tempat/tgl lahir",
    "tempat, tanggal lahir",
)
"""Headers of columns lists often have that a programme folder does not keep: left out."""

BY_HEADER: dict[str, str] = {
    norm(header): name for name, headers in HEADERS.items() for header in headers
}
_SIGNATURES = frozenset(norm(header) for header in SIGNATURES)
_EXEMPTIONS = frozenset(norm(header) for header in EXEMPTIONS)
_NOT_KEPT = frozenset(norm(header) for header in NOT_KEPT)

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("hp", "wa", "telp", "telepon", "phone", "kontak", "whatsapp"),
    "number": ("jumlah", "jml", "total", "omzet", "omset", "modal", "aset"),
    "date": ("tgl", "tanggal", "date"),
    "id": ("nik", "ktp", "id", "nib"),
}
_FIELD_KIND = {
    "phone": "phone",
    "employees": "number",
    "monthly_sales": "number",
    "capital": "number",
    "registered": "date",
    "nik": "id",
    "nib": "id",
    "id": "id",
}


def field_of(header: str) -> str | None:
    """The field a header gives (``IGNORED`` for a row number column), else None."""
    return BY_HEADER.get(norm(header))


def is_exemptions(header: str) -> bool:
    """Whether the header is the exemptions column of a participants export (format 1.2)."""
    return norm(header) in _EXEMPTIONS


def is_signature(header: str) -> bool:
    """Whether the header is one of a column for signatures (``TTD``, ``Paraf``)."""
    return norm(header) in _SIGNATURES


def is_not_kept(header: str) -> bool:
    """Whether the header is one of a column ukm does not keep (``Umur``, ``Tanggal lahir``)."""
    return norm(header) in _NOT_KEPT


def _words(header: str) -> list[str]:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in header.casefold())
    return cleaned.split()


def _kind(header: str) -> str | None:
    words = _words(header)
    for kind, keys in _KIND_WORDS.items():
        if any(word in keys for word in words):
            return kind
    return None


def hint_for(header: str, fields: Iterable[str]) -> str | None:
    """A "did you mean" for an unknown header, only when it is a typo of a field's header.

    ``fields`` are the fields a column may still give.  The suggestion must be
    close (4 of 5 characters alike), of the same kind when the header says
    what kind it is (a phone, a number, a date, an id), and never the
    row-number column.
    """
    key = norm(header)
    if len(key) < 3:
        return None
    kind = _kind(header)
    candidates: dict[str, str] = {}
    for name in fields:
        if name == IGNORED:
            continue
        if kind is not None and _FIELD_KIND.get(name) != kind:
            continue
        for known in HEADERS[name]:
            candidates.setdefault(norm(known), known)
    match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.8)
    if not match:
        return None
    return _("Did you mean '{choice}'?").format(choice=candidates[match[0]])


def known_headers(fields: Iterable[str]) -> list[str]:
    """The first header of each of ``fields`` (what an error lists)."""
    wanted = set(fields)
    return [headers[0] for name, headers in HEADERS.items() if name in wanted]
