"""Limits and sniffing shared by every importer (uploads are untrusted)."""

from __future__ import annotations

from worksheets.errors import InputError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024

PNG = b"\x89PNG"
PDF = b"%PDF"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected Office files


def check_size(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> None:
    if not data:
        raise InputError("ファイルが空です。保存したファイルを選び直してください。")
    if len(data) > limit:
        raise InputError(
            f"ファイルが大きすぎます（{len(data) / 1024 / 1024:.1f} MB）。"
            f"{limit // 1024 // 1024} MB 以下のファイルを選んでください。"
        )


def sniff(data: bytes) -> str:
    """What the bytes really are: json, xlsx, ole, png, pdf or unknown."""
    if data.startswith(ZIP):
        return "xlsx"
    if data.startswith(OLE):
        return "ole"
    if data.startswith(PNG) or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"GIF8",):
        return "image"
    if data.startswith(PDF):
        return "pdf"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if head in (b"{", b"[") else "unknown"
