"""`flask --app portal backup` and `restore`: a consistent copy of the database and documents, and nothing lost.

"Nothing lost" is checked three ways: every table's row count and SHA-256 of its content (the
same fingerprint on SQLite and PostgreSQL), the agreement PDFs byte for byte, and the portal
working afterwards (a login, and /verify still trusting the restored signing certificate).
"""
import hashlib
import io
import json
import shutil
import threading

import pytest
from sqlalchemy import func, select

from portal import backup
from portal.extensions import db
from portal.models import AgreementSignature, AgreementVersion, Organisation, RateLimit, UnansweredQuestion
from portal.models.base import utcnow
from tests.agreement_helpers import current_pdf, sign_as
from tests.conftest import login, register_other_employer


@pytest.fixture
def keys(app, signing_dir, tmp_path):
    """A copy of the run's signing keys for this test alone: restoring replaces the directory."""
    from portal.agreements.certificates import signing_material

    with app.app_context():
        signing_material()  # made on first use
    own = tmp_path / "signing"
    shutil.copytree(signing_dir, own)
    app.config["AGREEMENT_SIGNING_DIR"] = str(own)
    return own


@pytest.fixture
def filled(app, keys, new_agreement, make_placement):
    """Demo data, an agreement signed by one party, an ended placement, a verified second employer."""
    reference = new_agreement()
    sign_as(app, "employer", reference)
    make_placement("Karim Haddad")
    register_other_employer(app)
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "2120000142"))
        organisation.verified_at, organisation.verified_by_id = None, None
        organisation_id = organisation.id
        db.session.commit()
    coordinator = login(app, "coordinator@example.com")
    assert coordinator.post(f"/organisations/{organisation_id}/verify").status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified_by_id is not None  # a "forward" foreign key
    return reference


def fingerprints(app):
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            return backup.table_fingerprints(connection)


def documents(app):
    with app.app_context():
        db.session.remove()
        versions = {row.id: row.pdf for row in db.session.execute(select(AgreementVersion.id, AgreementVersion.pdf))}
        results = {row.id: row.result_pdf
                   for row in db.session.execute(select(AgreementSignature.id, AgreementSignature.result_pdf))}
        return versions, results


