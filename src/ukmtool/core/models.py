"""The files of a programme folder (format version 1.2) as pydantic models.

Every model forbids keys it does not know.  Values arrive as text (see
``reader``) and pass through the readers of ``fields`` and ``values`` (the
same ones the commands use), so that the message a person reads is ours, not
pydantic's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ukmtool.core import fields
from ukmtool.core.values import dates, money, people, places, quantities, scores

T = TypeVar("T")

SECTOR_NAMES_KEY = "\x00sector_names"
"""Where ``Settings`` keeps the sectors' other names while validating (no file can)."""
LETTERHEAD_LINES_KEY = "\x00lines"
"""Where ``Letterhead`` keeps the list form of ``letterhead:`` while validating (no file can)."""

STATUSES: tuple[str, ...] = ("present", "late", "excused", "sick", "absent")
"""The lists of a sheet, in the order a sheet is read (the first list wins)."""
MAKEUP = "makeup"
"""Format 1.2: a sheet's mapping of ids who made the session up, to the make-up's day."""
ATTENDED: frozenset[str] = frozenset({"present", "late", MAKEUP})
"""The marks that count as having come to the session (a make-up counts as present)."""


def _check(func: Callable[[Any], T]) -> Callable[[Any], T]:
    """Wrap a ``fields`` check so its problem reaches pydantic as our own message."""

    def validate(value: Any) -> T:
        try:
            return func(value)
        except fields.ValueProblem as problem:
            raise PydanticCustomError(
                "ukm", "{message}", {"message": problem.message, "hint": problem.hint}
            ) from None

    return validate


def _optional(func: Callable[[Any], T]) -> Callable[[Any], T | None]:
    def validate(value: Any) -> T | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _check(func)(value)

    return validate


def _list_of(func: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    """A list (``None`` for an empty one) whose items pass ``func``."""

    def validate(value: Any) -> list[T]:
        if value is None:
            return []
        if isinstance(value, str):
            raise PydanticCustomError(
                "ukm",
                "{message}",
                {"message": _list_expected(), "hint": _list_hint()},
            )
        return value  # type: ignore[no-any-return] # items are checked by the item type

    return validate


def _empty_mapping(value: Any) -> Any:
    """An empty value (``practices:`` with nothing under it) is an empty mapping."""
    return {} if value is None else value


def _list_expected() -> str:
    from ukmtool.i18n import _

    return _("Expected a list.")


def _list_hint() -> str:
    from ukmtool.i18n import _

    return _("Write it in brackets, for example [UKM-001, UKM-002], or as lines starting with -.")


Text = Annotated[str, BeforeValidator(_check(fields.text))]
OptText = Annotated[str | None, BeforeValidator(_optional(fields.text))]
OptNotes = Annotated[str | None, BeforeValidator(_optional(fields.notes))]
Date = Annotated[date, BeforeValidator(_check(dates.day))]
Percent = Annotated[int, BeforeValidator(_check(fields.percent))]
OptPercent = Annotated[int | None, BeforeValidator(_optional(fields.percent))]
Hours = Annotated[float, BeforeValidator(_check(quantities.hours))]
OptHours = Annotated[float | None, BeforeValidator(_optional(quantities.hours))]
OptTime = Annotated[str | None, BeforeValidator(_optional(dates.session_time))]
Slug = Annotated[str, BeforeValidator(_check(fields.slug))]
ModuleId = Annotated[str, BeforeValidator(_check(fields.module_id))]
ParticipantId = Annotated[str, BeforeValidator(_check(fields.participant_id))]
Gender = Annotated[Literal["F", "M"], BeforeValidator(_check(people.gender))]
OptPhone = Annotated[str | None, BeforeValidator(_optional(people.phone))]
OptNik = Annotated[str | None, BeforeValidator(_optional(people.nik))]
OptNib = Annotated[str | None, BeforeValidator(_optional(people.nib))]
OptEmployees = Annotated[int | None, BeforeValidator(_optional(quantities.people))]
OptMoney = Annotated[int | None, BeforeValidator(_optional(money.parse_rupiah))]
OptScore = Annotated[int | float | None, BeforeValidator(_optional(scores.score))]
TextList = Annotated[list[Text], BeforeValidator(_list_of(fields.text))]
DistrictCode = Annotated[str, BeforeValidator(_check(places.district_code))]
IdList = Annotated[list[ParticipantId], BeforeValidator(_list_of(fields.participant_id))]
SlugList = Annotated[list[Slug], BeforeValidator(_list_of(fields.slug))]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True
    )


class Signatory(_Model):
    """One person who signs printed documents (``program.yaml``: ``signatories``)."""

    title: Text
    """The office held, printed above the signature: ``Kepala Dinas ...``."""
    name: Text
    rank: OptText = None
    """Pangkat/golongan (format 1.2), printed under the name: ``Pembina Tk. I (IV/b)``."""
    nip: OptText = None
    """The civil servant's number (NIP), printed under the name as written (spaced)."""


