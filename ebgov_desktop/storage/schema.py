"""The workspace schema as ordered, recorded, transactional migrations (sqlite-utils ``Migrations``).

Never edit a released migration: add a new one. ``tests/fixtures/`` keeps a workspace of every released
schema version and the tests migrate each one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("ebgov")


def _run(db: Database, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the migration's transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE unit (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            code TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            district TEXT NOT NULL DEFAULT '',
            province TEXT NOT NULL DEFAULT '',
            province_code TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE period (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        -- one row per entered value; an empty field has no row (empty is not 0)
        CREATE TABLE value (
            period_id INTEGER NOT NULL REFERENCES period(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value NOT NULL,  -- no declared type: stored exactly as given
            PRIMARY KEY (period_id, key)
        );
        -- lists of lines: policy documents, software, recipients, text sections
        CREATE TABLE list_item (
            period_id INTEGER NOT NULL REFERENCES period(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (period_id, key, position)
        );
        -- the equipment register lives across periods; a disposed item keeps its row
        CREATE TABLE register (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            quantity INTEGER,
            year_acquired INTEGER,
            origin TEXT NOT NULL DEFAULT '',
            condition TEXT NOT NULL DEFAULT 'tot',
            location TEXT NOT NULL DEFAULT '',
            user_group TEXT NOT NULL DEFAULT '',
            cpnet INTEGER,
            asset_code TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            year_disposed INTEGER
        );
        CREATE INDEX register_position ON register(position);
        -- giải trình kept with a warning of a period
        CREATE TABLE explanation (
            period_id INTEGER NOT NULL REFERENCES period(id) ON DELETE CASCADE,
            finding_id TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (period_id, finding_id)
        );
        -- the local audit trail; also what Ctrl+Z undoes
        CREATE TABLE change_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            period_id INTEGER,
            target TEXT NOT NULL,
            key TEXT,
            row_id INTEGER,
            old TEXT,
            new TEXT,
            undone INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m002_packages(db: Database) -> None:
    """Superior level: imported packages, the pinned signing key of each unit, the import log.

    Sized for 1,000 units x 5 years x a few revisions: every lookup the import and the completeness
    board make is by index (unit + period, period + status, digest).
    """
    _run(
        db,
        """
        -- one row per distinct package content taken in: current, superseded (kept) or conflict
        CREATE TABLE package (
            id INTEGER PRIMARY KEY,
            unit_code TEXT NOT NULL,
            unit_kind TEXT NOT NULL,
            unit_name TEXT NOT NULL,
            province_code TEXT NOT NULL DEFAULT '',
            period TEXT NOT NULL,
            revision INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('current', 'superseded', 'conflict')),
            payload_sha256 TEXT NOT NULL,
            public_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            manifest TEXT NOT NULL,
            data TEXT NOT NULL,
            superseded_by INTEGER REFERENCES package(id),
            UNIQUE (unit_code, period, revision, payload_sha256)
        );
        CREATE UNIQUE INDEX package_one_current ON package(unit_code, period) WHERE status = 'current';
        CREATE INDEX package_period_status ON package(period, status);
        CREATE INDEX package_digest ON package(payload_sha256);
        -- trust on first use: the key a unit signs with; a changed key needs an officer
        CREATE TABLE unit_key (
            id INTEGER PRIMARY KEY,
            unit_code TEXT NOT NULL,
            public_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            pinned_at TEXT NOT NULL,
            how TEXT NOT NULL CHECK (how IN ('first_use', 'accepted')),
            retired_at TEXT
        );
        CREATE UNIQUE INDEX unit_key_current ON unit_key(unit_code) WHERE retired_at IS NULL;
        -- every import attempt, refused ones included (what, when, why)
        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            unit_code TEXT,
            period TEXT,
            revision INTEGER,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            package_id INTEGER REFERENCES package(id)
        );
        CREATE INDEX import_log_unit ON import_log(unit_code, period)
        """
    )


@MIGRATIONS()
def m003_expected_units(db: Database) -> None:
    """Superior level: the communes expected to report, their name and merge history, the check of each
    imported package (warnings) and the key changes waiting for the officer.

    ``valid_from`` / ``retired_on`` are ISO dates ('' = no limit): a commune is expected in a period when
    it exists on the period's last day. A merge retires the old codes and points them at the new one
    (``merged_into``), so the boards of earlier periods still list (and count) the old communes.
    """
    _run(
        db,
        """
        CREATE TABLE expected_unit (
            code TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('typed', 'list', 'learned')),
            added_at TEXT NOT NULL,
            valid_from TEXT NOT NULL DEFAULT '',
            retired_on TEXT NOT NULL DEFAULT '',
            merged_into TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX expected_unit_position ON expected_unit(position);
        -- every name a commune had, from a date ('' = from the start)
        CREATE TABLE unit_name (
            code TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (code, valid_from)
        );
        -- the rule check of an imported package on its own (warnings; errors are refused at import)
        CREATE TABLE package_check (
            package_id INTEGER PRIMARY KEY REFERENCES package(id) ON DELETE CASCADE,
            warnings INTEGER NOT NULL,
            explained INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT ''
        );
        -- a package refused because it was signed by another key: waits for the officer
        CREATE TABLE key_change (
            id INTEGER PRIMARY KEY,
            unit_code TEXT NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER,
            public_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            file_path TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT
        );
        CREATE INDEX key_change_open ON key_change(period, unit_code) WHERE resolved_at IS NULL;
        CREATE INDEX import_log_period ON import_log(period, unit_code)
        """
    )


@MIGRATIONS()
def m004_demo_unit_code(db: Database) -> None:
    """The demo commune (xã Quảng Thọ, huyện Quảng Điền, Thừa Thiên Huế) carried a made-up code, 19901;
    its GSO code is 19894. A workspace of the demo data takes the real code (nothing else is touched)."""
    db.execute("UPDATE unit SET code = '19894' WHERE id = 1 AND code = '19901' AND name = 'Quảng Thọ' "
               "AND province_code = '46'")


@MIGRATIONS()
def m005_template_files(db: Database) -> None:
    """Template files kept in the workspace: those the superior level sent down (signed) and those a
    superior level wrote itself; every version is kept (a period stays bound to the version it was
    made with). The superior's signing key is pinned on first use; a key change waits for the officer.
    """
    _run(
        db,
        """
        CREATE TABLE template_file (
            id INTEGER PRIMARY KEY,
            template_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,          -- the template's TOML text, exactly as signed
            body_sha256 TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('signed', 'local')),
            signed_file TEXT,            -- the whole signed file (header + body), as received
            public_key TEXT NOT NULL DEFAULT '',
            issuer_code TEXT NOT NULL DEFAULT '',
            issuer_name TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            UNIQUE (template_id, version)
        );
        -- the superior's key templates must be signed with; one row is the pinned one (replaced_at NULL)
        CREATE TABLE template_signer (
            public_key TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            issuer_code TEXT NOT NULL DEFAULT '',
            issuer_name TEXT NOT NULL DEFAULT '',
            pinned_at TEXT NOT NULL,
            how TEXT NOT NULL CHECK (how IN ('first_use', 'accepted')),
            replaced_at TEXT
        );
        CREATE UNIQUE INDEX template_signer_pinned ON template_signer((1)) WHERE replaced_at IS NULL
        """
    )


@MIGRATIONS()
def m006_key_trust(db: Database) -> None:
    """Superior level: a unit's key is trusted only once an officer confirmed its fingerprint (by phone
    or from a list of fingerprints imported with the expected units); every decision on keys is kept.

    ``unit_key.confirmed_at`` NULL = "chưa xác nhận". Keys pinned before this version on first use stay
    unconfirmed; keys an officer accepted after a phone call are confirmed. A package that waits for the
    officer (another key, a first contact) keeps its bytes in ``key_change.package``, so it can be taken
    in when the key is accepted, with the USB stick long gone.
    """
    _run(
        db,
        """
        ALTER TABLE unit_key ADD COLUMN confirmed_at TEXT;
        ALTER TABLE unit_key ADD COLUMN confirmed_how TEXT NOT NULL DEFAULT '';
        UPDATE unit_key SET confirmed_at = pinned_at, confirmed_how = 'phone' WHERE how = 'accepted';
        ALTER TABLE key_change ADD COLUMN kind TEXT NOT NULL DEFAULT 'changed';
        ALTER TABLE key_change ADD COLUMN pinned_fingerprint TEXT NOT NULL DEFAULT '';
        ALTER TABLE key_change ADD COLUMN other_units TEXT NOT NULL DEFAULT '';
        ALTER TABLE key_change ADD COLUMN package BLOB;
        -- the fingerprints the officer received with the list of expected units
        CREATE TABLE key_list (
            unit_code TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            listed_at TEXT NOT NULL
        );
        -- every decision about a unit's key: first seen, confirmed (phone / list), accepted, refused…
        CREATE TABLE key_decision (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            unit_code TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            decision TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX key_decision_unit ON key_decision(unit_code, id);
        CREATE INDEX unit_key_public ON unit_key(public_key)
        """
    )


@MIGRATIONS()
def m007_package_missing_figures(db: Database) -> None:
    """Superior level: how many required figures each imported package leaves empty (its board status
    is then "Thiếu số liệu"). The checks are made again on the next board (they are derived data)."""
    db.execute("ALTER TABLE package_check ADD COLUMN missing INTEGER NOT NULL DEFAULT 0")
    db.execute("DELETE FROM package_check")


@MIGRATIONS()
def m008_period_template(db: Database) -> None:
    """Each period is bound to the report template it is entered on (id, version, SHA-256 of the file).
    NULL: the 2019 template (bc-ungdung-cntt version 1), which every period made before had."""
    _run(
        db,
        """
        ALTER TABLE period ADD COLUMN template_id TEXT;
        ALTER TABLE period ADD COLUMN template_version INTEGER;
        ALTER TABLE period ADD COLUMN template_digest TEXT
        """
    )


@MIGRATIONS()
def m009_package_checks(db: Database) -> None:
    """Superior level: the check of every current or conflict package that has none (m007 emptied them,
    and the board used to make them again while reading). The import makes each package's check when
    it stores it; this step makes the rest once, so the board only reads."""
    from ..domain.dataset import Dataset
    from ..domain.package_check import package_check

    todo = db.execute(
        "SELECT p.id, p.data FROM package p LEFT JOIN package_check c ON c.package_id = p.id "
        "WHERE c.package_id IS NULL AND p.status IN ('current', 'conflict')").fetchall()
    rows = []
    for package_id, data in todo:
        try:
            rows.append((package_id, *package_check(Dataset.from_json(data))))
        except Exception as exc:  # noqa: BLE001 - one unreadable package must not keep the file shut
            problem = getattr(exc, "problem", "") or type(exc).__name__
            rows.append((package_id, 0, 0, f"không đọc được số liệu của gói: {problem}", 1))
    db.conn.executemany("INSERT OR REPLACE INTO package_check(package_id, warnings, explained, summary, "
                        "missing) VALUES (?, ?, ?, ?, ?)", rows)
