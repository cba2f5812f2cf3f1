"""Backup and restore: `flask --app portal backup --out DIR` and `flask --app portal restore DIR`.

A backup directory holds:

- the database, as one consistent snapshot:
  - SQLite: `database.sqlite`, made with SQLite's online backup API (a page-by-page copy under
    one read transaction: writers may go on, the copy is the database at one moment);
  - PostgreSQL (or anything else): `database.jsonl.gz`, every table read in one REPEATABLE READ,
    READ ONLY transaction (one snapshot across all tables), a row per line as JSON, bytes in
    base64. We chose this over pg_dump: pg_dump must be at least the server's major version and is
    not always installed beside the portal, its archive restores only into PostgreSQL, and it
    cannot be checked table by table against the manifest. The portable dump restores into
    PostgreSQL or SQLite alike (`--format json` makes one from SQLite too). For a very large
    database a DBA's pg_dump next to it does no harm.
- the documents: every agreement PDF is in the database (`agreement_versions.pdf` and
  `agreement_signatures.result_pdf`), so it is in the snapshot with the rows that describe it;
  `files/signing/` is the portal's signing CA and certificate (instance/signing/, or
  AGREEMENT_SIGNING_DIR), without which the restored PDFs' signatures would no longer chain to
  the portal's trust root. It holds private keys: keep backups as safe as the server.
- `manifest.json`: when, from which database, the schema revision, and for each table its row
  count and a SHA-256 of its content, for each file its SHA-256. `restore` checks the restored
  database and files against it and says so; a mismatch stops with an error.

Restore replaces everything in the configured database (stop the portal first). A SQLite backup
restored into SQLite is copied back whole with the same backup API; otherwise the rows are
loaded in one transaction into the schema (created when the database is empty, else it must be at
the backup's revision: run `flask db upgrade` first).
"""
import base64
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Column, MetaData, String, Table, create_engine, func, inspect, select, text

from .extensions import db

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
JSON_FILE = "database.jsonl.gz"
FILES_DIR = "files"
ALEMBIC = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


class BackupError(click.ClickException):
    pass


# --- Rows as JSON, and the fingerprint of a table -------------------------------------------

def _kind(column):
    column_type = column.type.impl if hasattr(column.type, "impl") else column.type  # UTCDateTime: a DateTime
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return None
    if issubclass(python_type, bytes):
        return "bytes"
    if issubclass(python_type, datetime):
        return "datetime"
    if issubclass(python_type, date):
        return "date"
    return None


def _encode(value, kind):
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "datetime":
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if kind == "date":
        return value.isoformat()
    return value


def _decode(value, kind):
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return value


def _tables(connection):
    """Every table of the database, the portal's in dependency order, then any others and alembic_version.

    A table whose columns differ from the models (a database at another schema revision) is
    read as it is: the models' columns where they exist, the database's own description for the rest.
    """
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    tables = []
    for table in db.metadata.sorted_tables:
        if table.name not in present:
            continue
        names = [column["name"] for column in inspector.get_columns(table.name)]
        if names == [column.name for column in table.columns]:
            tables.append(table)
        else:
            tables.append(_as_in_database(connection, table.name, known=table))
    portal_tables = {table.name for table in db.metadata.sorted_tables} | {ALEMBIC.name}
    tables.extend(_as_in_database(connection, name) for name in sorted(present - portal_tables))
    if ALEMBIC.name in present:
        tables.append(ALEMBIC)
    return tables


def _as_in_database(connection, name, known=None):
    reflected = Table(name, MetaData(), autoload_with=connection)
    columns = []
    for column in reflected.columns:
        model = known.c[column.name] if known is not None and column.name in known.c else column
        columns.append(Column(column.name, model.type, primary_key=column.primary_key))
    return Table(name, MetaData(), *columns)


def _rows(connection, table):
    """(encoded row, raw row) for every row of a table, in primary-key order."""
    kinds = [_kind(column) for column in table.columns]
    query = select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=500).execute(query):
        yield [_encode(value, kind) for value, kind in zip(row, kinds)]


def _line(encoded):
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def table_fingerprints(connection):
    """{table: {"rows": count, "sha256": hash of its content}}: equal when the data is equal, on any database."""
    fingerprints = {}
    for table in _tables(connection):
        digest, count = hashlib.sha256(), 0
        digest.update(_line([column.name for column in table.columns]).encode())
        for encoded in _rows(connection, table):
            digest.update(b"\n" + _line(encoded).encode())
            count += 1
        fingerprints[table.name] = {"rows": count, "sha256": digest.hexdigest()}
    return fingerprints


def _revision(connection):
    if not inspect(connection).has_table(ALEMBIC.name):
        return None
    return connection.scalar(select(ALEMBIC.c.version_num))


# --- Files ------------------------------------------------------------------------------------

def _document_dirs(app):
    """Directories of files that belong with the database: {name in the backup: path}."""
    from .agreements.certificates import signing_directory

    return {"signing": Path(signing_directory(app))}


def _file_hashes(root):
    hashes = {}
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


# --- Backup -----------------------------------------------------------------------------------