def file_hashes(root):
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def run_backup(runner, out, fmt="auto"):
    result = runner.invoke(args=["backup", "--out", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "Backup written" in result.output
    return json.loads((out / "manifest.json").read_text())


def run_restore(runner, source):
    result = runner.invoke(args=["restore", str(source), "--yes"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "every table and file matches the backup" in result.output
    return result


@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_restore_into_an_empty_database_loses_nothing(app, runner, filled, keys, tmp_path, fmt):
    before, pdfs, key_files = fingerprints(app), documents(app), file_hashes(keys)
    signed_pdf = current_pdf(app, filled)
    assert pdfs[0] and pdfs[1], "the test needs drafted and signed PDFs"

    manifest = run_backup(runner, tmp_path / "backup", fmt)
    assert manifest["tables"] == before
    assert {"users", "organisations", "slots", "placements", "agreement_versions",
            "agreement_signatures"} <= {name for name, table in before.items() if table["rows"]}
    assert set(manifest["files"]) == {f"signing/{name}" for name in key_files}

    # Lose everything: every table and the signing keys.
    with app.app_context():
        db.session.remove()
        db.drop_all()
    shutil.rmtree(keys)

    run_restore(runner, tmp_path / "backup")
    assert fingerprints(app) == before
    assert documents(app) == pdfs
    assert file_hashes(keys) == key_files

    # The restored portal works: the old password logs in, and the signed PDF still verifies
    # against the restored CA.
    client = login(app, "coordinator@example.com")
    answer = client.post("/verify", data={"document": (io.BytesIO(signed_pdf), "a.pdf")},
                         headers={"Accept": "application/json"}, content_type="multipart/form-data").get_json()
    assert answer["agreement"] == filled
    assert [(s["role"], s["valid"]) for s in answer["signatures"]] == [("employer", True)]


def test_restore_undoes_changes_made_after_the_backup(app, runner, filled, tmp_path):
    before = fingerprints(app)
    run_backup(runner, tmp_path / "backup")
    with app.app_context():
        db.session.add(UnansweredQuestion(question="later", normalised="later", lang="en"))
        db.session.delete(db.session.scalar(select(AgreementSignature)))
        db.session.commit()
    assert fingerprints(app) != before
    run_restore(runner, tmp_path / "backup")
    assert fingerprints(app) == before
    # New rows get fresh ids after a restore (PostgreSQL's sequences continue after the restored ids).
    with app.app_context():
        db.session.add(UnansweredQuestion(question="after", normalised="after", lang="en"))
        db.session.commit()


def test_the_backup_is_one_snapshot_while_the_portal_writes(app, runner, demo, tmp_path, monkeypatch):
    """A writer adds one row to each of two tables per transaction; the backup must hold equal numbers.

    The writer commits exactly while the backup is between the two tables, so a backup that read
    each table at a different moment would hold one row more in the second.
    """
    with app.app_context():
        base = (db.session.scalar(select(func.count(UnansweredQuestion.id))),
                db.session.scalar(select(func.count()).select_from(RateLimit)))
    between_tables, committed = threading.Event(), threading.Event()
    reading = backup._rows

    def rows_then_pause(connection, table):
        yield from reading(connection, table)
        if table.name == "guide_unanswered_questions":  # the first of the two tables the writer fills
            between_tables.set()
            committed.wait(timeout=2)

    def writer():
        between_tables.wait(timeout=10)
        with app.app_context():
            db.session.add(UnansweredQuestion(question="q", normalised="q", lang="en"))
            db.session.add(RateLimit(bucket="w", key="w", count=1, window_started_at=utcnow()))
            db.session.commit()
        committed.set()

    monkeypatch.setattr(backup, "_rows", rows_then_pause)
    thread = threading.Thread(target=writer)
    thread.start()
    manifest = run_backup(runner, tmp_path / "backup", "json")
    thread.join()
    assert committed.is_set(), "the writer did not get to write during the backup"
    questions = manifest["tables"]["guide_unanswered_questions"]["rows"] - base[0]
    limits = manifest["tables"]["rate_limits"]["rows"] - base[1]
    assert questions == limits == 0


def test_a_damaged_backup_is_refused_before_anything_is_replaced(app, runner, demo, keys, tmp_path):
    before = fingerprints(app)
    run_backup(runner, tmp_path / "backup")
    (next((tmp_path / "backup" / "files" / "signing").iterdir())).write_bytes(b"changed")
    result = runner.invoke(args=["restore", str(tmp_path / "backup"), "--yes"])
    assert result.exit_code != 0 and "damaged" in result.output
    assert fingerprints(app) == before


def test_a_damaged_database_copy_is_refused_before_anything_is_replaced(app, runner, demo, keys, tmp_path):
    before = fingerprints(app)
    run_backup(runner, tmp_path / "backup")
    copy = next((tmp_path / "backup").glob("database.*"))
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with app.app_context():
        db.session.add(UnansweredQuestion(question="after", normalised="after", lang="en"))
        db.session.commit()
    changed = fingerprints(app)
    result = runner.invoke(args=["restore", str(tmp_path / "backup"), "--yes"])
    assert result.exit_code != 0 and "damaged" in result.output
    assert fingerprints(app) == changed != before


def test_backup_refuses_a_directory_that_is_not_empty(app, runner, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "full")])
    assert result.exit_code != 0 and "not empty" in result.output


def test_the_backup_is_readable_only_by_its_owner(app, runner, demo, tmp_path):
    run_backup(runner, tmp_path / "backup")
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0
    for path in (tmp_path / "backup").glob("database.*"):
        assert path.stat().st_mode & 0o077 == 0


def test_a_database_built_by_the_migrations_comes_back_at_the_same_revision(app, runner, tmp_path):
    """Restored into an empty database, the schema comes from the migrations, up to the backup's revision."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal.demo import load_demo_data

    def drop_everything():
        with app.app_context():
            db.session.remove()
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))

    drop_everything()
    try:
        with app.app_context():
            upgrade()
            load_demo_data(with_agreement=False)
        before = fingerprints(app)
        assert before["alembic_version"]["rows"] == 1
        manifest = run_backup(runner, tmp_path / "backup", "json")
        assert manifest["schema_revision"]
        drop_everything()
        run_restore(runner, tmp_path / "backup")
        assert fingerprints(app) == before
    finally:
        drop_everything()
