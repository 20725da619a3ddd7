"""API keys and their roles: the keys file (`FACTDESK_API_KEYS_FILE`), its parsing, and the ring
of digests the access check looks keys up in.

One key a line as `name:sha256-hex:role`; the service sees only digests, so the file leaks no
key. `factdesk keys add` writes it. The access check that uses the ring is in `security.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_DIGEST = re.compile(r"[0-9a-f]{64}")


class Role(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class ApiKey:
    """One configured key: its name (for logs and rate limits), digest and role."""

    name: str
    digest: str
    role: Role


class KeyFileError(ValueError):
    """The keys file cannot be read or has a malformed line."""


def digest(key: str) -> str:
    """SHA-256 of a key, as lowercase hex: what the keys file stores."""
    return hashlib.sha256(key.encode()).hexdigest()


def parse_keys(lines: Iterable[str], source: str) -> list[ApiKey]:
    """`name:sha256-hex:role` lines; blank lines and `#` comments are skipped. Raises
    `KeyFileError` naming the file and line (never its content: a digest is still a secret's
    fingerprint)."""
    keys: list[ApiKey] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(":")]
        where = f"{source}, line {number}"
        if len(parts) != 3:
            raise KeyFileError(f"{where}: expected name:sha256-hex:role")
        name, hexdigest, role = parts
        if not _NAME.fullmatch(name):
            raise KeyFileError(
                f"{where}: a key name is 1-64 letters, digits, '.', '_' or '-' "
                "and starts with a letter or digit"
            )
        if not _DIGEST.fullmatch(hexdigest.lower()):
            raise KeyFileError(f"{where}: the digest is not 64 hex digits (SHA-256)")
        if role not in {r.value for r in Role}:
            raise KeyFileError(f"{where}: role must be 'read' or 'write', not {role!r}")
        if name in seen:
            raise KeyFileError(f"{where}: a second key named {name!r}")
        seen.add(name)
        keys.append(ApiKey(name, hexdigest.lower(), Role(role)))
    return keys


class KeyRing:
    """The configured keys; `match` finds the one a request presents."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self.keys = tuple(keys)

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        """Read a keys file; raises `KeyFileError` when it is missing or malformed."""
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyFileError(f"cannot read the API keys file {path}: {exc}") from exc
        return cls(parse_keys(text.splitlines(), str(path)))

    def match(self, presented: str) -> ApiKey | None:
        """The key whose digest equals the presented key's. Compares with every key, in
        constant time each, so the timing says nothing about which digest came close."""
        candidate = digest(presented)
        found = None
        for key in self.keys:
            if hmac.compare_digest(candidate, key.digest):
                found = key
        return found

    def __len__(self) -> int:
        return len(self.keys)


def new_key() -> str:
    """A fresh random key (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def add_key(path: Path, name: str, role: Role) -> str:
    """Generate a key, append `name:digest:role` to the keys file (created with mode 0600) and
    return the key: the only time it exists in clear. Refuses a name already in the file."""
    if not _NAME.fullmatch(name):
        raise KeyFileError(
            "a key name is 1-64 letters, digits, '.', '_' or '-' and starts with a letter or digit"
        )
    existing = KeyRing.load(path).keys if path.exists() else ()
    if any(k.name == name for k in existing):
        raise KeyFileError(f"{path} already has a key named {name!r}")
    key = new_key()
    line = f"{name}:{digest(key)}:{role}\n"
    if path.exists() and path.read_bytes()[-1:] not in (b"", b"\n"):
        line = "\n" + line  # the last line was written without its newline
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(line)
    return key
