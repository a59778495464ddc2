"""One reader per kind of value: every form an office writes, through every way in.

Each row is a form of a value and what ukm keeps of it.  Each entry point
(register's option and its desk question, an imported list, the file `ukm
check` reads, edit's option and its question) is given the form where it
applies and must keep the same value, and an unclear form is refused at
every one of them with the same words.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.kit.helpers import PARTICIPANTS, Run, programme
from ukmtool.commands.register import FLAGS
from ukmtool.core.folder import Folder
from ukmtool.core.reading.loader import load

PROGRAM = """\
name: Pelatihan Uji
starts: 2018-01-01
ends: 2018-03-31
language: en
districts: [Cepu, Japah, Jepon]
sectors:
  batik: [batik tulis, batik cap]
  kuliner: ~
"""

BASE = {
    "business": "Batik Baru",
    "owner": "Sri Rahayu",
    "gender": "F",
    "sector": "batik",
    "district": "Cepu",
    "registered": "2018-01-02",
}
FLAG = FLAGS
WRONG = {  # a value each reader refuses, so that the desk asks the field again
    "gender": "X",
    "sector": "nothing-like-it",
    "district": "Nowhere",
    "phone": "12",
    "employees": "many",
    "monthly_sales": "a lot",
    "nik": "1",
    "nib": "1",
    "registered": "someday",
}


@dataclass(frozen=True)
class Form:
    """A form of a field's value and the value ukm keeps."""

    field: str
    written: str
    kept: Any

    def __str__(self) -> str:
        return f"{self.field}={self.written}"


FORMS = [
    Form("district", "Kec. Jepon", "Jepon"),
    Form("district", "Kecamatan Jepon", "Jepon"),
    Form("district", "KEC. JEPON", "Jepon"),
    Form("district", "jepon", "Jepon"),
    Form("sector", "Batik Tulis", "batik"),
    Form("sector", "KULINER", "kuliner"),
    Form("gender", "Pr", "F"),
    Form("gender", "Lk", "M"),
    Form("gender", "P", "F"),
    Form("gender", "L", "M"),
    Form("gender", "perempuan", "F"),
    Form("gender", "laki-laki", "M"),
    Form("phone", "0812-3456-7890", "081234567890"),
    Form("phone", "+62 812 3456 7890", "081234567890"),
    Form("phone", "81234567890", "081234567890"),
    Form("monthly_sales", "Rp 1.500.000,-", 1_500_000),
    Form("monthly_sales", "1,5 juta", 1_500_000),
    Form("monthly_sales", "Rp1.500.000", 1_500_000),
    Form("monthly_sales", "1500000", 1_500_000),
    Form("employees", "2 orang", 2),
    Form("employees", "±5", 5),
    Form("employees", "kurang lebih 5", 5),
    Form("registered", "13/01/2018", date(2018, 1, 13)),
    Form("registered", "13-01-2018", date(2018, 1, 13)),
    Form("registered", "13 Januari 2018", date(2018, 1, 13)),
    Form("registered", "2018-01-13", date(2018, 1, 13)),
    Form("nik", "3316 0155 0780 0001", "3316015507800001"),
    Form("nik", "3316.0155.0780.0001", "3316015507800001"),
    Form("nib", "912 0001 234 567", "9120001234567"),
    Form("nib", "9120001234567", "9120001234567"),
]

UNCLEAR = [  # (field, written, the words every entry point refuses it with)
    Form("employees", "1,5", "'1,5' is not a whole number of people."),
    Form("employees", "3-5", "'3-5' is a range; ukm needs one number."),
    Form("registered", "13/01/18", "'13/01/18' has a two-digit year."),
    Form("monthly_sales", "1.5", "'1.5' is not a whole number of Rupiah."),
    Form("nib", "91200012345", "An NIB has 13 digits; this one has 11."),
]


def quoted(value: str) -> str:
    """``value`` as a double-quoted YAML scalar, as a person may write it."""
    return json.dumps(value, ensure_ascii=False)


