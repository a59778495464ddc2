"""What commands over several programme folders say about folders left out."""

from __future__ import annotations

from ukmtool.core.across.earlier import Returned
from ukmtool.core.programme import LeftOut
from ukmtool.i18n import _, before_stop
from ukmtool.render.messages import note


def say_left_out(left_out: list[LeftOut]) -> None:
    """Name each folder left out, with its first error, on stderr."""
    for left in left_out:
        note(
            _("Left out {folder}: {reason}.").format(
                folder=left.shown, reason=before_stop(left.reason())
            )
            + " "
            + _("Run `ukm --data {folder} check` and fix what it lists.").format(folder=left.shown)
        )


SHOWN_RETURNED = 20
"""At most this many businesses named one by one after a registration."""


def say_returned(returned: list[Returned], folders: list[str]) -> None:
    """Name each business just registered that took part in an earlier programme (stderr).

    ``folders`` are the programme's folder and its earlier ones, as a command names them.
    """
    from ukmtool.core.tables.history import matched_word

    for found in returned[:SHOWN_RETURNED]:
        p = found.participant
        for member in found.earlier:
            entry = member.entry
            note(
                _(
                    "{id} {business} took part in {programme} ({folder}) as {earlier_id}, "
                    "matched by {what}."
                ).format(
                    id=p.id,
                    business=p.business,
                    programme=entry.loaded.programme.settings.name,
                    folder=entry.loaded.shown,
                    earlier_id=entry.participant.id,
                    what=matched_word(member.matched_by),
                )
            )
    if len(returned) > SHOWN_RETURNED:
        note(
            _("... and {count} more businesses of earlier programmes.").format(
                count=len(returned) - SHOWN_RETURNED
            )
        )
    if returned:
        note(
            _("`ukm compare --returning {folders}` lists them with their figures.").format(
                folders=" ".join(folders)
            )
        )