def backup(out, fmt="auto"):
    """Write a backup of the database and documents into `out` (a new or empty directory). Returns the manifest."""
    app = current_app._get_current_object()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: choose a new directory")
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)  # it holds password hashes, personal data and the signing keys
    dialect = db.engine.dialect.name
    if fmt == "auto":
        fmt = "sqlite" if dialect == "sqlite" else "json"
    if fmt == "sqlite" and dialect != "sqlite":
        raise BackupError("--format sqlite is for SQLite databases; use --format json")

    if dialect == "sqlite":
        # SQLite: the backup API copies the database as it is at one moment, then we read the copy.
        copy = out / SQLITE_FILE
        _sqlite_snapshot(copy)
        engine = create_engine(f"sqlite:///{copy}")
        try:
            with engine.connect() as connection:
                if fmt == "sqlite":
                    fingerprints, revision = table_fingerprints(connection), _revision(connection)
                else:
                    fingerprints, revision = _write_json(connection, out / JSON_FILE)
        finally:
            engine.dispose()
        if fmt == "sqlite":
            os.chmod(copy, 0o600)
        else:
            copy.unlink()
    else:
        with db.engine.connect() as connection:
            if dialect == "postgresql":
                # One snapshot for every table, and a promise to write nothing.
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
                connection.execute(text("SET TRANSACTION READ ONLY"))
            fingerprints, revision = _write_json(connection, out / JSON_FILE)
            connection.rollback()

    files = {}
    for name, path in _document_dirs(app).items():
        if path.is_dir():
            shutil.copytree(path, out / FILES_DIR / name)
            files.update({f"{name}/{relative}": digest for relative, digest in _file_hashes(path).items()})

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "database": dialect,
        "database_file": SQLITE_FILE if fmt == "sqlite" else JSON_FILE,
        "schema_revision": revision,
        "database_sha256": _sha256(out / (SQLITE_FILE if fmt == "sqlite" else JSON_FILE)),
        "tables": fingerprints,
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _sqlite_snapshot(target):
    with db.engine.connect() as connection:
        source = connection.connection.driver_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # all pages in one step: one consistent snapshot
        finally:
            destination.close()


def _write_json(connection, path):
    """Every table as JSON lines, hashed as written (so the manifest describes exactly this snapshot)."""
    fingerprints = {}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for table in _tables(connection):
            columns = [column.name for column in table.columns]
            handle.write(_line({"table": table.name, "columns": columns}) + "\n")
            digest, count = hashlib.sha256(), 0
            digest.update(_line(columns).encode())
            for encoded in _rows(connection, table):
                line = _line(encoded)
                handle.write(line + "\n")
                digest.update(b"\n" + line.encode())
                count += 1
            fingerprints[table.name] = {"rows": count, "sha256": digest.hexdigest()}
        revision = _revision(connection)
    os.chmod(path, 0o600)
    return fingerprints, revision


# --- Restore ----------------------------------------------------------------------------------

def restore(source):
    """Replace the database and documents with the backup in `source`; check them against its manifest."""
    app = current_app._get_current_object()
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} has no readable {MANIFEST}: is it a backup directory?") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    _check_files(source, manifest)

    database_file = source / manifest["database_file"]
    db.session.remove()
    if database_file.name == SQLITE_FILE and db.engine.dialect.name == "sqlite":
        _restore_sqlite_file(database_file)
    elif database_file.name == SQLITE_FILE:
        engine = create_engine(f"sqlite:///{database_file}")
        try:
            with engine.connect() as connection:
                _load_rows(manifest, _rows_from_database(connection))
        finally:
            engine.dispose()
    else:
        _load_rows(manifest, _rows_from_json(database_file))

    with db.engine.connect() as connection:
        restored = table_fingerprints(connection)
    wrong = sorted(name for name, fingerprint in manifest["tables"].items() if restored.get(name) != fingerprint)
    if wrong:
        raise BackupError(f"after restoring, these tables differ from the backup: {', '.join(wrong)}")

    for name, path in _document_dirs(app).items():
        saved = source / FILES_DIR / name
        if not saved.is_dir():
            continue
        if path.exists():
            aside = path.with_name(f"{path.name}.before-restore-{datetime.now().strftime('%Y%m%d%H%M%S')}")
            path.rename(aside)
        shutil.copytree(saved, path)
        os.chmod(path, 0o700)
        app.extensions.pop("agreement_signing_material", None)  # load the restored keys on next use
        restored_files = {f"{name}/{relative}": digest for relative, digest in _file_hashes(path).items()}
        expected = {key: digest for key, digest in manifest["files"].items() if key.startswith(f"{name}/")}
        if restored_files != expected:
            raise BackupError(f"after restoring, the files in {path} differ from the backup")
    return manifest


