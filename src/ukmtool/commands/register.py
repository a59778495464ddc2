"""``ukm register``: one business at the desk, or the whole list a district office sent."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ukmtool.commands.common import (
    NoInputOption,
    TextFormat,
    TextFormatOption,
    can_ask,
    refuse_combined,
    state,
    statuses_option,
)
from ukmtool.errors import InputUsageError, UsageError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from ukmtool.core.folder import Folder
    from ukmtool.core.importing.plan import Imported
    from ukmtool.core.writing.carry import Returning
    from ukmtool.core.writing.participant import Entry
    from ukmtool.core.writing.register import Outcome
    from ukmtool.render.progress import Stages

FLAGS: dict[str, str] = {
    "id": "--id",
    "business": "--business",
    "owner": "--owner",
    "gender": "--gender",
    "sector": "--sector",
    "district": "--district",
    "village": "--village",
    "address": "--address",
    "phone": "--phone",
    "employees": "--employees",
    "monthly_sales": "--sales",
    "capital": "--capital",
    "nik": "--nik",
    "nib": "--nib",
    "registered": "--registered",
    "tags": "--tag",
    "notes": "--notes",
}
"""The option that gives each field."""


class Baseline(StrEnum):
    """What ``--baseline`` takes."""

    latest = "latest"


def register(
    ctx: typer.Context,
    business: Annotated[
        str | None, typer.Option("--business", help=_("The business's name."), show_default=False)
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help=_("The owner's name."), show_default=False)
    ] = None,
    gender: Annotated[
        str | None,
        typer.Option(
            "--gender",
            metavar="F|M",
            help=_("The owner's gender: F or M (P or L also taken)."),
            show_default=False,
        ),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option("--sector", help=_("One of program.yaml's sectors."), show_default=False),
    ] = None,
    district: Annotated[
        str | None,
        typer.Option("--district", help=_("One of program.yaml's districts."), show_default=False),
    ] = None,
    village: Annotated[
        str | None, typer.Option("--village", help=_("The village (desa)."), show_default=False)
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option(
            "--phone",
            help=_("0812-3456-7890, +62 812 3456 7890 or 62812...; stored as 0812..."),
            show_default=False,
        ),
    ] = None,
    employees: Annotated[
        str | None,
        typer.Option(
            "--employees", metavar="N", help=_("How many people work there."), show_default=False
        ),
    ] = None,
    nik: Annotated[
        str | None,
        typer.Option("--nik", help=_("The owner's 16-digit NIK."), show_default=False),
    ] = None,
    nib: Annotated[
        str | None,
        typer.Option(
            "--nib",
            help=_("The business's 13-digit NIB (Nomor Induk Berusaha, from OSS)."),
            show_default=False,
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option("--address", help=_("The street address (alamat)."), show_default=False),
    ] = None,
    sales: Annotated[
        str | None,
        typer.Option(
            "--sales",
            metavar="RUPIAH",
            help=_(
                "Sales a month (omzet) when registering, the baseline: 15000000, "
                "15.000.000, Rp15jt, 1,5 juta."
            ),
            show_default=False,
        ),
    ] = None,
    capital: Annotated[
        str | None,
        typer.Option(
            "--capital",
            metavar="RUPIAH",
            help=_("Capital (modal usaha) without land and buildings, when registering."),
            show_default=False,
        ),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option("--notes", help=_("Notes (keterangan)."), show_default=False),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", help=_("A tag, such as unggulan; repeat for more."), show_default=False
        ),
    ] = None,
    registered: Annotated[
        str | None,
        typer.Option(
            "--registered",
            metavar="YYYY-MM-DD",
            help=_(
                "The day of registration. Default: today (with --from: for rows without one), "
                "but never after the programme's end."
            ),
            show_default=False,
        ),
    ] = None,
    pid: Annotated[
        str | None,
        typer.Option(
            "--id", help=_("The id to give. Default: the next free UKM-NNN."), show_default=False
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help=_(
                "Import every row of a .csv or .xlsx file instead, or bring back last year's "
                "businesses from its folder (or its participants.yaml)."
            ),
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help=_(
                "With --from: the sheet of the .xlsx that holds the list. Default: the one "
                "whose headers fit."
            ),
            show_default=False,
        ),
    ] = None,
    skip_column: Annotated[
        list[str] | None,
        typer.Option(
            "--skip-column",
            metavar="HEADER",
            help=_("With --from: leave out the column with this header; repeat for more."),
            show_default=False,
        ),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help=_("Register likely duplicates (same phone, NIK, or business and owner) too."),
        ),
    ] = False,
    skip_duplicates: Annotated[
        bool,
        typer.Option(
            "--skip-duplicates",
            help=_(
                "With --from: leave out the likely duplicates (each one named) and register "
                "the rest."
            ),
        ),
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=_(
                "With --from OLD: bring back only those who stand so in OLD: graduated, "
                "not-graduated, failed, missed; repeat for several."
            ),
            show_default=False,
        ),
    ] = None,
    tagged: Annotated[
        list[str] | None,
        typer.Option(
            "--tagged",
            metavar="TAG",
            help=_("With --from OLD: bring back only those OLD tagged so; repeat for several."),
            show_default=False,
        ),
    ] = None,
    baseline: Annotated[
        Baseline | None,
        typer.Option(
            "--baseline",
            help=_(
                "With --from OLD: latest takes each business's latest figures measured in OLD "
                "as its new baseline."
            ),
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show what would be added; write nothing.")),
    ] = False,
    no_input: NoInputOption = False,
    output_format: TextFormatOption = TextFormat.text,
    show_nik: Annotated[
        bool, typer.Option("--show-nik", help=_("Show NIKs in full instead of masked."))
    ] = False,
) -> None:
    """Register a participant, or import a list of them from a spreadsheet."""
    from ukmtool.render.commands import register as view

    as_json = output_format is TextFormat.json
    given = {
        "id": pid,
        "business": business,
        "owner": owner,
        "gender": gender,
        "sector": sector,
        "district": district,
        "village": village,
        "phone": phone,
        "employees": employees,
        "monthly_sales": sales,
        "capital": capital,
        "nik": nik,
        "nib": nib,
        "address": address,
        "notes": notes,
    }
    if allow_duplicate and skip_duplicates:
        raise UsageError(_("--allow-duplicate and --skip-duplicates cannot be combined."))
    if source is None:
        without = [
            flag
            for flag, value in (
                ("--sheet", sheet),
                ("--skip-column", skip_column),
                ("--skip-duplicates", skip_duplicates),
            )
            if value
        ]
        if without:
            raise UsageError(
                _("{flags} only apply to an import (--from FILE).").format(flags=", ".join(without))
            )
    back = _Back(statuses_option(status), tuple(tagged or ()), baseline is not None)
    if back.given and not (source is not None and _is_programme(source)):
        raise UsageError(
            _("{flags} only apply to bringing back last year's businesses (--from OLD).").format(
                flags=", ".join(
                    flag
                    for flag, value in (
                        ("--status", status),
                        ("--tagged", tagged),
                        ("--baseline", baseline),
                    )
                    if value
                )
            ),
            hint=_("OLD is last year's programme folder, or its participants.yaml."),
        )
    how = _How(state(ctx).folder(), allow_duplicate, dry_run, as_json, skip_duplicates)
    imported = None
    returning = None
    if source is not None:
        outcome, imported, returning = _import_rows(
            how, source, given, registered, tag or [], (sheet, skip_column or []), back
        )
    else:
        values = {name: value for name, value in given.items() if value is not None}
        if registered is not None:
            values["registered"] = registered
        outcome = _register_one(how, values, tuple(tag or ()), no_input)
    view.show(
        outcome,
        source=source,
        imported=imported,
        dry_run=dry_run,
        as_json=as_json,
        show_nik=show_nik,
        returning=returning,
    )
    _say_earlier(how.folder, outcome, source)


def _say_earlier(folder: "Folder", outcome: "Outcome", source: Path | None) -> None:
    """Name the businesses just registered that took part in a programme of ``earlier``.

    The programme they are brought back from (``--from OLD``) is not named: that is known.
    ``earlier`` is the one the registration read (no second load of the folder).
    """
    if not outcome.added or not outcome.earlier:
        return
    from ukmtool.core.across.earlier import earlier_programmes, returned
    from ukmtool.render.commands.many import say_returned

    earlier = earlier_programmes(folder.root, outcome.earlier)
    if source is not None:
        origin = (source.parent if source.suffix.lower() in (".yaml", ".yml") else source).resolve()
        earlier = [one for one in earlier if one.programme.folder.root.resolve() != origin]
    from ukmtool.diagnostics import display_path

    shown = [display_path(folder.root), *(one.shown for one in earlier)]
    say_returned(returned(outcome.added, earlier), shown)


@dataclass(frozen=True)
class _Back:
    """Whom ``--from OLD`` brings back, and with which baseline."""

    statuses: tuple[str, ...]
    tagged: tuple[str, ...]
    latest: bool

    @property
    def given(self) -> bool:
        return bool(self.statuses or self.tagged or self.latest)


def _is_programme(source: Path) -> bool:
    """Whether ``--from`` names last year's folder (or its participants.yaml), not a list."""
    return source.is_dir() or source.suffix.lower() in (".yaml", ".yml")


