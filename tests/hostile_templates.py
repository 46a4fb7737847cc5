"""Hostile template files (issue #24), plain and signed, and the harness that feeds them to every door a
template comes through: ``template check``, a superior's import of its own (unsigned) file, a commune's
import of a file signed by the pinned key and by any other key, and the template folder the library
lists (a file dropped beside the kept ones).

Shared by ``tests/test_hostile_files.py`` (a sample) and ``bench/hostile.py`` (≥ 500). Counters: crashes
(an exception other than the refusal the door promises), hangs (> ``HANG_SECONDS``), partial changes (a
refused file that changed the workspace's templates or keys, or wrote a file outside the data folder),
forged used (a file not signed by the pinned key that a commune kept, or a period printed with another
text than its own).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from hostile_stats import HANG_SECONDS, HostileStats
from template_samples import small_template

from ebgov_desktop.domain.template import builtin_dir


@dataclass(frozen=True)
class HostileTemplate:
    name: str
    kind: str
    body: bytes  # the TOML text (signed variants are made by the harness)


def _bases() -> list[tuple[str, str]]:
    return [("small", small_template(extra='description = "hostile-base"')),
            ("cds2025", (builtin_dir() / "cds-xa-2025.toml").read_text(encoding="utf-8")),
            ("cntt2019", (builtin_dir() / "bc-ungdung-cntt-2019.toml").read_text(encoding="utf-8"))]


def _with_id(text: str, value: str) -> str:
    return text.replace('id = "bc-thu"', f"id = {value}", 1)


_ANNEX_ON_COUNT = '''
[[outline]]
type = "annex"
key = "a.total"
title = "Phụ lục"
'''
CYCLE = '''
[[derived]]
key = "a.x"
label = "X"
plus = ["a.y", "a.total"]

[[derived]]
key = "a.y"
label = "Y"
plus = ["a.x"]
'''


def _structured(base: str, big: bool) -> list[tuple[str, str]]:
    """Hand-made attacks on the small template (ids, versions, nesting, sizes, counts)."""
    deep = 100_000 if big else 2000
    para = 300_000 if big else 60_000
    out = [
        ("id-traversal", _with_id(base, '"../../x"')),
        ("id-backslash", _with_id(base, '"..\\\\..\\\\x"')),
        ("id-nul", _with_id(base, '"a\\u0000b"')),
        ("id-long", _with_id(base, '"' + "a" * 5000 + '"')),
        ("id-empty", _with_id(base, '""')),
        ("id-device", _with_id(base, '"con"')),
        ("id-unicode", _with_id(base, '"mẫu"')),
        ("id-number", _with_id(base, "12")),
        ("version-huge", base.replace("version = 1", "version = 99999999999999999999999999999", 1)),
        ("version-2^63", base.replace("version = 1", f"version = {2**63}", 1)),
        ("version-negative", base.replace("version = 1", "version = -1", 1)),
        ("version-float", base.replace("version = 1", "version = 1.5", 1)),
        ("version-string", base.replace("version = 1", 'version = "1"', 1)),
        ("version-bool", base.replace("version = 1", "version = true", 1)),
        ("deep-arrays", base + "\n[extra]\nx = " + "[" * deep + "]" * deep + "\n"),
        ("deep-tables", base + "\n[extra]\nx = " + "{a = " * deep + "1" + "}" * deep + "\n"),
        ("deep-dotted", base + "\n[extra]\n" + ".".join(["k"] * deep) + " = 1\n"),
        ("deep-headers", base + "\n[" + ".".join(["t"] * min(deep, 5000)) + "]\nx = 1\n"),
        ("long-paragraph", base.replace("Tổng số: {a.total}.", "Tổng số: {a.total}. " + "Chữ " * (para // 4))),
        ("long-label", base.replace('label = "Tổng số"', 'label = "' + "x" * 50_000 + '"', 1)),
        ("long-word", base.replace("Tổng số: {a.total}.", "x" * para)),
        ("many-blocks", base + '\n[[outline]]\ntype = "paragraph"\ntext = "x"\n' * (20_000 if big else 3000)),
        ("many-fields", base + "".join(f'\n[[fields]]\nkey = "b.f{i}"\nlabel = "F{i}"\ntype = "count"\n'
                                       f'section = "s"\n' for i in range(3000 if big else 2100))),
        ("many-placeholders", base.replace("Tổng số: {a.total}.", "{a.total}" * 5000)),
        ("escapes", base.replace("Tổng số: {a.total}.", "\\\\u00e0" * 20_000)),
        ("lone-surrogate", base.replace("Tổng số: {a.total}.", "\\ud800")),
        ("unknown-attribute", base.replace('type = "heading"', 'type = "heading"\ncolour = "đỏ"', 1)),
        ("unknown-block", base.replace('type = "heading"', 'type = "video"', 1)),
        ("annex-on-count", base + _ANNEX_ON_COUNT),
        ("cyclic-derived", base + CYCLE),
        ("bom", "\ufeff" + base),
        ("crlf", base.replace("\n", "\r\n")),
        ("no-template-table", base.replace("[template]", "[templat]", 1)),
        ("empty", ""),
        ("over-size", base + "# " + "x" * ((3 if big else 2) * 1024 * 1024) + "\n"),
        ("dates-out-of-range", base.replace("valid_from = 2025-07-01", "valid_from = 9999-12-31", 1)),
        ("datetime", base.replace("valid_from = 2025-07-01", "valid_from = 2025-07-01T00:00:00Z", 1)),
    ]
    return out


def _random(text: str, rng: random.Random) -> tuple[str, bytes]:
    raw = text.encode("utf-8")
    how = rng.choice(("flip", "truncate", "drop-line", "dup-line", "swap-lines", "insert-bytes"))
    if how == "flip":
        b = bytearray(raw)
        for _ in range(rng.randrange(1, 12)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        return how, bytes(b)
    if how == "truncate":
        return how, raw[: rng.randrange(len(raw))]
    if how == "insert-bytes":
        at = rng.randrange(len(raw))
        return how, raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) + raw[at:]
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if how == "drop-line":
        del lines[i]
    elif how == "dup-line":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return how, "\n".join(lines).encode("utf-8")


def generate(count: int, *, seed: int = 2026, big: bool = False):
    """``count`` hostile template texts: every hand-made attack first, then random mutations (byte
    flips, truncation, lines dropped, duplicated or swapped, bytes inserted) of the three bases."""
    rng = random.Random(seed)
    bases = _bases()
    made = 0
    for kind, text in _structured(bases[0][1], big):
        if made >= count:
            return
        yield HostileTemplate(f"t{made:04d}_{kind}.toml", kind, text.encode("utf-8"))
        made += 1
    while made < count:
        label, text = bases[made % len(bases)]
        how, raw = _random(text, rng)
        yield HostileTemplate(f"t{made:04d}_{label}-{how}.toml", f"{label}-{how}", raw)
        made += 1


# -- the harness -----------------------------------------------------------------------------------

@dataclass
class Stats(HostileStats):
    forged_used: int = 0
    accepted: int = 0
    printed: int = 0


class Doors:
    """A province (its own key) and a commune that pinned it, with a period on the province's template."""

    def __init__(self, root: Path):
        from ebgov_desktop.domain.periods import Period
        from ebgov_desktop.domain.units import Unit, UnitKind
        from ebgov_desktop.exchange.signing import new_private_key
        from ebgov_desktop.services import keys
        from ebgov_desktop.services.templates_exchange import export_template, find_template, import_template
        from ebgov_desktop.services.workspace import Workspace

        self.root = root
        self.tinh = Workspace.open(root / "data" / "tinh")
        self.tinh.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
        self.xa = Workspace.open(root / "data" / "xa")
        self.xa.set_unit(Unit(code="19901", kind=UnitKind.XA, name="Quảng Thọ", province="Huế",
                              province_code="46"))
        honest = root / "honest.toml"
        honest.write_text(_bases()[0][1], encoding="utf-8")
        import_template(self.tinh, honest)
        usb = root / "usb"
        usb.mkdir()
        import_template(self.xa, export_template(self.tinh, "bc-thu", usb).path)
        self.period = self.xa.create_period(Period.parse("2025"), find_template(self.xa, "bc-thu"))
        self.digest = self.xa.store.period_template(self.period.code)[2]
        self.tinh_key = keys.private_key(self.tinh.paths)
        self.attacker_key = new_private_key()
        self.files = root / "files"
        self.files.mkdir()

    def close(self) -> None:
        self.tinh.close()
        self.xa.close()

    def state(self) -> tuple:
        """What a refused file must never change: templates kept, keys pinned, files beside the data."""
        rows = []
        for ws in (self.tinh, self.xa):
            for table in ("template_file", "template_signer"):
                rows.append(tuple(tuple(r) for r in ws.store.conn.execute(f"SELECT * FROM {table}")))
        outside = tuple(sorted(p.name for p in self.root.iterdir()))
        return tuple(rows), outside

    def signed(self, body: bytes, key: bytes) -> bytes:
        from ebgov_desktop.exchange.template_package import build_signed_template

        return build_signed_template(body, template_id="bc-thu", template_version=7,
                                     issuer={"code": "46", "kind": "tinh", "name": "tỉnh Huế",
                                             "province_code": "46"},
                                     private_key=key, program="bench", created_at="2026-01-01T08:00:00+07:00")