class Signatories(_Model):
    """Who signs what ukm prints."""

    head: Signatory | None = None
    """The head of the office: signs the reports (and certificates)."""
    approver: Signatory | None = None
    """Format 1.2: who approves what the head signs, under "Mengetahui" (a Sekretaris Daerah)."""
    officer: Signatory | None = None
    """The programme officer: signs the sign-in sheets beside the trainer."""
    treasurer: Signatory | None = None
    """Format 1.2: the treasurer (bendahara) who pays transport money: signs the receipt lists."""


def _lines_form(value: Any) -> Any:
    """``letterhead: [line, line]`` (format 1.1) is the mapping's hidden ``lines``."""
    if isinstance(value, list):
        return {LETTERHEAD_LINES_KEY: value}
    return value


class Letterhead(_Model):
    """``program.yaml``: ``letterhead``, the kop surat at the top of printed documents.

    Format 1.2: a mapping of the parts of a kop surat; format 1.1's list of
    lines (first line first) is still read, as ``lines``.
    """

    government: OptText = None
    """The government line: ``PEMERINTAH KABUPATEN BLORA``."""
    office: OptText = None
    """The office: ``DINAS PERDAGANGAN, KOPERASI DAN UKM`` (the largest line)."""
    address: OptText = None
    """The street address, town and postcode."""
    phone: OptText = None
    fax: OptText = None
    email: Annotated[str | None, BeforeValidator(_optional(fields.email))] = None
    website: OptText = None
    lines: TextList = Field(default_factory=list, validation_alias="\x00lines")
    """Format 1.1: the letterhead as lines, first line first (the list form)."""


def _partner_name(value: Any) -> Any:
    """A partner written as its name alone is a partner without role or logo."""
    if isinstance(value, list):
        return [{"name": item} if isinstance(item, str) else item for item in value]
    return _list_of(fields.text)(value)


class Partner(_Model):
    """One organisation that supports the programme (``program.yaml``: ``partners``)."""

    name: Text
    role: OptText = None
    """Format 1.2: what it does for the programme, as printed: ``sponsor``, ``mitra pendamping``."""
    logo: OptText = None
    """Format 1.2: its logo, a picture inside the programme folder (``templates/mitra.png``)."""


class CertificateSettings(_Model):
    """``program.yaml``: ``certificates``, the numbering and date of certificates."""

    number: Annotated[str, BeforeValidator(_check(fields.certificate_pattern))] = (
        "{seq:03}/SERT-SP/{year}"
    )
    """The pattern of a number: ``{seq}`` (or ``{seq:03}``, zero-padded) and ``{year}``."""
    issued: Date | None = None
    """The day printed as the issue date (default: the day ``issue`` runs)."""
    verify_url: Annotated[str | None, BeforeValidator(_optional(fields.verify_url))] = None
    """Format 1.2: the web address a certificate's QR code holds, the signed token after ``#``."""


class Settings(_Model):
    """``program.yaml``: the programme's name, dates, lists and minimum attendance.

    Not to be taken for :class:`~ukmtool.core.programme.Programme`, the whole
    loaded folder, which holds these settings as ``programme.settings``.
    """

    name: Text
    organizer: OptText = None
    partners: Annotated[list[Partner], BeforeValidator(_partner_name)] = Field(default_factory=list)
    """Each a name, or (format 1.2) a mapping of name, role and logo."""
    venue: OptText = None
    place: OptText = None
    """Format 1.2: the place on signature lines, ``Blora`` in "Blora, 20 Maret 2018"."""
    starts: Date
    ends: Date
    language: Annotated[Literal["id", "en"], BeforeValidator(_check(fields.language))] = "en"
    min_attendance: Percent = 75
    districts: TextList = Field(default_factory=list)
    sectors: TextList = Field(default_factory=list)
    letterhead: Annotated[Letterhead | None, BeforeValidator(_lines_form)] = None
    """The letterhead (kop surat) of printed documents: its parts, or its lines."""
    addressee: OptText = None
    """Format 1.2: to whom the printed report goes (``Bupati Blora``), after "Kepada Yth."."""
    logo: OptText = None
    """An image in the folder (PNG, JPG or SVG) printed left of the letterhead."""
    signatories: Signatories | None = None
    certificates: CertificateSettings | None = None
    """How ``ukm certificate issue`` numbers and dates the certificates."""
    earlier: TextList = Field(default_factory=list)
    """Format 1.2: earlier programmes' folders (relative to this one): a business that
    took part in one of them is recognised at registration."""
    district_codes: Annotated[dict[Text, DistrictCode], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict
    )
    """Format 1.2: each district's Kemendagri code, carried into exports."""
    sector_names: dict[Text, TextList] = Field(
        default_factory=dict, validation_alias="\x00sector_names"
    )
    """Format 1.1: the other names lists use for each sector (``sectors:`` as a mapping)."""

    @model_validator(mode="before")
    @classmethod
    def _sectors_mapping(cls, data: Any) -> Any:
        """``sectors: {batik: [batik tulis, batik cap], kuliner: ~}``: names and other names."""
        if isinstance(data, dict) and isinstance(data.get("sectors"), dict):
            mapping = data["sectors"]
            data = dict(data)
            data["sectors"] = list(mapping)
            data[SECTOR_NAMES_KEY] = {name: others or [] for name, others in mapping.items()}
        return data

    def sector_for(self, written: str) -> str | None:
        """The sector ``written`` names, by its name or one of its other names, or None.

        Case, spaces and punctuation are ignored.
        """
        return places.sector_named(written, self.sectors, self.sector_names)