def _check_files(source, manifest):
    present = _file_hashes(source / FILES_DIR) if (source / FILES_DIR).is_dir() else {}
    if present != manifest["files"]:
        raise BackupError(f"the files in {source / FILES_DIR} differ from the manifest: the backup is damaged")
    if not (source / manifest["database_file"]).is_file():
        raise BackupError(f"{source / manifest['database_file']} is missing: the backup is incomplete")
    if _sha256(source / manifest["database_file"]) != manifest["database_sha256"]:
        raise BackupError(f"{source / manifest['database_file']} differs from the manifest: the backup is damaged")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _restore_sqlite_file(database_file):
    db.engine.dispose()
    backup_connection = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    try:
        with db.engine.connect() as connection:
            backup_connection.backup(connection.connection.driver_connection)
    finally:
        backup_connection.close()
    db.engine.dispose()


def _rows_from_json(path):
    """(table name, column names, encoded rows) for each table of a JSON-lines dump."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header, rows = None, []
        for line in handle:
            item = json.loads(line)
            if isinstance(item, dict):
                if header is not None:
                    yield header["table"], header["columns"], rows
                header, rows = item, []
            else:
                rows.append(item)
        if header is not None:
            yield header["table"], header["columns"], rows


def _rows_from_database(connection):
    for table in _tables(connection):
        yield table.name, [column.name for column in table.columns], list(_rows(connection, table))


def _load_rows(manifest, tables):
    """Empty the database's tables and insert the backup's rows, in one transaction."""
    _ensure_schema(manifest)
    with db.engine.begin() as connection:
        # The backup's placement facts and data version come back as they were, with the rows they
        # were made from: not a change for portal/data_version.py to record (which would make the
        # tables differ from the manifest).
        connection.execution_options(data_version_off=True)
        target = {table.name: table for table in _tables(connection)}
        # Columns that point "forwards" (organisations.verified_by_id -> users) are filled after all inserts.
        deferred = {table.name: [fk.parent.name for fk in table.foreign_keys if fk.use_alter]
                    for table in db.metadata.sorted_tables if table.name in target}
        for name, held in deferred.items():
            if held:
                connection.execute(target[name].update().values({column: None for column in held}))
        for table in reversed(list(target.values())):
            connection.execute(table.delete())
        later = []
        for name, columns, rows in tables:
            table = target.get(name)
            if table is None or columns != [column.name for column in table.columns]:
                raise BackupError(f"the table {name} in the backup does not fit the database's schema")
            kinds = [_kind(table.c[column]) for column in columns]
            values = [{column: _decode(value, kind) for column, value, kind in zip(columns, row, kinds)} for row in rows]
            held = deferred.get(name, [])
            if held:
                later.extend((table, row) for row in values if any(row[column] is not None for column in held))
                values = [{**row, **{column: None for column in held}} for row in values]
            for start in range(0, len(values), 500):
                connection.execute(table.insert(), values[start:start + 500])
        for table, row in later:
            condition = [column == row[column.name] for column in table.primary_key.columns]
            connection.execute(table.update().where(*condition).values(
                {column: row[column] for column in deferred[table.name]}))
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, target.values())


def _ensure_schema(manifest):
    """An empty database gets the backup's schema (through the migrations); a full one must be at its revision."""
    with db.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        revision = _revision(connection)
    if not present & {table.name for table in db.metadata.sorted_tables}:
        if manifest["schema_revision"]:
            from flask_migrate import upgrade

            upgrade(revision=manifest["schema_revision"])
        else:
            db.metadata.create_all(db.engine)
    elif revision != manifest["schema_revision"]:
        raise BackupError(
            f"the database's schema is at revision {revision}, the backup's at {manifest['schema_revision']}: "
            "restore into an empty database, or bring the schema to the backup's revision first"
        )


def _reset_sequences(connection, tables):
    """After inserting explicit ids, let PostgreSQL's sequences continue after the highest one."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.scalar(select(func.pg_get_serial_sequence(table.name, column.name)))
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(select(func.setval(sequence, highest or 1, highest is not None)))


# --- Commands ---------------------------------------------------------------------------------

def _describe(manifest):
    rows = sum(table["rows"] for table in manifest["tables"].values())
    documents = sum(manifest["tables"].get(name, {}).get("rows", 0)
                    for name in ("agreement_versions", "agreement_signatures"))
    return (f"{len(manifest['tables'])} tables, {rows} rows ({documents} agreement PDFs), "
            f"{len(manifest['files'])} files")


@click.command("backup")
@with_appcontext
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="A new (or empty) directory to write the backup into.")
@click.option("--format", "fmt", type=click.Choice(["auto", "sqlite", "json"]), default="auto", show_default=True,
              help="auto: a SQLite file for SQLite, a portable JSON dump for anything else.")
def backup_command(out, fmt):
    """Write a consistent copy of the database and the stored documents into a directory."""
    manifest = backup(out, fmt)
    click.echo(f"Backup written to {out}: {_describe(manifest)}.")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source, yes):
    """Replace the database and the stored documents with a backup (stop the portal first)."""
    if not yes:
        click.confirm(f"This replaces everything in the database {db.engine.url.render_as_string(hide_password=True)}."
                      " Go on?", abort=True)
    manifest = restore(source)
    click.echo(f"Restored from {source}: {_describe(manifest)}; every table and file matches the backup.")


def init_app(app):
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
