r"""The office's signing keys: the private key in the user's config folder, public ones published.

    <config>/ukm/keys/<FINGERPRINT>.key   PKCS#8 PEM, mode 0600 in a 0700 folder (POSIX)
    <programme>/certificates.pub          every public key that signed the folder's
                                          certificates, the current one first

``<config>`` is platformdirs' user config folder (Linux ``~/.config/ukm``, macOS
``~/Library/Application Support/ukm``, Windows ``%APPDATA%\ukm``); ``UKM_KEY_DIR``
names another folder for the keys (an encrypted drive; the tests).  The private
key never goes into the programme folder, which is shared and mailed.  One key
serves an office's every programme: a folder without ``certificates.pub``
signs with the newest key this user has, and a new key is made only when
there is none (or when ``ukm certificate key new`` is asked).

``certificates.pub`` is PEM (RFC 7468) with comment lines between the blocks,
which PEM allows: OpenSSL reads the first block, the current key.  A
fingerprint in a comment is never trusted: each key's is computed from the key.
A key replaced by a new one stays in the file, marked ``retired:`` with the
day, so that certificates it signed still verify.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ukmtool.core.certificates.signing import fingerprint
from ukmtool.errors import DataError, WriteError
from ukmtool.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from ukmtool.core.folder import Folder

KEY_DIR_VAR = "UKM_KEY_DIR"
SUFFIX = ".key"
_PEM_BLOCK = re.compile(
    rb"-----BEGIN PUBLIC KEY-----\s*?\r?\n[A-Za-z0-9+/=\r\n \t]+?-----END PUBLIC KEY-----"
)
_MADE = re.compile(rb"made:\s*(\d{4}-\d{2}-\d{2})")
_RETIRED = re.compile(rb"retired:\s*(\d{4}-\d{2}-\d{2})")
MAX_PUBLIC_BYTES = 1 << 20
"""A public key file larger than this is not one (a picture given by mistake)."""


def key_dir() -> Path:
    """Where this user's private keys are kept."""
    explicit = os.environ.get(KEY_DIR_VAR)
    if explicit:
        return Path(explicit)
    import platformdirs

    return platformdirs.user_config_path("ukm", appauthor=False, roaming=True) / "keys"


def private_path(fp: str) -> Path:
    """The file of the private key whose fingerprint is ``fp``."""
    return key_dir() / f"{fp}{SUFFIX}"


@dataclass(frozen=True)
class PublicKey:
    """One key of ``certificates.pub``: the key, the day it was made, the day it was replaced."""

    key: Ed25519PublicKey
    made: date | None = None
    retired: date | None = None

    @property
    def fingerprint(self) -> str:
        """Computed from the key, never read from the comment."""
        return fingerprint(self.key)


class KeyFileProblem(ValueError):
    """A public key file that holds no key ukm can use (the message says why)."""


