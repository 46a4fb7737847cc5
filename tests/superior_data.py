"""Commune packages for the superior-level tests and bench (and the window's tests): N communes, each
with its own signing key, values and register varied from the demo report, every package free of rule
errors, written with the real exchange writer.

``make_communes(36)`` → datasets; ``write_packages(datasets, folder)`` → the ``.ebgov`` files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.exchange import build_package, signing
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import package_file_name

#: the district of the tests: huyện Quảng Điền, Thừa Thiên Huế
DISTRICT = Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                province_code="46")

_NAMES = ("Quảng Thọ", "Quảng Phú", "Quảng Vinh", "Quảng An", "Quảng Thành", "Quảng Phước",
          "Quảng Lợi", "Quảng Thái", "Quảng Ngạn", "Quảng Công", "Sịa", "Phong Hiền", "Phong An",
          "Phong Sơn", "Phong Xuân", "Phong Mỹ", "Phong Thu", "Phong Hòa", "Phong Bình", "Phong Chương",
          "Điền Hương", "Điền Môn", "Điền Lộc", "Điền Hòa", "Điền Hải", "Hương Vinh", "Hương Sơ",
          "Hương Toàn", "Hương Phong", "Hương Chữ", "Hương Xuân", "Hương Văn", "Hương Bình",
          "Hương Thọ", "Hương Hồ", "Hương An")


@dataclass(frozen=True)
class Commune:
    dataset: object  # Dataset
    key: bytes  # Ed25519 private key

    @property
    def code(self) -> str:
        return self.dataset.unit.code


def commune_name(i: int) -> str:
    return _NAMES[i] if i < len(_NAMES) else f"Thử Nghiệm {i}"


def varied(base, rng: random.Random, i: int, year: int, *, code_base: int = 20000):
    kind = UnitKind.XA
    unit = Unit(code=f"{code_base + i:05d}", kind=kind, name=commune_name(i), province="Thừa Thiên Huế",
                province_code="46", district="Quảng Điền")
    period = Period.parse(str(year))
    start, end = period.default_range()
    values = dict(base.values)
    staff = rng.randint(22, 35)
    values.update({
        "doc.period_start": start.isoformat(), "doc.period_end": end.isoformat(),
        "doc.date": end.isoformat(), "doc.place": unit.name,
        "doc.title": f"Tình hình ứng dụng công nghệ thông tin năm {year}",
        "staff.civil_servants": staff, "staff.civil_servants_with_computer": 22,
        "staff.it_qualified": rng.randint(0, staff),
        "docs.accounts_base": staff, "docs.accounts": rng.randint(0, staff),
        "docs.incoming_processed": rng.randint(0, 5000), "docs.outgoing_online": rng.randint(50, 900),
        "portal.news_posted": rng.randint(0, 400), "email.mailboxes": rng.randint(10, staff),
        "tthc.procedures_total": rng.randint(116, 130),
    })
    values["email.regular_users"] = rng.randint(5, values["email.mailboxes"])
    values["docs.outgoing_signed"] = rng.randint(0, values["docs.outgoing_online"])
    values["onestop.dossiers_at_desk"] = rng.randint(100, 900)
    values["onestop.dossiers_in_software"] = rng.randint(0, values["onestop.dossiers_at_desk"])
    if year >= 2023:  # Nghị định 42/2022: no mức 2/3/4 after 01/8/2022
        for key in ("tthc.level2", "tthc.level3", "tthc.level4"):
            values.pop(key, None)
        values["tthc.full_online"] = rng.randint(0, 60)
        values["tthc.partial_online"] = rng.randint(0, 40)
    values["text.difficulties"] = values.get("text.difficulties", [])[: rng.randint(1, 3)]
    rows = [replace(r, year_acquired=min(r.year_acquired, year) if r.year_acquired else None,
                    condition=rng.choice(("tot", "tot", "xuong_cap", "hong")))
            for r in base.register]
    # the register matches the 22 + 10 computers of the demo; every 7th commune (i = 3, 10, …) has
    # twice as many in its register, a warning ("đã nhận, có cảnh báo")
    register = rows * (2 if i % 7 == 3 else 1)
    return replace(base, unit=unit, period=period, values=values, register=register)


def make_communes(count: int, year: int = 2019, *, seed: int = 7, code_base: int = 20000) -> list[Commune]:
    from ebgov_desktop.exchange.package import rule_errors

    rng = random.Random(seed)
    base = demo_dataset()
    out = []
    for i in range(count):
        ds = varied(base, rng, i, year, code_base=code_base)
        errors = rule_errors(ds)
        assert not errors, [e.message for e in errors]
        out.append(Commune(ds, signing.new_private_key()))
    return out


def fingerprint_of(commune: Commune) -> str:
    """The fingerprint a commune reads out by phone (or writes in the list of expected units)."""
    return signing.fingerprint(signing.public_key_of(commune.key))


def package_bytes(commune: Commune, *, dataset=None, revision: int = 1, key: bytes | None = None) -> bytes:
    ds = dataset or commune.dataset
    return build_package(ds, revision=revision, private_key=key or commune.key, program="ebgov-desktop",
                         program_version="test", created_at=f"{ds.period.year + 1}-01-05T08:00:00+07:00")


def write_packages(communes, folder: Path, *, revision: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for c in communes:
        path = folder / package_file_name(c.dataset, c.dataset.period, revision)
        path.write_bytes(package_bytes(c, revision=revision))
        paths.append(path)
    return paths
