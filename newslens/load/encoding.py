"""How to decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 / latin-1.

A fallback is recorded as a note; a UTF-8 file with a few undecodable bytes is read as UTF-8
and only the records holding those bytes are skipped.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .locations import open_binary

__all__ = ["Encoding", "sniff", "decode_bytes"]

_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BLOCK = 1 << 22


@dataclass(frozen=True)
class Encoding:
    name: str  # codec for the whole file
    mixed: bool = False  # UTF-8 with some undecodable bytes: those records are errors
    note: str | None = None

    @property
    def codec(self) -> str:
        """The codec for bytes after the first line (a BOM only starts the file)."""
        return "utf-8" if self.name == "utf-8-sig" else self.name


def sniff(loc) -> Encoding:
    """Decide how to decode a file by scanning its bytes once."""
    with open_binary(loc) as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return Encoding("utf-8-sig")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return Encoding("utf-16")
        f.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")()
        valid, has_multi, cp_ok = True, False, True
        while True:
            block = f.read(_BLOCK)
            final = not block
            if not has_multi and _UTF8_MULTI.search(block):
                has_multi = True
            if valid:
                try:
                    dec.decode(block, final=final)
                except UnicodeDecodeError:
                    valid = False
            if not valid and cp_ok:
                try:
                    block.decode("cp1252")
                except UnicodeDecodeError:
                    cp_ok = False
            if final:
                break
    if valid:
        return Encoding("utf-8")
    if has_multi:
        return Encoding("utf-8", mixed=True, note=f"{loc}: some bytes are not valid UTF-8; records containing them were skipped")
    name = "cp1252" if cp_ok else "latin-1"
    return Encoding(name, note=f"{loc}: not UTF-8; decoded as {name}")


def decode_bytes(data: bytes, label: str) -> tuple[str, str | None]:
    """Decode a whole one-document file; returns (text, note or None)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTI.search(data):
        bad = len(data.decode("utf-8", "replace")) - len(data.decode("utf-8", "ignore"))
        return data.decode("utf-8", "replace"), f"{label}: {bad} undecodable byte(s) replaced with U+FFFD"
    try:
        return data.decode("cp1252"), f"{label}: not UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"{label}: not UTF-8; decoded as latin-1"