def read_public(data: bytes) -> list[PublicKey]:
    """Every Ed25519 public key in a PEM file, in its order (the first is the current one)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    found: list[PublicKey] = []
    blocks = list(_PEM_BLOCK.finditer(data))
    if not blocks:
        raise KeyFileProblem(_("It holds no public key (-----BEGIN PUBLIC KEY-----)."))
    end = 0
    for match in blocks:
        try:
            key = serialization.load_pem_public_key(match.group(0))
        except ValueError:
            raise KeyFileProblem(_("A key in it is damaged.")) from None
        if not isinstance(key, Ed25519PublicKey):
            raise KeyFileProblem(_("A key in it is not an Ed25519 key."))
        comment = data[end : match.start()]
        end = match.end()
        found.append(PublicKey(key, _day(_MADE, comment), _day(_RETIRED, comment)))
    return found


def _day(pattern: re.Pattern[bytes], comment: bytes) -> date | None:
    found = pattern.search(comment)
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group(1).decode("ascii"))
    except ValueError:
        return None


def load_public_file(path: Path) -> list[PublicKey]:
    """The keys of a public key file; :class:`DataError` naming it when it holds none."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PUBLIC_BYTES + 1)
    except OSError as exc:
        raise DataError(
            _("The key file {path} cannot be read: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    try:
        if len(data) > MAX_PUBLIC_BYTES:
            raise KeyFileProblem(_("It is too large to be a key file."))
        return read_public(data)
    except KeyFileProblem as problem:
        raise DataError(
            _("{path} is not a public key file of ukm: {reason}").format(path=path, reason=problem),
            hint=_("Use the office's certificates.pub, as published (website or letter)."),
        ) from None


def public_text(keys: list[PublicKey], office: str) -> bytes:
    """``certificates.pub``: the current key first, then every older one, each named."""
    from cryptography.hazmat.primitives import serialization

    office = " ".join(office.split())
    lines = [
        f"# The public keys of {office}, which sign its certificates",
        "# (`ukm certificate verify --key certificates.pub`). Publish this file (website,",
        "# letter): it holds no secret. The first key is the current one; keep the others,",
        "# they verify the certificates signed before it.",
        "",
    ]
    for key in keys:
        pem = key.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
        meta = f"# fingerprint: {key.fingerprint}"
        if key.made:
            meta += f"  made: {key.made.isoformat()}"
        if key.retired:
            meta += f"  retired: {key.retired.isoformat()}"
        lines += [meta, pem.rstrip("\n"), ""]
    return "\n".join(lines).encode("utf-8")


def keyring(keys: list[PublicKey]) -> dict[str, Ed25519PublicKey]:
    """The keys by fingerprint, as ``signing.verify`` takes them."""
    return {k.fingerprint: k.key for k in keys}


def load_private(fp: str) -> Ed25519PrivateKey | None:
    """This user's private key with fingerprint ``fp``, or None when they have none."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = private_path(fp)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataError(
            _("The private key {path} cannot be read: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey) or fingerprint(key.public_key()) != fp:
        raise DataError(
            _("{path} is not the private key its name says.").format(path=path),
            hint=_("Put the backup copy of the key back in its place (docs/verifying.md)."),
        )
    return key


def newest_private() -> tuple[Ed25519PrivateKey, str] | None:
    """The key this user made last (the office's key), or None when they have none."""
    try:
        found = sorted(
            (p for p in key_dir().glob(f"*{SUFFIX}") if p.is_file()),
            key=lambda p: (p.stat().st_mtime, p.name),
        )
    except OSError:
        return None
    for path in reversed(found):
        key = load_private(path.name[: -len(SUFFIX)])
        if key is not None:
            return key, fingerprint(key.public_key())
    return None


def make_private() -> tuple[Ed25519PrivateKey, str, Path]:
    """A new key pair; the private key written where it belongs, never over another file."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    fp = fingerprint(private.public_key())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = private_path(fp)
    try:
        _write_secret(path, pem)
    except OSError as exc:
        raise WriteError(
            _("The new key could not be written to {path}: {reason}.").format(
                path=path, reason=exc.strerror or exc
            ),
            hint=_("Set UKM_KEY_DIR to a folder you can write to, and run the command again."),
        ) from None
    return private, fp, path


def _write_secret(path: Path, data: bytes) -> None:
    """Write ``data`` readable by the user alone, all at once; never replace a file.

    mkstemp makes the file 0600 from its first byte (on Windows the user's
    profile folder already admits only the user, SYSTEM and Administrators).
    ``os.link`` refuses an existing name, where ``os.replace`` would replace a key.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path.parent, 0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            raise FileExistsError(17, "a key is never written over", str(path)) from None
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if path.exists():
                raise FileExistsError(17, "a key is never written over", str(path)) from None
            os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    if os.name == "posix":
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@dataclass(frozen=True)
class SigningKey:
    """The key that signs a folder's certificates now, and what was done to have it."""

    private: Ed25519PrivateKey
    kid: str
    made: Path | None = None
    """Where a key made just now was written (None: an existing key)."""
    published: bool = False
    """Whether ``certificates.pub`` was written just now."""


def folder_keys(folder: Folder) -> list[PublicKey] | None:
    """The keys of the folder's ``certificates.pub`` (None: it has none)."""
    if not folder.public_keys.exists():
        return None
    return load_public_file(folder.public_keys)


def signing_key(folder: Folder, office: str, today: date, *, write: bool = True) -> SigningKey:
    """The private key of the folder's current public key; made or taken when it has none.

    The caller holds the folder's lock.  With no ``certificates.pub``, the
    newest key of this user is used (one key per office), else a new one is
    made; ``certificates.pub`` is written (unless not ``write``: a dry run).
    """
    published = folder_keys(folder)
    if published:
        current = published[0].fingerprint
        private = load_private(current)
        if private is None:
            raise DataError(
                _(
                    "The private key {fingerprint} that signs this programme's certificates "
                    "is not on this computer (looked in {folder})."
                ).format(fingerprint=current, folder=key_dir()),
                hint=_(
                    "Copy the backup of {name} into that folder; if the key is lost, "
                    "`ukm certificate key new` makes a new one (docs/verifying.md)."
                ).format(name=current + SUFFIX),
            )
        return SigningKey(private, current)
    newest = newest_private()
    made: Path | None = None
    if newest is not None:
        private, kid = newest
    elif write:
        private, kid, made = make_private()
    else:  # a dry run: a key that would be made, kept nowhere
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = Ed25519PrivateKey.generate()
        kid = fingerprint(private.public_key())
    if write:
        publish(folder, [PublicKey(private.public_key(), today)], office)
    return SigningKey(private, kid, made, published=write)


def new_key(folder: Folder, office: str, today: date) -> tuple[str, Path, list[PublicKey]]:
    """A new key for the office, current in ``certificates.pub``; the older ones kept, retired.

    The caller holds the folder's lock.  Returns the fingerprint, where the
    private key is, and the keys now published.
    """
    older = folder_keys(folder) or []
    private, fp, path = make_private()
    keys = [PublicKey(private.public_key(), today)] + [
        k if k.retired else PublicKey(k.key, k.made, today) for k in older
    ]
    publish(folder, keys, office)
    return fp, path, keys


def publish(folder: Folder, keys: list[PublicKey], office: str) -> None:
    """Write ``certificates.pub`` (atomically, readable like the folder's files)."""
    from ukmtool.core.files import store

    store.atomic_write(folder.public_keys, public_text(keys, office), mode_like=folder.program)