class Session(_Model):
    """One planned session of a module."""

    date: Date
    topic: OptText = None
    trainer: OptText = None
    place: OptText = None
    hours: OptHours = None
    time: OptTime = None
    """Format 1.2: the time of day, ``08.00-12.00`` (printed on the sign-in sheet)."""


class Module(_Model):
    """One entry of ``modules.yaml``.

    ``sessions`` is keyed by the session number; the loader converts and
    checks the numbers before the model sees them.
    """

    id: ModuleId
    title: Text
    min_attendance: OptPercent = None
    sessions: dict[int, Session]
    practices: Annotated[dict[Slug, Text], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict
    )


class Participant(_Model):
    """One entry of ``participants.yaml``."""

    id: ParticipantId
    business: Text
    owner: Text
    gender: Gender
    sector: Text
    district: Text
    village: OptText = None
    address: OptText = None
    phone: OptPhone = None
    employees: OptEmployees = None
    monthly_sales: OptMoney = None  # omzet a month when registered (the baseline), whole Rupiah
    capital: OptMoney = None  # modal usaha without land and buildings, whole Rupiah
    nik: OptNik = None
    nib: OptNib = None
    """Format 1.2: the business's Nomor Induk Berusaha (OSS), 13 digits; public, never masked."""
    registered: Date
    tags: TextList = Field(default_factory=list)
    notes: OptNotes = None
    exempt: Annotated[dict[ModuleId, Text], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict
    )
    """Format 1.2: module id -> why the participant is exempt from it (counts as completed)."""


class Sheet(_Model):
    """The attendance sheet of one session: who was in which list.

    The session is held when someone is marked present or late; a sheet with
    only excused, sick or absent marks is advance notice (rules version 2).
    ``makeup`` (format 1.2, rules 2.1) maps the ids who attended a make-up
    session (susulan) of this one to its day: each counts as present here.
    Make-up marks alone do not make the session held (it was held on its own
    date only if someone came); until it is held they wait, like the others.
    """

    present: IdList = Field(default_factory=list)
    late: IdList = Field(default_factory=list)
    excused: IdList = Field(default_factory=list)
    sick: IdList = Field(default_factory=list)
    absent: IdList = Field(default_factory=list)
    makeup: Annotated[dict[ParticipantId, Date], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict
    )

    @property
    def held(self) -> bool:
        """At least one id marked present or late (else the marks wait for the session)."""
        return bool(self.present or self.late)

    def status_of(self) -> dict[str, str]:
        """Participant id -> status (the first list wins when one is on two; then make-up)."""
        result: dict[str, str] = dict.fromkeys(self.makeup, MAKEUP)
        for status in reversed(STATUSES):
            for pid in getattr(self, status):
                result[pid] = status
        return result


class Indicator(_Model):
    """One measurement in ``indicators.yaml``: the business's figures on a date."""

    participant: ParticipantId
    date: Date
    monthly_sales: OptMoney = None
    capital: OptMoney = None
    employees: OptEmployees = None
    source: OptText = None


class Revocation(_Model):
    """``revoked:`` of a certificate: when, and why."""

    date: Date
    reason: Text


class Certificate(_Model):
    """One entry of ``certificates.yaml``: a number given to a graduate."""

    number: Text
    participant: ParticipantId
    name: OptText = None
    """Format 1.2: the holder's name as printed (the register keeps it, whatever changes later)."""
    business: OptText = None
    """Format 1.2: the business's name as printed."""
    issued: Date
    revoked: Revocation | None = None

    @property
    def valid(self) -> bool:
        """Not revoked."""
        return self.revoked is None


YesNo = Annotated[bool, BeforeValidator(_check(fields.yes_no))]


class Visit(_Model):
    """One mentoring visit in ``visits.yaml``."""

    participant: ParticipantId
    date: Date
    trainer: Text
    hours: Hours
    modules: SlugList = Field(default_factory=list)
    practices: Annotated[dict[Slug, YesNo], BeforeValidator(_empty_mapping)] = Field(
        default_factory=dict
    )
    notes: OptNotes = None


class Score(_Model):
    """One entry of ``scores.yaml`` (format 1.2): a participant's test scores in one module.

    ``pre`` and ``post`` are out of 100, whole or with one decimal; either may
    be missing (a test not taken, or not yet).
    """

    participant: ParticipantId
    module: ModuleId
    pre: OptScore = None
    """The score of the test before the module (pre-test)."""
    post: OptScore = None
    """The score of the test after the module (post-test)."""

    @property
    def gain(self) -> int | float | None:
        """Post minus pre, when both were taken (one decimal at most)."""
        if self.pre is None or self.post is None:
            return None
        tenths = scores.tenths(self.post) - scores.tenths(self.pre)
        return tenths // 10 if tenths % 10 == 0 else tenths / 10
