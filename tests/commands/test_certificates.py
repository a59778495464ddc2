"""``ukm certificate``: the register of certificates (issue, verify, revoke, print's choice, check).

The sample is run to its end (``kit.certificates.finish_programme``) so that some
participants graduate and some do not; who graduates is computed in the test
from PRODUCT.md's rules (``kit.certificates.graduates_by_the_rules``), not by ukm.
The PDFs are tested in ``test_certificate_pdf.py``; here ``--no-pdf`` keeps
the register's tests fast.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.kit.certificates import finish_programme, graduates_by_the_rules, mark_present
from tests.kit.helpers import Run, programme, ukm_executable

pytestmark = pytest.mark.usefixtures("cached_cli")


@pytest.fixture
def ended(sample: Path) -> Path:
    """The sample with every session held: some graduate, some do not."""
    finish_programme(sample)
    return sample


def register(folder: Path) -> list[dict[str, object]]:
    return yaml.safe_load((folder / "certificates.yaml").read_text(encoding="utf-8")) or []


def issue(ukm: Run, folder: Path, *args: str) -> object:
    return ukm("--data", str(folder), "certificate", "issue", "--no-pdf", *args)


def test_issue_numbers_exactly_the_graduates_the_rules_give(ukm: Run, ended: Path) -> None:
    expected = graduates_by_the_rules(ended)
    assert 10 < len(expected) < 100  # some graduate, some do not

    done = issue(ukm, ended, "--date", "2018-03-20")

    assert done.exit_code == 0, done.output
    entries = register(ended)
    assert [e["participant"] for e in entries] == expected
    assert [e["number"] for e in entries] == [
        f"{n:03}/SERT-SP/2018" for n in range(1, len(expected) + 1)
    ]
    assert {str(e["issued"]) for e in entries} == {"2018-03-20"}
    assert f"Issued {len(expected)} certificates" in done.stdout
    assert "0 graduates already hold a valid certificate" in done.stdout
    assert ukm("--data", str(ended), "check").exit_code == 0


def test_nobody_gets_one_before_graduating(ukm: Run, sample: Path) -> None:
    assert graduates_by_the_rules(sample) == []  # the shipped sample is mid-programme

    done = issue(ukm, sample)

    assert done.exit_code == 0, done.output
    assert "No graduate is waiting for a certificate" in done.stdout
    assert not (sample / "certificates.yaml").exists()


def test_a_second_issue_issues_nothing_and_says_how_many_hold_one(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    before = (ended / "certificates.yaml").read_bytes()

    again = issue(ukm, ended, "--date", "2018-03-21")

    assert again.exit_code == 0
    count = len(graduates_by_the_rules(ended))
    assert f"{count} graduates already hold a valid certificate" in again.stdout
    assert (ended / "certificates.yaml").read_bytes() == before


def test_a_newly_completed_participant_gets_the_next_number(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    first = graduates_by_the_rules(ended)
    late = next(
        p["id"]
        for p in yaml.safe_load((ended / "participants.yaml").read_text())
        if p["id"] not in first
    )
    for module in yaml.safe_load((ended / "modules.yaml").read_text()):
        for number in module["sessions"]:
            mark_present(ended, module["id"], number, late)
    assert late in graduates_by_the_rules(ended)

    done = issue(ukm, ended, "--date", "2018-04-02")

    assert done.exit_code == 0, done.output
    last = register(ended)[-1]
    owner = next(
        p for p in yaml.safe_load((ended / "participants.yaml").read_text()) if p["id"] == late
    )
    assert last == {
        "number": f"{len(first) + 1:03}/SERT-SP/2018",
        "participant": late,
        "name": owner["owner"],
        "business": owner["business"],
        "issued": __import__("datetime").date(2018, 4, 2),
    }
    assert "Issued 1 certificate" in done.stdout


def test_dry_run_shows_who_would_get_which_number_and_writes_nothing(ukm: Run, ended: Path) -> None:
    expected = graduates_by_the_rules(ended)

    shown = issue(ukm, ended, "--dry-run", "--date", "2019-01-05")

    assert shown.exit_code == 0
    assert f"001/SERT-SP/2019  {expected[0]} " in shown.stdout
    assert f"{len(expected):03}/SERT-SP/2019  {expected[-1]} " in shown.stdout
    assert "nothing was written" in shown.stdout
    assert not (ended / "certificates.yaml").exists()


def test_revoke_changes_only_that_entry_and_the_number_is_never_given_again(
    ukm: Run, ended: Path
) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    path = ended / "certificates.yaml"
    before = path.read_text(encoding="utf-8")
    count = len(register(ended))
    holder = register(ended)[4]["participant"]
    printed = register(ended)[4]

    revoked = ukm(
        "--data", str(ended), "certificate", "revoke", "005/sert-sp/2018",
        "--reason", "salah nama", "--date", "2018-04-02",
    )  # fmt: skip

    assert revoked.exit_code == 0, revoked.output
    after = path.read_text(encoding="utf-8")
    added = (
        f"  participant: {holder}\n  name: {printed['name']}\n"
        f"  business: {printed['business']}\n  issued: 2018-03-20\n"
        "  revoked: {date: 2018-04-02, reason: salah nama}\n"
    )
    assert added in after
    assert after.replace("  revoked: {date: 2018-04-02, reason: salah nama}\n", "", 1) == before
    again = ukm("--data", str(ended), "certificate", "revoke", "005/SERT-SP/2018", "--reason", "x")
    assert again.exit_code == 1 and "already revoked" in again.stderr
    assert path.read_text(encoding="utf-8") == after

    reissued = issue(ukm, ended, "--date", "2018-04-05")

    assert reissued.exit_code == 0
    last = register(ended)[-1]
    assert (last["participant"], last["number"]) == (holder, f"{count + 1:03}/SERT-SP/2018")
    numbers = [e["number"] for e in register(ended)]
    assert len(numbers) == len(set(numbers))


def test_a_number_deleted_by_hand_is_not_given_again(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    path = ended / "certificates.yaml"
    text = path.read_text(encoding="utf-8")
    count = len(register(ended))
    last = register(ended)[-1]
    cut = text.rindex("\n- number:")
    path.write_text(text[: cut + 1], encoding="utf-8")  # the last entry removed by hand

    done = issue(ukm, ended, "--date", "2018-03-22")

    assert done.exit_code == 0, done.output
    now = register(ended)[-1]
    assert now["participant"] == last["participant"]
    assert now["number"] == f"{count + 1:03}/SERT-SP/2018"


def test_the_programme_sets_the_number_pattern_and_the_date(ukm: Run, ended: Path) -> None:
    with (ended / "program.yaml").open("a", encoding="utf-8") as f:
        f.write('certificates: {number: "{seq:03}/SERT-SP/DINDAGKOP/{year}", issued: 2018-03-20}\n')

    done = issue(ukm, ended)

    assert done.exit_code == 0, done.output
    first = register(ended)[0]
    assert first["number"] == "001/SERT-SP/DINDAGKOP/2018"
    assert str(first["issued"]) == "2018-03-20"


def test_a_pattern_without_seq_is_an_error_at_its_line(ukm: Run, ended: Path) -> None:
    program = ended / "program.yaml"
    lines = program.read_text(encoding="utf-8").count("\n")
    with program.open("a", encoding="utf-8") as f:
        f.write("certificates:\n  number: SERT/{year}\n")

    checked = ukm("--data", str(ended), "check")
    refused = issue(ukm, ended)

    assert checked.exit_code == 1
    assert f"program.yaml:{lines + 2}:" in checked.output
    assert "{seq}" in checked.output
    assert refused.exit_code == 1
    assert not (ended / "certificates.yaml").exists()


def test_verify_answers_for_the_number_its_qr_text_and_in_json(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    entry = register(ended)[2]
    owner = next(
        p
        for p in yaml.safe_load((ended / "participants.yaml").read_text())
        if p["id"] == entry["participant"]
    )

    plain = ukm("--data", str(ended), "certificate", "verify", str(entry["number"]))
    from_qr = ukm(
        "--data", str(ended), "certificate", "verify",
        f"UKM-CERT|{entry['number']}|Lokakarya Score Plus Kabupaten Blora 2017",
    )  # fmt: skip
    as_json = ukm(
        "--data",
        str(ended),
        "certificate",
        "verify",
        str(entry["number"]).lower(),
        "--format",
        "json",
    )

    assert plain.exit_code == from_qr.exit_code == as_json.exit_code == 0
    assert f"Certificate {entry['number']} is VALID." in plain.stdout
    assert owner["owner"] in plain.stdout and owner["business"] in plain.stdout
    assert "Tertib Keuangan" in plain.stdout and "20 March 2018" in plain.stdout
    assert from_qr.stdout == plain.stdout
    data = json.loads(as_json.stdout)
    assert data["status"] == "valid" and data["register"]["participant"] == entry["participant"]
    assert data["name"] == owner["owner"] and data["signed"] is False
    assert [m["id"] for m in data["register"]["modules"]] == [
        m["id"] for m in yaml.safe_load((ended / "modules.yaml").read_text())
    ]


def test_verify_a_revoked_certificate_says_when_and_why(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")
    ukm(
        "--data",
        str(ended),
        "certificate",
        "revoke",
        "001/SERT-SP/2018",
        "--reason",
        "salah nama",
        "--date",
        "2018-04-02",
    )

    shown = ukm("--data", str(ended), "certificate", "verify", "001/SERT-SP/2018")
    data = json.loads(
        ukm(
            "--data", str(ended), "certificate", "verify", "001/SERT-SP/2018", "--format", "json"
        ).stdout
    )

    assert shown.exit_code == 1  # only a valid certificate exits 0
    assert "REVOKED on 2 April 2018." in shown.stdout
    assert "Reason recorded: salah nama." in shown.stdout
    assert data["status"] == "revoked" and data["valid"] is False
    assert data["revoked"] == {"date": "2018-04-02", "by": "register"}
    assert data["register"]["revoked"] == {"date": "2018-04-02", "reason": "salah nama"}


def test_an_unknown_number_is_exit_1_with_the_closest_numbers(ukm: Run, ended: Path) -> None:
    issue(ukm, ended, "--date", "2018-03-20")

    typo = ukm("--data", str(ended), "certificate", "verify", "014/SERT-SP/2019")
    revoke = ukm("--data", str(ended), "certificate", "revoke", "999/X", "--reason", "x")

    assert typo.exit_code == 1
    assert "No certificate numbered 014/SERT-SP/2019" in typo.stderr
    assert "014/SERT-SP/2018" in typo.stderr
    assert "Traceback" not in typo.output
    assert revoke.exit_code == 1


def test_revoke_in_a_file_of_flow_entries(ukm: Run, tmp_path: Path) -> None:
    folder = finished_small(tmp_path)
    text = (
        "- {number: A-1, participant: UKM-001, issued: 2018-02-01}  # first\n"
        "- {number: A-2, participant: UKM-002, issued: 2018-02-01}\n"
    )
    (folder / "certificates.yaml").write_text(text, encoding="utf-8")

    done = ukm(
        "--data",
        str(folder),
        "certificate",
        "revoke",
        "a-1",
        "--reason",
        "keliru: salah",
        "--date",
        "2018-02-03",
    )

    assert done.exit_code == 0, done.output
    assert (folder / "certificates.yaml").read_text(encoding="utf-8") == text.replace(
        "2018-02-01}  # first",
        '2018-02-01, revoked: {date: 2018-02-03, reason: "keliru: salah"}}  # first',
    )


def finished_small(root: Path) -> Path:
    """A small programme whose one module ended: UKM-001 completed it, UKM-002 did not."""
    return programme(
        root / "small",
        attendance__keuangan="""\
            1: {present: [UKM-001, UKM-002]}
            2: {present: [UKM-001]}
            3: {present: [UKM-001]}
            4: {present: [UKM-001]}
            """,
    )


@pytest.mark.parametrize(
    ("fault", "entries", "where", "message"),
    [
        (
            "number-twice",
            "- {number: A-1, participant: UKM-001, issued: 2018-02-01}\n"
            "- {number: a-1, participant: UKM-001, issued: 2018-02-02}\n",
            2,
            "The number a-1 is given twice (first at line 1).",
        ),
        (
            "unregistered",
            "- number: A-1\n  participant: UKM-009\n  issued: 2018-02-01\n",
            2,
            "UKM-009 is not a registered participant.",
        ),
        (
            "revoked-before-issued",
            "- number: A-1\n  participant: UKM-001\n  issued: 2018-02-01\n"
            "  revoked: {date: 2018-01-01, reason: x}\n",
            4,
            "revoked (2018-01-01) before it was issued (2018-02-01)",
        ),
        (
            "unknown-field",
            "- number: A-1\n  participant: UKM-001\n  issued: 2018-02-01\n  holder: Rina\n",
            4,
            "holder",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "\n" not in v and " " not in v else "",
)
def test_check_finds_what_is_wrong_in_the_register(
    ukm: Run, tmp_path: Path, fault: str, entries: str, where: int, message: str
) -> None:
    folder = finished_small(tmp_path)
    (folder / "certificates.yaml").write_text(entries, encoding="utf-8")

    checked = ukm("--data", str(folder), "check")
    refused = ukm("--data", str(folder), "certificate", "issue", "--no-pdf")

    assert checked.exit_code == 1, checked.output
    assert f"certificates.yaml:{where}:" in checked.output
    assert message in checked.output
    assert refused.exit_code == 1
    assert (folder / "certificates.yaml").read_text(encoding="utf-8") == entries


def test_check_warns_of_a_valid_certificate_of_someone_who_has_not_graduated(
    ukm: Run, tmp_path: Path
) -> None:
    folder = finished_small(tmp_path)
    (folder / "certificates.yaml").write_text(
        "- number: A-1\n  participant: UKM-001\n  issued: 2018-02-01\n"
        "- number: A-2\n  participant: UKM-002\n  issued: 2018-02-01\n"
        "- number: A-3\n  participant: UKM-002\n  issued: 2018-02-01\n"
        "  revoked: {date: 2018-02-02, reason: keliru}\n",
        encoding="utf-8",
    )

    checked = ukm("--data", str(folder), "check")
    strict = ukm("--data", str(folder), "check", "--strict")

    assert checked.exit_code == 0
    assert "certificates.yaml:4:" in checked.output
    assert "UKM-002 has not graduated" in checked.output
    assert "A-1" not in checked.output and "A-3" not in checked.output
    assert strict.exit_code == 1


def test_print_chooses_by_number_qr_text_or_participant(ukm: Run, tmp_path: Path) -> None:
    from ukmtool.core.certificates.issued import chosen
    from ukmtool.core.folder import Folder
    from ukmtool.core.reading.loader import load
    from ukmtool.errors import NotFoundError

    folder = finished_small(tmp_path)
    (folder / "certificates.yaml").write_text(
        "- number: 1/A\n  participant: UKM-001\n  issued: 2018-02-01\n"
        "  revoked: {date: 2018-02-02, reason: x}\n"
        "- number: 2/A\n  participant: UKM-001\n  issued: 2018-02-03\n",
        encoding="utf-8",
    )
    loaded = load(Folder(folder)).programme
    assert loaded is not None

    assert [c.number for c in chosen(loaded, [])] == ["2/A"]
    assert [c.number for c in chosen(loaded, ["ukm-1"])] == ["2/A"]
    assert [c.number for c in chosen(loaded, ["UKM-CERT|1/a|Pelatihan Uji"])] == ["1/A"]
    with pytest.raises(NotFoundError):
        chosen(loaded, ["UKM-002"])


def test_concurrent_issue_runs_never_give_one_number_twice(tmp_path: Path, ended: Path) -> None:
    env = {**os.environ, "UKM_LANG": "en", "UKM_LOCK_TIMEOUT": "60"}
    expected = graduates_by_the_rules(ended)
    runs = [
        subprocess.Popen(
            [
                ukm_executable(), "--data", str(ended), "certificate", "issue", "--no-pdf",
                "--date", "2018-03-20",
            ],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]  # fmt: skip
    results = [(run.wait(timeout=120), run.stdout, run.stderr) for run in runs]

    assert all(code == 0 for code, _out, _err in results), [
        err.read() for _c, _o, err in results if err is not None
    ]
    entries = register(ended)
    numbers = [e["number"] for e in entries]
    assert len(numbers) == len(set(numbers))
    assert sorted(e["participant"] for e in entries) == sorted(expected)
    assert numbers == [f"{n:03}/SERT-SP/2018" for n in range(1, len(expected) + 1)]


def test_issue_in_json_gives_each_graduate_the_day_they_completed(ukm: Run, tmp_path: Path) -> None:
    folder = finished_small(tmp_path)  # 3 of 4 sessions needed: UKM-001 completed on the 3rd

    shown = ukm(
        "--data", str(folder), "certificate", "issue", "--dry-run", "--format", "json",
        "--date", "2018-02-10",
    )  # fmt: skip

    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["dry_run"] is True and data["graduates"] == 1
    assert data["already_certified"] == 0
    assert data["issued"] == [
        {
            "number": "001/SERT-SP/2018",
            "participant": "UKM-001",
            "name": "Rina Lestari",
            "business": "Batik Sekar",
            "issued": "2018-02-10",
            "status": "valid",
            "revoked": None,
            "completed": "2018-01-22",
        }
    ]


def test_check_says_a_certificate_dated_after_today_even_when_another_file_has_errors(
    ukm: Run, tmp_path: Path
) -> None:
    folder = finished_small(tmp_path)
    (folder / "certificates.yaml").write_text(
        "- number: A-1\n  participant: UKM-001\n  issued: 2081-02-01\n"
        "- number: A-2\n  participant: UKM-002\n  issued: 2018-02-01\n"
        "  revoked: {date: 2081-02-02, reason: keliru}\n",
        encoding="utf-8",
    )
    visits = "- {participant: UKM-001, date: 2081-01-10, trainer: Ratna, hours: 1}\n"
    (folder / "visits.yaml").write_text(visits, encoding="utf-8")
    participants = folder / "participants.yaml"
    text = participants.read_text(encoding="utf-8")
    participants.write_text(text.replace("district: Cepu", "district: Nowhere", 1), "utf-8")

    checked = ukm("--lang", "en", "--data", str(folder), "check")

    assert checked.exit_code == 1
    assert "Unknown district 'Nowhere'" in checked.output
    assert "visits.yaml:1: The visit is dated 2081-01-10, after today" in checked.output
    assert "certificates.yaml:3: Certificate A-1 is dated 2081-02-01, after today" in checked.output
    assert "certificates.yaml:7: Certificate A-2 is revoked on 2081-02-02, after today" in (
        checked.output
    )
    participants.write_text(text, "utf-8")  # with nothing else wrong: each said once
    alone = ukm("--lang", "en", "--data", str(folder), "check")
    assert alone.output.count("after today") == 3, alone.output
