"""Never a stale answer: after writes and hand edits the cached load is a load from scratch.

Each write (``attend``, ``register``, ``visit``, ``measure``) leaves the cache
true for what it wrote, so the next load parses nothing; each hand edit,
even one that keeps the file's size, modification time and inode (written in
place within the same second, or with its time put back), is seen, and only
the file edited is parsed again.  After every step the cached answer is
compared with a load from scratch, field by field and diagnostic by
diagnostic (``tests.kit.loads``).
"""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.kit.benchgen import generate
from tests.kit.helpers import Run, programme, ukm_executable
from tests.kit.loads import cached_equals_fresh, edit_keeping_size_and_mtime
from ukmtool.core.folder import Folder
from ukmtool.core.reading import loader

STARTS = generate.STARTS


def folder_of(tmp_path: Path, n: int = 40) -> Path:
    """A generated programme (attendance, indicators and visits), its cache primed."""
    root = generate.generate(n, tmp_path / f"p{n}")
    loader.load(Folder(root))
    return root


def day(offset: int) -> str:
    return (STARTS + timedelta(days=offset)).isoformat()


REGISTER = ["register", "--business", "Warung Uji Coba", "--owner", "Sri Uji", "--gender", "F",
            "--sector", "kuliner", "--district", "Cepu"]  # fmt: skip
WRITES: dict[str, list[str]] = {
    "attend, a sheet rewritten": ["attend", "keuangan", "-s", "1", "--status", "late", "UKM-001"],
    "attend, a session added": ["attend", "keuangan", "-s", "8", "UKM-002", "UKM-003"],
    "register": [*REGISTER, "--registered", day(0)],
    "visit": ["visit", "UKM-002", "--date", day(300), "--trainer", "Ratna Dewi", "--hours", "1"],
    "measure": ["measure", "UKM-003", "--date", day(320), "--employees", "4"],
    "edit": ["edit", "UKM-004", "--owner", "Sri Diubah", "--phone", "081234567891"],
    "edit, a registration date": ["edit", "UKM-004", "--registered", day(2)],
    "tag": ["tag", "add", "unggulan", "UKM-001..UKM-005"],
}


@pytest.mark.parametrize("write", list(WRITES))
def test_after_a_write_the_next_load_parses_nothing(write: str, ukm: Run, tmp_path: Path) -> None:
    root = folder_of(tmp_path)
    result = ukm("--data", str(root), *WRITES[write])
    assert result.exit_code == 0, result.output

    did = cached_equals_fresh(root)

    assert did["parsed"] == [], "the write left the cache true for what it wrote"
    assert did["ran"] == [], "no check had to read a file again"


@pytest.mark.parametrize("write", ["edit", "edit, a registration date", "tag"])
def test_after_a_change_in_a_long_list_the_next_load_parses_nothing(
    write: str, ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long participants.yaml changed reading only the changed entries: the cache stays true."""
    from ukmtool.core.files import list_file

    root = folder_of(tmp_path, 300)  # longer than a list's two ends: its entries are counted

    def whole(*args: object, **kwargs: object) -> str:
        raise AssertionError("the whole list was parsed")

    original = list_file._change_whole
    monkeypatch.setattr(list_file, "_change_whole", whole)
    result = ukm("--data", str(root), *WRITES[write])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(list_file, "_change_whole", original)

    did = cached_equals_fresh(root)

    assert did["parsed"] == [], "the write left the cache true for what it wrote"
    if write != "edit, a registration date":  # who is registered when: checks run again
        assert did["ran"] == [], "no check had to read a file again"


def test_writes_one_after_another_chain_and_compact(
    ukm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each write a delta over the last; a long chain is stored whole again, same answer.

    Whichever load meets the long chain first compacts it: the check below, or a
    command's own (``register`` loads the folder; the commands run in this process).
    """
    from ukmtool.core.reading import filecache, imprints

    monkeypatch.setattr(imprints, "MAX_CHAIN", 3)
    root = folder_of(tmp_path)
    compacted: list[str] = []
    compact = filecache.Files._compact

    def counted(files: filecache.Files, found: Any) -> None:
        compacted.append(found.name)
        compact(files, found)

    monkeypatch.setattr(filecache.Files, "_compact", counted)
    for n in range(1, 8):
        status = "late" if n % 2 else "present"
        assert ukm("--data", str(root), "attend", "keuangan", "-s", str(n), "--status", status,
                   f"UKM-{n:03d}").exit_code == 0  # fmt: skip
        assert ukm("--data", str(root), *REGISTER, "--business", f"Warung {n}", "--owner",
                   f"Sri {n}", "--registered", day(n)).exit_code == 0  # fmt: skip
        did = cached_equals_fresh(root)
        assert did["parsed"] == []
    assert compacted, "chains longer than MAX_CHAIN were stored whole again"


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("attendance/keuangan.yaml", b"UKM-001, UKM-002", b"UKM-002, UKM-001"),  # mid-sheet
        ("participants.yaml", b"registered: 2024-01-08", b"registered: 2024-12-08"),  # an entry
        ("indicators.yaml", b"employees: 1", b"employees: 7"),
        ("visits.yaml", b"hours: 1.5", b"hours: 9.5"),
    ],
)
def test_a_hand_edit_keeping_size_mtime_and_inode_is_seen(
    file: str, old: bytes, new: bytes, tmp_path: Path
) -> None:
    root = folder_of(tmp_path)
    edit_keeping_size_and_mtime(root / file, old, new)

    did = cached_equals_fresh(root)

    assert did["parsed"][:1] == [file], "the file edited is read again, first"