def _timed(stats: Stats, name: str, what: str, call, allowed):
    t = time.perf_counter()
    try:
        return call()
    except allowed:
        return None
    except Exception as exc:  # noqa: BLE001 - counting crashes is the point
        stats.crashes += 1
        stats.problems.append((name, f"{what}: {type(exc).__name__}: {exc}"[:300]))
        return None
    finally:
        took = time.perf_counter() - t
        stats.timed(took, f"{name} ({what})")
        if took > HANG_SECONDS:
            stats.hangs += 1
            stats.problems.append((name, f"{what}: {took:.1f} s"))


def run(doors: Doors, hostile: list[HostileTemplate], *, print_accepted: bool = True) -> Stats:
    """Every file through every door, alone."""
    from ebgov_desktop.domain.errors import UserError
    from ebgov_desktop.domain.template_check import check_file
    from ebgov_desktop.services.templates_exchange import (
        available_templates,
        import_template,
        sample_report,
    )

    stats = Stats()
    for h in hostile:
        stats.tried += 1
        plain = doors.files / h.name
        plain.write_bytes(h.body)
        _timed(stats, h.name, "check", lambda p=plain: check_file(p), UserError)
        before = doors.state()
        got = _timed(stats, h.name, "superior import", lambda p=plain: import_template(doors.tinh, p), UserError)
        if got is None and doors.state() != before:
            stats.partial += 1
            stats.problems.append((h.name, "a refused file changed the province's workspace"))
        elif got is not None:
            stats.accepted += 1
            if print_accepted:
                out = doors.files / (h.name + ".pdf")
                if _timed(stats, h.name, "sample PDF", lambda g=got, o=out: sample_report(
                        doors.tinh.paths, g.identity.template_id, g.identity.version, o), UserError):
                    stats.printed += 1
        for key, pinned in ((doors.attacker_key, False), (doors.tinh_key, True)):
            signed = doors.files / ("signed-" + h.name)
            signed.write_bytes(doors.signed(h.body, key))
            before = doors.state()
            got = _timed(stats, h.name, "commune import", lambda p=signed: import_template(doors.xa, p), UserError)
            if got is not None and not pinned:
                stats.forged_used += 1
                stats.problems.append((h.name, "kept a file signed by another key than the pinned one"))
            elif got is None and doors.state() != before:
                stats.partial += 1
                stats.problems.append((h.name, "a refused signed file changed the commune's workspace"))
        dropped = doors.xa.paths.data_dir / "templates" / ("0-" + h.name)  # sorts before the kept file
        dropped.write_bytes(h.body)
        _timed(stats, h.name, "template list", lambda: available_templates(doors.xa), UserError)
        used = _timed(stats, h.name, "period's template", lambda: doors.xa.template(doors.period), UserError)
        if used is not None and used.digest != doors.digest:
            stats.forged_used += 1
            stats.problems.append((h.name, "the period's template was replaced by a dropped file"))
        dropped.unlink()
    return stats