@dataclass(frozen=True)
class _How:
    """What both ways of registering share: where, and the options that shape the write."""

    folder: "Folder"
    allow_duplicate: bool
    dry_run: bool
    as_json: bool
    skip_duplicates: bool = False


def _import_rows(
    how: _How,
    source: Path,
    given: dict[str, str | None],
    registered: str | None,
    tags: list[str],
    where: tuple[str | None, list[str]],
    back: _Back,
) -> "tuple[Outcome, Imported | None, Returning | None]":
    """``--from FILE``: every row of a district's list, all of them or none.

    Also returns what was read of the file (the sheet, the columns, the rows
    and values left out or read otherwise) for the report, or of OLD (whom
    it brings back, the baselines).
    """
    from ukmtool.core.writing import register as registration
    from ukmtool.core.writing.participant import with_defaults
    from ukmtool.render.progress import stages

    refuse_combined(
        [FLAGS[name] for name, value in given.items() if value is not None],
        _("--from imports every row of the file; it cannot be combined with {flags}."),
        _("Put those values in the file's columns instead."),
    )
    _check_defaults(registered, tags)
    with stages(enabled=not how.as_json) as bars:
        imported, returning, entries = _rows(source, bars, where, back)
        entries = with_defaults(entries, tags=tags, registered=registered)
        outcome = registration.register(
            how.folder,
            entries,
            allow_duplicate=how.allow_duplicate,
            skip_duplicates=how.skip_duplicates,
            dry_run=how.dry_run,
            progress=bars.loading() if bars else None,
            checking=bars.rows(_("Checking the rows")) if bars else None,
        )
    assert isinstance(outcome, registration.Outcome)  # no settle: never Pending
    return outcome, imported, returning