def test_a_hand_edit_of_the_last_entry_within_the_same_second_is_seen(tmp_path: Path) -> None:
    root = folder_of(tmp_path)
    path = root / "participants.yaml"
    text = path.read_bytes()
    last = text.rindex(b"  owner: ")
    edit_keeping_size_and_mtime(path, text[last : last + 12], b"  owner: Xyz")
    assert cached_equals_fresh(root)["parsed"] == ["participants.yaml"]


@pytest.mark.parametrize("write", ["attend, a sheet rewritten", "register", "visit"])
def test_a_hand_edit_right_after_a_write_is_seen(write: str, ukm: Run, tmp_path: Path) -> None:
    """The seed is on disk, but the bytes are no longer the bytes it was stored for."""
    root = folder_of(tmp_path)
    assert ukm("--data", str(root), *WRITES[write]).exit_code == 0
    file = {"register": "participants.yaml", "visit": "visits.yaml"}.get(
        write, "attendance/keuangan.yaml"
    )
    path = root / file
    data = path.read_bytes()
    if file.startswith("attendance"):  # in the very sheet written: two ids swapped
        at = data.index(b"late: [UKM-001")
        edit_keeping_size_and_mtime(path, data[at : at + 14], b"late: [UKM-004")
    else:  # in the entry just written
        at = data.rindex(b"Warung Uji Coba" if write == "register" else b"hours: 1")
        edit_keeping_size_and_mtime(path, data[at : at + 8], data[at : at + 8].upper())

    did = cached_equals_fresh(root)

    assert did["parsed"] == [file]


def test_a_file_put_back_with_its_old_mtime_is_seen(ukm: Run, tmp_path: Path) -> None:
    """cp -p, rsync -t, an unzip or a sync client put back older bytes with their old time."""
    root = folder_of(tmp_path)
    path = root / "attendance" / "keuangan.yaml"
    older, when = path.read_bytes(), path.stat()
    assert ukm("--data", str(root), *WRITES["attend, a sheet rewritten"]).exit_code == 0
    cached_equals_fresh(root)
    path.write_bytes(older)
    os.utime(path, ns=(when.st_atime_ns, when.st_mtime_ns))

    did = cached_equals_fresh(root)

    assert did["parsed"] == [], "those bytes' imprint is still there: their own answer"


def test_an_imprint_is_reused_in_another_folder_with_that_folder_s_own_answer(
    tmp_path: Path,
) -> None:
    """Purity: what a file's bytes give depends on nothing else; the checks across files rerun."""
    first = folder_of(tmp_path)
    other = programme(tmp_path / "other")
    (other / "attendance" / "keuangan.yaml").write_bytes(
        (first / "attendance" / "keuangan.yaml").read_bytes()
    )
    for name in ("participants.yaml", "indicators.yaml"):
        (other / name).write_bytes((first / name).read_bytes())
    loader.load(Folder(other))
    did = cached_equals_fresh(other)
    assert did["parsed"] == []
    result = loader.load(Folder(other))
    assert any("no module 'keuangan'" not in d.message for d in result.diagnostics)