def write_csv(path: Path, values: dict[str, str]) -> None:
    """A list of one row, as a district office saves it (UTF-8)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(values)
        writer.writerow(values.values())


def participant(folder: Path, pid: str = "UKM-003") -> Any:
    result = load(Folder(folder))
    assert result.ok and result.programme is not None, [d.message for d in result.errors]
    return result.programme.participants_by_id[pid]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return programme(tmp_path / "p", program=PROGRAM)


def by_flag(ukm: Run, folder: Path, form: Form) -> tuple[int, str]:
    values = {**BASE, form.field: form.written}
    args = [arg for name, value in values.items() for arg in (FLAG[name], value)]
    result = ukm("--data", str(folder), "register", *args)
    return result.exit_code, result.output


def by_prompt(
    ukm: Run, folder: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """The option is wrong, so the desk asks for the field: the answer is the form."""
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    values = {**BASE, form.field: WRONG[form.field]}
    args = [arg for name, value in values.items() for arg in (FLAG[name], value)]
    result = ukm("--data", str(folder), "register", *args, input=form.written + "\n")
    return result.exit_code, result.output


def by_import(ukm: Run, folder: Path, form: Form) -> tuple[int, str]:
    values = {**BASE, form.field: form.written}
    source = folder.parent / "daftar.csv"
    write_csv(source, values)
    result = ukm("--data", str(folder), "register", "--from", str(source))
    return result.exit_code, result.output


def by_file(ukm: Run, folder: Path, form: Form) -> tuple[int, str]:
    values = {"id": "UKM-003", **BASE, form.field: form.written}
    entry = "- " + "\n  ".join(f"{k}: {quoted(v)}" for k, v in values.items()) + "\n"
    (folder / "participants.yaml").write_text(PARTICIPANTS + entry, encoding="utf-8")
    result = ukm("--data", str(folder), "check")
    return result.exit_code, result.output


def by_edit(ukm: Run, folder: Path, form: Form) -> tuple[int, str]:
    """``ukm edit`` of an entry written with plain values: the option is the form."""
    _plain_entry(folder)
    result = ukm("--data", str(folder), "edit", "UKM-003", FLAG[form.field], form.written)
    return result.exit_code, result.output


def by_edit_prompt(
    ukm: Run, folder: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """``ukm edit`` with a wrong option on a terminal: asked again, the answer is the form."""
    monkeypatch.setattr("ukmtool.commands.edit.can_ask", lambda: True)
    _plain_entry(folder)
    result = ukm(
        "--data", str(folder), "edit", "UKM-003", FLAG[form.field], WRONG[form.field],
        input=form.written + "\n",
    )  # fmt: skip
    return result.exit_code, result.output


def _plain_entry(folder: Path) -> None:
    values = {"id": "UKM-003", **BASE, "gender": "M" if BASE["gender"] == "F" else "F"}
    entry = "- " + "\n  ".join(f"{k}: {quoted(v)}" for k, v in values.items()) + "\n"
    (folder / "participants.yaml").write_text(PARTICIPANTS + entry, encoding="utf-8")


ENTRY_POINTS: dict[str, Callable[..., tuple[int, str]]] = {
    "flag": by_flag,
    "prompt": by_prompt,
    "import": by_import,
    "check": by_file,
    "edit": by_edit,
    "edit-prompt": by_edit_prompt,
}


def _run(name: str, ukm: Run, folder: Path, form: Form, monkeypatch: pytest.MonkeyPatch):
    if name in ("prompt", "edit-prompt"):
        return ENTRY_POINTS[name](ukm, folder, form, monkeypatch)
    return ENTRY_POINTS[name](ukm, folder, form)


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("form", FORMS, ids=str)
def test_every_form_is_kept_alike_through_every_entry_point(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch, entry: str, form: Form
) -> None:
    code, output = _run(entry, ukm, folder, form, monkeypatch)
    assert code == 0, output
    assert getattr(participant(folder), form.field) == form.kept


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize("entry", ["flag", "import", "check", "edit"])
@pytest.mark.parametrize("form", UNCLEAR, ids=str)
def test_an_unclear_form_is_refused_alike_everywhere(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch, entry: str, form: Form
) -> None:
    if entry == "edit":
        _plain_entry(folder)  # the same bytes again when the edit writes it
    before = (folder / "participants.yaml").read_bytes()
    code, output = _run(entry, ukm, folder, Form(form.field, form.written, None), monkeypatch)
    assert code != 0, output
    assert form.kept in output
    if entry != "check":
        assert (folder / "participants.yaml").read_bytes() == before


@pytest.mark.usefixtures("cached_cli")
def test_an_unclear_answer_at_the_desk_is_explained_and_asked_again(
    ukm: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ukmtool.commands.register.can_ask", lambda: True)
    args = [arg for name, value in BASE.items() for arg in (FLAG[name], value)]
    result = ukm(
        "--data", str(folder), "register", *args, "--employees", "many", input="1,5\n2 orang\n"
    )
    assert result.exit_code == 0, result.output
    assert "'1,5' is not a whole number of people." in result.stderr
    assert participant(folder).employees == 2


MEASURE_FORMS = [
    Form("employees", "2 orang", 2),
    Form("monthly_sales", "Rp 1.500.000,-", 1_500_000),
    Form("date", "13/02/2018", date(2018, 2, 13)),
    Form("date", "13 Februari 2018", date(2018, 2, 13)),
]
MEASURE_FLAG = {"employees": "--employees", "monthly_sales": "--sales", "date": "--date"}


def _measurement(folder: Path) -> Any:
    result = load(Folder(folder))
    assert result.ok and result.programme is not None, [d.message for d in result.errors]
    return result.programme.indicators[-1]


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize("entry", ["flag", "import", "check"])
@pytest.mark.parametrize("form", MEASURE_FORMS, ids=str)
def test_measure_reads_the_forms_register_reads(
    ukm: Run, folder: Path, entry: str, form: Form
) -> None:
    values = {"participant": "UKM-001", "date": "2018-02-20", "capital": "5000000"}
    values[form.field] = form.written
    if entry == "flag":
        flags = {"date": "--date", "capital": "--capital", **MEASURE_FLAG}
        args = [a for n, v in values.items() if n != "participant" for a in (flags[n], v)]
        result = ukm("--data", str(folder), "measure", "UKM-001", *args)
    elif entry == "import":
        source = folder.parent / "survei.csv"
        write_csv(source, values)
        result = ukm("--data", str(folder), "measure", "--from", str(source))
    else:
        entry_text = "- " + "\n  ".join(f"{k}: {quoted(v)}" for k, v in values.items())
        (folder / "indicators.yaml").write_text(entry_text + "\n", encoding="utf-8")
        result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    assert getattr(_measurement(folder), form.field) == form.kept


HOURS = [("1,5", 1.5), ("1.5", 1.5), ("1,5 jam", 1.5), ("90 menit", 1.5), ("2", 2.0)]


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize("entry", ["flag", "prompt", "check"])
@pytest.mark.parametrize(("written", "kept"), HOURS)
def test_hours_are_read_as_ukm_prints_them(
    ukm: Run,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    entry: str,
    written: str,
    kept: float,
) -> None:
    visit = ["UKM-001", "--date", "2018-01-10", "--trainer", "Bedo", "--no-input"]
    if entry == "flag":
        result = ukm("--data", str(folder), "visit", *visit, "--hours", written)
    elif entry == "prompt":
        monkeypatch.setattr("ukmtool.commands.visit.can_ask", lambda: True)
        asked = [a for a in visit if a != "--no-input"]
        result = ukm(
            "--data", str(folder), "visit", *asked, "--hours", "1.500", input=written + "\n"
        )
        assert "'1.500' is unclear" in result.stderr
    else:
        (folder / "visits.yaml").write_text(
            "- {participant: UKM-001, date: 2018-01-10, trainer: Bedo, "
            f"hours: {quoted(written)}}}\n",
            encoding="utf-8",
        )
        result = ukm("--data", str(folder), "check")
    assert result.exit_code == 0, result.output
    loaded = load(Folder(folder)).programme
    assert loaded is not None and loaded.visits[-1].hours == kept


@pytest.mark.usefixtures("cached_cli")
def test_what_ukm_prints_reads_back(ukm: Run, folder: Path) -> None:
    """The date and hours of a recorded visit, as printed in Indonesian, given back."""
    first = ukm(
        "--lang", "id", "--data", str(folder), "visit", "UKM-001", "--date", "2018-01-10",
        "--trainer", "Bedo", "--hours", "1.5", "--no-input",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    said = " ".join(first.stdout.split())
    printed = re.search(r"pada (.+?) sudah dicatat: Bedo, (.+?) jam\.", said)
    assert printed is not None, first.stdout
    day, hours = printed.groups()
    assert (day, hours) == ("10 Januari 2018", "1,5")
    again = ukm(
        "--data", str(folder), "visit", "UKM-002", "--date", day, "--trainer", "Bedo",
        "--hours", f"{hours} jam", "--no-input",
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    loaded = load(Folder(folder)).programme
    assert loaded is not None
    assert [(v.date, v.hours) for v in loaded.visits] == [(date(2018, 1, 10), 1.5)] * 2


@pytest.mark.usefixtures("cached_cli")
@pytest.mark.parametrize("entry", ["flag", "check"])
def test_unclear_hours_are_refused_alike(ukm: Run, folder: Path, entry: str) -> None:
    if entry == "flag":
        result = ukm(
            "--data",
            str(folder),
            "visit",
            "UKM-001",
            "--date",
            "2018-01-10",
            "--trainer",
            "Bedo",
            "--hours",
            "1.500",
            "--no-input",
        )
    else:
        (folder / "visits.yaml").write_text(
            "- {participant: UKM-001, date: 2018-01-10, trainer: Bedo, hours: '1.500'}\n",
            encoding="utf-8",
        )
        result = ukm("--data", str(folder), "check")
    assert result.exit_code != 0
    assert "'1.500' is unclear: thousands grouped with '.', or three decimals." in result.output
