"""The ZIP container of a package, written and read byte for byte (docs/exchange-format.md, "Container").

A package is a plain ZIP any unzip tool opens, but the reader accepts only the one layout the writer
makes: ``manifest.json`` (stored) then ``data.json`` (deflated), fixed header fields, no extra fields,
no comments, nothing before or after. With the manifest signed and the deflated bytes hashed in it,
every byte of the file is covered: a changed byte anywhere is refused, never silently ignored.

The reader checks the hostile cases first, each with its own Vietnamese reason: file size, entry
count, names (paths, ``..``, duplicates), links, encryption, sizes and compression ratio (zip bombs);
then the exact layout. It never trusts a declared size: decompression is bounded.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from .errors import PackageError

__all__ = [
    "MANIFEST_NAME",
    "PAYLOAD_NAME",
    "MAX_PACKAGE_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_PAYLOAD_BYTES",
    "MAX_RATIO",
    "build_container",
    "open_container",
    "Container",
]

MANIFEST_NAME = "manifest.json"
PAYLOAD_NAME = "data.json"
MAX_PACKAGE_BYTES = 8 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
#: uncompressed / compressed; canonical JSON of real data deflates 3–15×; zip bombs reach 1000×.
MAX_RATIO = 100

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_END = struct.Struct("<IHHHHIIH")  # 22 bytes
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION = 20  # 2.0: deflate; made by "MS-DOS" (host 0), so no Unix mode bits, hence no links
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00: the date is in the manifest
_STORED, _DEFLATED = 0, 8
_EXPECTED = ((MANIFEST_NAME, _STORED), (PAYLOAD_NAME, _DEFLATED))


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as ZIP wants it."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return comp.compress(data) + comp.flush()


def build_container(manifest: bytes, payload_deflated: bytes, payload: bytes) -> bytes:
    """The package bytes: ``manifest.json`` stored, ``data.json`` given already deflated."""
    entries = [
        (MANIFEST_NAME.encode(), _STORED, manifest, manifest),
        (PAYLOAD_NAME.encode(), _DEFLATED, payload_deflated, payload),
    ]
    out = bytearray()
    central = bytearray()
    for name, method, stored, plain in entries:
        offset = len(out)
        crc = zlib.crc32(plain)
        out += _LOCAL.pack(_LOCAL_SIG, _VERSION, 0, method, _DOS_TIME, _DOS_DATE, crc, len(stored),
                           len(plain), len(name), 0)
        out += name + stored
        central += _CENTRAL.pack(_CENTRAL_SIG, _VERSION, _VERSION, 0, method, _DOS_TIME, _DOS_DATE, crc,
                                 len(stored), len(plain), len(name), 0, 0, 0, 0, 0, offset)
        central += name
    cd_offset = len(out)
    out += central
    out += _END.pack(_END_SIG, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


@dataclass(frozen=True)
class _Entry:
    name_raw: bytes
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    external_attr: int
    offset: int
    raw_header: bytes  # the central directory record, name included


@dataclass(frozen=True)
class Container:
    manifest: bytes  # as stored (= uncompressed)
    payload_stored: bytes  # the deflated bytes exactly as in the file
    payload: bytes  # inflated


def _bad(reason: str) -> PackageError:
    return PackageError(reason)


def _read_central(raw: bytes) -> list[_Entry]:
    n = len(raw)
    if n < _END.size or raw[:4] != struct.pack("<I", _LOCAL_SIG):
        raise _bad("không phải tệp gói dữ liệu (.ebgov là tệp ZIP); tệp hỏng hoặc sai loại")
    end = raw[n - _END.size:]
    sig, disk, cd_disk, count_disk, count, cd_size, cd_offset, comment_len = _END.unpack(end)
    if sig != _END_SIG or comment_len != 0:
        raise _bad("tệp ZIP bị cắt cụt hoặc có phần lạ ở cuối; hãy chép lại tệp từ nơi gửi")
    if disk != 0 or cd_disk != 0 or count_disk != count:
        raise _bad("tệp ZIP chia nhiều phần không được chấp nhận")
    if count > 64 or cd_offset + cd_size != n - _END.size or cd_size > n:
        raise _bad(f"gói phải có đúng 2 mục ({MANIFEST_NAME}, {PAYLOAD_NAME}); mục lục ZIP không hợp lệ")
    entries = []
    pos = cd_offset
    for _ in range(count):
        if pos + _CENTRAL.size > n - _END.size:
            raise _bad("mục lục tệp ZIP bị hỏng")
        fields = _CENTRAL.unpack_from(raw, pos)
        (sig, _made, _need, flags, method, _t, _d, crc, csize, usize, name_len, extra_len,
         comment_len, _disk, _internal, external, offset) = fields
        if sig != _CENTRAL_SIG:
            raise _bad("mục lục tệp ZIP bị hỏng")
        end_pos = pos + _CENTRAL.size + name_len + extra_len + comment_len
        if end_pos > n - _END.size:
            raise _bad("mục lục tệp ZIP bị hỏng")
        name_raw = raw[pos + _CENTRAL.size: pos + _CENTRAL.size + name_len]
        entries.append(_Entry(name_raw, flags, method, crc, csize, usize, external, offset,
                              raw[pos:end_pos]))
        pos = end_pos
    if pos != n - _END.size:
        raise _bad("mục lục tệp ZIP bị hỏng")
    return entries


def _show(name_raw: bytes) -> str:
    return name_raw.decode("utf-8", "replace")[:80]


def _check_names(entries: list[_Entry]) -> None:
    names = [e.name_raw for e in entries]
    for e in entries:
        text = _show(e.name_raw)
        if b"/" in e.name_raw or b"\\" in e.name_raw or b".." in e.name_raw or b":" in e.name_raw:
            raise _bad(f"gói có mục mang đường dẫn '{text}' (không chấp nhận thư mục, '..' hay ổ đĩa)")
        if b"\x00" in e.name_raw:
            raise _bad("gói có mục mang tên không hợp lệ")
    for name in set(names):
        if names.count(name) > 1:
            raise _bad(f"gói có hai mục cùng tên '{_show(name)}'")
    for e in entries:
        if e.name_raw.decode("utf-8", "replace") not in (MANIFEST_NAME, PAYLOAD_NAME):
            raise _bad(f"gói có mục lạ '{_show(e.name_raw)}'; chỉ được có {MANIFEST_NAME} và "
                       f"{PAYLOAD_NAME}")
    if len(entries) != 2:
        missing = {MANIFEST_NAME, PAYLOAD_NAME} - {n.decode("utf-8", "replace") for n in names}
        raise _bad(f"gói thiếu mục {', '.join(sorted(missing))}")


def _check_entry(e: _Entry) -> None:
    name = _show(e.name_raw)
    if e.flags & 0x1:
        raise _bad(f"mục {name} được mã hóa bằng mật khẩu; không chấp nhận")
    mode = e.external_attr >> 16
    if mode & 0o170000 == 0o120000:
        raise _bad(f"mục {name} là liên kết (symlink); không chấp nhận")
    if mode & 0o170000 == 0o040000 or e.external_attr & 0x10:
        raise _bad(f"mục {name} là thư mục; không chấp nhận")
    limit = MAX_MANIFEST_BYTES if name == MANIFEST_NAME else MAX_PAYLOAD_BYTES
    if e.usize > limit:
        raise _bad(f"mục {name} khi giải nén quá lớn ({e.usize:,} byte, tối đa {limit:,})")
    if e.method not in (_STORED, _DEFLATED):
        raise _bad(f"mục {name} dùng cách nén không được hỗ trợ")
    if e.method == _DEFLATED and e.usize > MAX_RATIO * max(e.csize, 1):
        raise _bad(f"mục {name} có tỷ lệ nén bất thường (nghi là bom nén, zip bomb)")


def _inflate(data: bytes, expected: int, name: str) -> bytes:
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(data, expected + 1)
    except zlib.error:
        raise _bad(f"dữ liệu nén của mục {name} bị hỏng") from None
    if len(out) > expected:
        raise _bad(f"mục {name} giải nén ra nhiều hơn khai báo (nghi là bom nén, zip bomb)")
    if not d.eof or d.unused_data or d.unconsumed_tail or len(out) != expected:
        raise _bad(f"dữ liệu nén của mục {name} bị hỏng hoặc bị cắt")
    return out


def open_container(raw: bytes) -> Container:
    """Check and unpack a package file's bytes; ``PackageError`` says what is wrong."""
    if len(raw) > MAX_PACKAGE_BYTES:
        raise _bad(f"tệp quá lớn ({len(raw):,} byte, gói hợp lệ nhỏ hơn {MAX_PACKAGE_BYTES:,})")
    entries = _read_central(raw)
    _check_names(entries)
    for e in entries:
        _check_entry(e)
    # the one layout the writer makes, in order, contiguous, nothing else
    if [(e.name_raw.decode(), e.method) for e in entries] != list(_EXPECTED):
        raise _bad(f"cấu trúc gói không đúng chuẩn: cần {MANIFEST_NAME} (không nén) rồi {PAYLOAD_NAME} "
                   "(nén)")
    pos = 0
    parts = []
    for e in entries:
        if e.offset != pos or pos + _LOCAL.size > len(raw):
            raise _bad("cấu trúc gói không đúng chuẩn (vị trí mục sai)")
        local = _LOCAL.unpack_from(raw, pos)
        want_local = (_LOCAL_SIG, _VERSION, 0, e.method, _DOS_TIME, _DOS_DATE, e.crc, e.csize, e.usize,
                      len(e.name_raw), 0)
        want_central = _CENTRAL.pack(_CENTRAL_SIG, _VERSION, _VERSION, 0, e.method, _DOS_TIME,
                                     _DOS_DATE, e.crc, e.csize, e.usize, len(e.name_raw), 0, 0, 0, 0, 0,
                                     e.offset) + e.name_raw
        if local != want_local or e.raw_header != want_central:
            raise _bad("cấu trúc gói không đúng chuẩn (đầu mục ZIP có trường lạ)")
        start = pos + _LOCAL.size
        if raw[start:start + len(e.name_raw)] != e.name_raw:
            raise _bad("cấu trúc gói không đúng chuẩn (tên mục không khớp mục lục)")
        start += len(e.name_raw)
        stored = raw[start:start + e.csize]
        if len(stored) != e.csize:
            raise _bad("tệp gói bị cắt cụt; hãy chép lại tệp từ nơi gửi")
        parts.append(stored)
        pos = start + e.csize
    if pos != len(raw) - _END.size - sum(len(e.raw_header) for e in entries):
        raise _bad("cấu trúc gói không đúng chuẩn (có dữ liệu thừa giữa các mục)")
    manifest_e, payload_e = entries
    manifest = parts[0]
    if manifest_e.csize != manifest_e.usize:
        raise _bad(f"mục {MANIFEST_NAME} có kích thước không khớp")
    payload = _inflate(parts[1], payload_e.usize, PAYLOAD_NAME)
    for e, data in ((manifest_e, manifest), (payload_e, payload)):
        if zlib.crc32(data) != e.crc:
            raise _bad(f"mục {_show(e.name_raw)} bị hỏng khi chép (nội dung không khớp mã kiểm tra của "
                       "chính nó)")
    return Container(manifest=manifest, payload_stored=parts[1], payload=payload)