def test_seeds_are_refused_where_the_writer_read_the_whole_file_back(
    ukm: Run, tmp_path: Path
) -> None:
    """An unusual layout is read back whole: no seed; the next load parses that one file."""
    root = folder_of(tmp_path)
    path = root / "attendance" / "keuangan.yaml"
    path.write_bytes(b"---\n" + path.read_bytes().replace(b"\n1:\n", b"\n? 1\n:\n"))
    cached_equals_fresh(root)
    assert ukm("--data", str(root), *WRITES["attend, a sheet rewritten"]).exit_code == 0

    did = cached_equals_fresh(root)

    assert did["parsed"] in ([], ["attendance/keuangan.yaml"])


@pytest.mark.parametrize("start", ["bom", "null"])
def test_a_list_file_with_a_bom_or_holding_only_null_gets_a_right_answer(
    start: str, ukm: Run, tmp_path: Path
) -> None:
    root = folder_of(tmp_path)
    path = root / "visits.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() if start == "bom" else b"~\n")
    cached_equals_fresh(root)
    assert ukm("--data", str(root), *WRITES["visit"]).exit_code == 0
    cached_equals_fresh(root)


@pytest.mark.posix_only
@pytest.mark.slow
def test_a_load_between_the_replace_and_the_seed_answers_right(tmp_path: Path) -> None:
    """Another ukm reads the folder while a writer stands between its write and its seed."""
    root = generate.generate(200, tmp_path / "p200")
    env = {**os.environ, "UKM_CACHE_DIR": str(tmp_path / "cache"), "UKM_LANG": "en"}
    check = [ukm_executable(), "--data", str(root), "check", "--format", "json"]
    assert subprocess.run(check, env=env, capture_output=True, check=False).returncode == 0
    writer = subprocess.Popen(
        [ukm_executable(), "--data", str(root), *WRITES["attend, a sheet rewritten"]],
        env={**env, "UKM_TEST_PAUSE_AT": "replaced"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _pid, status = os.waitpid(writer.pid, os.WUNTRACED)  # it stops right after the replace
        assert os.WIFSTOPPED(status), "the writer ended before its pause point"
        meanwhile = subprocess.run(check, env=env, capture_output=True, check=False)
        fresh = subprocess.run(
            check, env={**env, "UKM_NO_CACHE": "1"}, capture_output=True, check=False
        )
        assert meanwhile.stdout == fresh.stdout
    finally:
        writer.send_signal(signal.SIGCONT)
        writer.communicate(timeout=60)
    assert writer.returncode == 0
    after = subprocess.run(check, env=env, capture_output=True, check=False)
    fresh = subprocess.run(
        check, env={**env, "UKM_NO_CACHE": "1"}, capture_output=True, check=False
    )
    assert after.stdout == fresh.stdout


class WritesAndHandEdits(RuleBasedStateMachine):
    """Random writes by ukm and hand edits by a person; the cached answer is always right."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path()
        self.run = Run()
        self.versions: dict[str, tuple[bytes, int]] = {}

    @initialize()
    def folder(self) -> None:
        import tempfile

        self.root = generate.generate(12, Path(tempfile.mkdtemp(prefix="ukm-stale-")) / "p")
        loader.load(Folder(self.root))

    def _ukm(self, *args: str) -> None:
        self.run("--data", str(self.root), *args)  # refused or not: the files are what they are

    @rule(session=st.integers(1, 8), status=st.sampled_from(["present", "late", "absent"]),
          who=st.integers(1, 14))  # fmt: skip
    def attend(self, session: int, status: str, who: int) -> None:
        self._ukm("attend", "keuangan", "-s", str(session), "--status", status, f"UKM-{who:03d}")

    @rule(offset=st.integers(0, 400))
    def register(self, offset: int) -> None:
        self._ukm(*REGISTER, "--business", f"Usaha {offset}", "--registered", day(offset))

    @rule(who=st.integers(1, 14), offset=st.integers(-10, 340))
    def visit(self, who: int, offset: int) -> None:
        self._ukm("visit", f"UKM-{who:03d}", "--date", day(offset), "--trainer", "Bedo",
                  "--hours", "1", "--allow-duplicate")  # fmt: skip

    @rule(who=st.integers(1, 14), offset=st.integers(-10, 400))
    def measure(self, who: int, offset: int) -> None:
        self._ukm("measure", f"UKM-{who:03d}", "--date", day(offset), "--employees", "2")

    @rule(who=st.integers(1, 14), offset=st.one_of(st.none(), st.integers(0, 60)))
    def edit(self, who: int, offset: int | None) -> None:
        change = ["--owner", f"Pemilik {who}"] if offset is None else ["--registered", day(offset)]
        self._ukm("edit", f"UKM-{who:03d}", *change)

    @rule(first=st.integers(1, 14), last=st.integers(1, 14), remove=st.booleans())
    def tag(self, first: int, last: int, remove: bool) -> None:
        self._ukm(
            "tag", "remove" if remove else "add", "binaan", f"UKM-{first:03d}..UKM-{last:03d}"
        )

    def _files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.yaml") if p.is_file())

    @rule(data=st.data())
    def swap_two_ids(self, data: Any) -> None:
        """Two ids swapped in place in some file: same size, time and inode."""
        path = data.draw(st.sampled_from(self._files()))
        text = path.read_bytes()
        ids = sorted(set(__import__("re").findall(rb"UKM-\d{3}", text)))
        if len(ids) < 2:
            return
        one, two = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        before = path.stat()
        path.write_bytes(text.replace(one, b"\0").replace(two, one).replace(b"\0", two))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    @rule(data=st.data())
    def change_a_date(self, data: Any) -> None:
        path = data.draw(st.sampled_from(self._files()))
        text = path.read_bytes()
        at = text.find(b"2024-0")
        if at >= 0:
            edit_keeping_size_and_mtime(path, text[at : at + 6], b"2024-1")

    @rule(data=st.data())
    def keep_a_version(self, data: Any) -> None:
        path = data.draw(st.sampled_from(self._files()))
        self.versions[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)

    @rule(data=st.data())
    def put_back_a_version(self, data: Any) -> None:
        if not self.versions:
            return
        name = data.draw(st.sampled_from(sorted(self.versions)))
        old, mtime = self.versions[name]
        Path(name).write_bytes(old)
        os.utime(name, ns=(mtime, mtime))

    @rule(data=st.data())
    def remove_an_entry(self, data: Any) -> None:
        """A participant (or visit, measurement) taken out by hand: nobody grew."""
        name = data.draw(st.sampled_from(["participants.yaml", "visits.yaml", "indicators.yaml"]))
        path = self.root / name
        text = path.read_bytes()
        at = text.rfind(b"\n- ")
        if at > 0:
            end = text.find(b"\n- ", at + 1)
            path.write_bytes(text[:at] + (text[end:] if end > 0 else b"\n"))

    @rule()
    def append_a_participant_by_hand(self) -> None:
        entry = (
            b"\n- id: UKM-900\n  business: Tangan\n  owner: Ani\n  gender: F\n"
            b"  sector: batik\n  district: Blora\n  registered: 2024-02-01\n"
        )
        with open(self.root / "participants.yaml", "ab") as handle:
            handle.write(entry)

    @rule()
    def break_and_mend_a_sheet(self) -> None:
        path = self.root / "attendance" / "k3.yaml"
        text = path.read_bytes()
        path.write_bytes(text + b"\n  oops: [\n")
        cached_equals_fresh(self.root)
        path.write_bytes(text)

    @rule()
    def add_and_remove_files(self) -> None:
        extra = self.root / "attendance" / "Keuangan.yaml"
        if extra.exists():
            extra.unlink()
            (self.root / "visits.yaml").write_text("", encoding="utf-8")
        else:
            extra.write_text("1:\n  present: [UKM-001]\n", encoding="utf-8")

    @invariant()
    def cached_is_fresh(self) -> None:
        if self.root != Path():
            cached_equals_fresh(self.root)


WritesAndHandEdits.TestCase.settings = settings(
    max_examples=int(os.environ.get("UKM_STALE_EXAMPLES", "8")),
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_writes_and_hand_edits_never_give_a_stale_answer = WritesAndHandEdits.TestCase


def test_a_sheet_with_a_standing_warning_is_read_alone_after_a_write(
    ukm: Run, tmp_path: Path
) -> None:
    """A warning names lines: after a write that moved them, only that session is read again."""
    root = folder_of(tmp_path)
    people = root / "participants.yaml"
    text = people.read_bytes()
    at = text.index(b"registered: ", text.index(b"- id: UKM-005"))
    people.write_bytes(text[:at] + b"registered: 2024-04-01" + text[at + 22 :])  # after session 1
    first = cached_equals_fresh(root)
    assert any(
        "UKM-005 is marked at session" in d.message for d in loader.load(Folder(root)).warnings
    )
    assert first["parsed"] == ["participants.yaml"]
    sheet = root / "attendance" / "manajemen.yaml"
    before = sheet.read_bytes()

    assert ukm("--data", str(root), "attend", "manajemen", "-s", "1", "--status", "absent",
               *(f"UKM-{n:03d}" for n in range(10, 41))).exit_code == 0  # fmt: skip
    assert sheet.read_bytes().count(b"\n") != before.count(b"\n"), "the later sessions moved"
    did = cached_equals_fresh(root)

    assert did["parsed"] == []
    assert did["regions"], "sessions whose warnings moved were read alone"


@pytest.mark.parametrize(
    ("file", "warning", "write"),
    [
        ("visits.yaml", "two visits on", "visit"),
        ("indicators.yaml", "holds no figures", "measure"),
    ],
)
def test_a_list_with_a_standing_warning_checks_only_what_a_write_appended(
    file: str, warning: str, write: str, ukm: Run, tmp_path: Path
) -> None:
    """The old entries' findings stand (their lines did not move); the new ones are checked."""
    root = folder_of(tmp_path)
    path = root / file
    text = path.read_bytes()
    first = text.index(b"- participant:")
    second = text.index(b"- participant:", first + 1)
    if file == "visits.yaml":  # the first visit written twice: two visits on one day
        path.write_bytes(text + b"\n" + text[first:second])
    else:  # a measurement with no figure at all
        path.write_bytes(text + b"\n- participant: UKM-001\n  date: 2024-12-31\n")
    loader.load(Folder(root))
    assert any(warning in d.message for d in loader.load(Folder(root)).warnings)

    assert ukm("--data", str(root), *WRITES[write]).exit_code == 0
    did = cached_equals_fresh(root)

    assert did["parsed"] == [] and did["ran"] == []
    assert did["grew"] == [file.removesuffix(".yaml")]
    assert any(warning in d.message for d in loader.load(Folder(root)).warnings)


def test_certificates_issued_then_revoked_leave_the_cache_true(ukm: Run, sample: Path) -> None:
    """certificates.yaml: a first issue makes the file, a second appends, a revoke changes one."""
    from tests.kit.certificates import finish_programme

    finish_programme(sample)
    (sample / "certificates.yaml").write_text(
        "# highest number given (ukm keeps this line): 0\n", encoding="utf-8"
    )
    cached_equals_fresh(sample)
    issued = ukm("--data", str(sample), "certificate", "issue", "--no-pdf", "--date", "2018-03-20")
    assert issued.exit_code == 0, issued.output
    assert cached_equals_fresh(sample)["parsed"] == []
    revoked = ukm("--data", str(sample), "certificate", "revoke", "005/SERT-SP/2018",
                  "--reason", "salah nama", "--date", "2018-04-02")  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    assert cached_equals_fresh(sample)["parsed"] == []


def test_scores_and_exemptions_leave_the_cache_true(ukm: Run, sample: Path) -> None:
    """scores.yaml: an append and a correction seed the cache; an exemption reruns its check.

    The check of scores.yaml warns of a score in a module the participant is
    exempt from: it reads participants.yaml's exemptions, so an exemption
    given or taken back runs it again (``checks.Reads.exemptions``).
    """
    cached_equals_fresh(sample)
    added = ukm("--data", str(sample), "score", "pemasaran", "pre", "UKM-001=40", "UKM-002=55")
    assert added.exit_code == 0, added.output
    did = cached_equals_fresh(sample)
    assert did["parsed"] == [] and did["ran"] == []
    corrected = ukm("--data", str(sample), "score", "pemasaran", "pre", "UKM-001=45", "--replace")
    assert corrected.exit_code == 0, corrected.output
    did = cached_equals_fresh(sample)
    assert did["parsed"] == [] and did["ran"] == []
    warned = "UKM-001 is exempt from pemasaran"
    exempt = ukm("--data", str(sample), "edit", "UKM-001", "--exempt", "pemasaran", "--reason", "x")
    assert exempt.exit_code == 0, exempt.output
    cached_equals_fresh(sample)
    assert warned in ukm("--data", str(sample), "check").output
    back = ukm("--data", str(sample), "edit", "UKM-001", "--no-exempt", "pemasaran")
    assert back.exit_code == 0, back.output
    cached_equals_fresh(sample)
    assert warned not in ukm("--data", str(sample), "check").output