def _register_one(
    how: _How, values: dict[str, str], tags: tuple[str, ...], no_input: bool
) -> "Outcome":
    """One business at the desk (``commands/desk``): asked for what is missing when one can ask."""
    from ukmtool.commands import desk

    return desk.register_one(
        how.folder,
        values,
        tags,
        FLAGS,
        ask=can_ask() and not no_input,
        no_input=no_input,
        allow_duplicate=how.allow_duplicate,
        dry_run=how.dry_run,
        as_json=how.as_json,
    )


def _check_defaults(registered: str | None, tags: list[str]) -> None:
    """--registered and --tag apply to every imported row: refuse them once if wrong."""
    from ukmtool.core.fields import ValueProblem, text
    from ukmtool.core.values.dates import day

    problems = []
    for flag, value, check in [("--registered", registered, day)] + [
        ("--tag", t, text) for t in tags
    ]:
        if value is None:
            continue
        try:
            check(value)
        except ValueProblem as problem:
            hint = f" {problem.hint}" if problem.hint else ""
            problems.append(
                _("{flag}: {message}").format(flag=flag, message=problem.message) + hint
            )
    if problems:
        raise InputUsageError(_("Nothing was registered:"), problems)


def _rows(
    source: Path, bars: "Stages | None", where: tuple[str | None, list[str]], back: _Back
) -> "tuple[Imported | None, Returning | None, list[Entry]]":
    """The rows of a list (.csv, .xlsx) and what was read of it, or of last year's folder.

    A list's masked NIKs (as ``ukm participants`` exports them) are left out,
    each with a note on stderr.  From OLD: those ``back`` chooses (by their
    status in OLD, by tag), with OLD's latest figures when asked.
    """
    from ukmtool.core.importing import plan as importing
    from ukmtool.core.writing import carry
    from ukmtool.render.messages import note

    sheet, skip_columns = where
    if _is_programme(source):
        if sheet is not None or skip_columns:
            raise UsageError(_("--sheet and --skip-column are for a .csv or .xlsx list."))
        old = carry.old_programme(source)
        only: set[str] | None = None
        chosen_by: tuple[str, ...] = ()
        if back.statuses or back.tagged:
            from ukmtool.core.reports.selection import Selection, choose, described

            selection = Selection(back.statuses, tags=back.tagged)
            only = {p.id for p in choose(old, selection)}
            chosen_by = tuple(described(selection))
        returning = carry.returning(old, only=only, baseline=back.latest, chosen_by=chosen_by)
        return None, returning, returning.entries
    imported = importing.read(
        source,
        worksheet=sheet,
        skip_columns=skip_columns,
        progress=bars.rows(_("Reading {name}").format(name=source.name)) if bars else None,
    )
    rows, notes = carry.without_masked_niks(imported.entries)
    for line in notes:
        note(line)
    return imported, None, rows
