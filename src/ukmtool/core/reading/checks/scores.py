"""Checks of ``scores.yaml`` across files: whose scores, of which module, once each.

The model checks each value (a score from 0 to 100, whole or with one
decimal); here each entry must name a registered participant and a module of
``modules.yaml``, and be the only entry for that participant and module.  An
entry that holds neither score is a warning, and so is one for a module the
participant is exempt from: the exemption says they did not take the module,
so its averages leave the score out (the exemption or the score is wrong).
"""

from __future__ import annotations

from ukmtool.core.reading.checks.given import Given
from ukmtool.core.suggest import did_you_mean
from ukmtool.core.yamlio.reader import LMap
from ukmtool.diagnostics import Collector
from ukmtool.i18n import _

SCORES = ("pre", "post")
"""The fields of an entry that hold a score."""


def check_scores(given: Given, out: Collector) -> None:
    """Whose scores, of which module, once for each participant and module."""
    root = given.sources.scores
    if root is None:
        return
    path = given.folder.scores
    registered = given.participants_by_id
    modules = given.modules_by_id
    first: dict[tuple[str, str], int] = {}
    for item in root:
        if not isinstance(item, LMap):
            continue
        pid = _text(item.get("participant"))
        module = _text(item.get("module"))
        participant = registered.get(pid) if pid is not None else None
        if pid is not None and participant is None and given.unregistered(pid):
            where = (item.value_line("participant"), item.value_column("participant"))
            given.report_unregistered(out, path, where, pid)
        known = module is not None and module in modules
        listed = given.listed_modules  # an entry with errors of its own is "there"
        if module is not None and not known and listed is not None and module not in listed:
            out.error(
                path,
                item.value_line("module"),
                _("Unknown module '{module}'.").format(module=module),
                column=item.value_column("module"),
                hint=did_you_mean(module, modules)
                or _("The modules are: {ids}.").format(ids=", ".join(modules) or "-"),
            )
        if pid is not None and module is not None:
            key = (pid, module)
            if key in first:
                out.error(
                    path,
                    item.line,
                    _("{id} has two entries for {module} (the first at line {line}).").format(
                        id=pid, module=module, line=first[key]
                    ),
                    hint=_(
                        "Keep one entry a participant and module, with its pre and post: "
                        "merge them into one."
                    ),
                )
            else:
                first[key] = item.line
        if not any(_given(item.get(name)) for name in SCORES):
            out.warning(
                path,
                item.line,
                _("This entry holds no score."),
                hint=_("Give pre or post (or both), or remove the entry."),
            )
        elif participant is not None and known and module in participant.exempt:
            out.warning(
                path,
                item.line,
                _(
                    "{id} is exempt from {module}; the module's averages leave this score out."
                ).format(id=pid, module=module),
                hint=_(
                    "If they took the module, take the exemption back "
                    "(`ukm edit {id} --no-exempt {module}`); else remove the score."
                ).format(id=pid, module=module),
            )


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
