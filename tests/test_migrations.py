"""The migrations build exactly the tables the models describe, and can be rolled back."""

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, inspect, select, text
from sqlmodel import SQLModel

from alembic import command
from app.models import all_tables
from app.testing import ROOT, ScratchDatabases


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL database."""
    server = os.environ.get("TEST_DATABASE_URL")
    if server is None:
        return f"sqlite:///{tmp_path / 'm.db'}"
    dbs = ScratchDatabases(tmp_path, server)
    dbs.template = "template0"  # copy of an empty database: no schema yet
    return dbs.fresh()


def test_migrated_schema_matches_the_models(empty_url: str) -> None:
    _alembic("upgrade", empty_url, "head")
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    assert {t.__tablename__ for t in all_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_downgrade_removes_every_table(empty_url: str) -> None:
    _alembic("upgrade", empty_url, "head")
    _alembic("downgrade", empty_url, "base")
    engine = create_engine(empty_url)
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()


def test_corrections_add_a_reason_to_the_records_and_keep_every_saved_version(
    empty_url: str,
) -> None:
    # 0008: a correction of a passed step keeps its reason beside the record version. The
    # records already saved stay as they were (plain saves: no reason), both ways.
    before = _revision_before("0008")
    _alembic("upgrade", empty_url, before)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        _a_saved_record(conn)
    _alembic("upgrade", empty_url, "0008")
    for table in ("step_record", "step_record_version"):
        columns = {c["name"]: c for c in inspect(engine).get_columns(table)}
        assert columns["correctie_reden"]["nullable"]
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT step, version, correctie_reden FROM {table}")).all()
        assert [tuple(r) for r in rows] == [("anamnese", 1, None)]
    engine.dispose()

    _alembic("downgrade", empty_url, before)
    engine = create_engine(empty_url)
    for table in ("step_record", "step_record_version"):
        assert "correctie_reden" not in {c["name"] for c in inspect(engine).get_columns(table)}
        with engine.connect() as conn:
            assert conn.execute(text(f"SELECT step, version FROM {table}")).all() == [
                ("anamnese", 1)
            ]
    engine.dispose()


def _a_saved_record(conn: Connection) -> None:
    """A practice, a therapist, an episode and one saved anamnese, with only the columns every
    revision since 0003 requires (the tables are read from the database itself)."""
    meta = MetaData()
    table = {
        name: Table(name, meta, autoload_with=conn)
        for name in ("practice", "therapist", "episode", "step_record", "step_record_version")
    }
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    practice = conn.execute(
        table["practice"]
        .insert()
        .values(naam="Praktijk M", agb_code="12345678", version=1, created_at=now)
        .returning(table["practice"].c.id)
    ).scalar_one()
    therapist = conn.execute(
        table["therapist"]
        .insert()
        .values(
            practice_id=practice,
            naam="T. Migratie",
            login="t.migratie",
            registraties=["oefentherapeut"],
            inwendig_onderzoek_bevoegd=False,
            rol="therapeut",
            active=True,
            version=1,
            created_at=now,
        )
        .returning(table["therapist"].c.id)
    ).scalar_one()
    episode = conn.execute(
        table["episode"]
        .insert()
        .values(
            practice_id=practice,
            therapist_id=therapist,
            client_ref="MIGRATIE-1",
            profile="algemeen",
            definition_version=3,
            route="verwijzing",
            status="onderzoek",
            version=3,
            client={"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
            aangemeld_op=date(2026, 3, 1),
            sessie_count=0,
            created_at=now,
            updated_at=now,
            created_by="therapist:1",
        )
        .returning(table["episode"].c.id)
    ).scalar_one()
    record = {
        "episode_id": episode,
        "step": "anamnese",
        "version": 1,
        "data": {"hulpvraag": "Weer fietsen."},
        "saved_at": now,
        "saved_by": "therapist:1",
    }
    conn.execute(table["step_record"].insert().values(record))
    conn.execute(table["step_record_version"].insert().values(record))


def test_berichten_get_a_table_of_their_own_and_the_episode_stays_as_it_was(
    empty_url: str,
) -> None:
    # 0010: each bericht a row of its own beside its episode (content, HTML and its hash, the
    # episode version it was made from, when it was sent); the downgrade drops only that table.
    before = _revision_before("0010")
    _alembic("upgrade", empty_url, before)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        _a_saved_record(conn)
    _alembic("upgrade", empty_url, "0010")
    columns = {c["name"]: c for c in inspect(engine).get_columns("bericht")}
    assert set(columns) == {
        "id", "episode_id", "soort", "ontvanger", "episode_version", "content", "html",
        "sha256", "created_at", "created_by", "verzonden_op", "verzonden_door",
    }  # fmt: skip
    assert [name for name, c in columns.items() if c["nullable"]] == [
        "verzonden_op",
        "verzonden_door",
    ]
    (fk,) = inspect(engine).get_foreign_keys("bericht")
    assert (fk["referred_table"], fk["constrained_columns"]) == ("episode", ["episode_id"])
    assert fk["options"].get("ondelete") == "CASCADE"
    bericht = Table("bericht", MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        episode = conn.execute(text("SELECT id FROM episode")).scalar_one()
        conn.execute(
            bericht.insert().values(
                episode_id=episode,
                soort="eindverslag",
                ontvanger=1,
                episode_version=3,
                content={"hulpvraag": "Weer fietsen."},
                html="<p>Weer fietsen.</p>",
                sha256="0" * 64,
                created_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                created_by="therapist:1",
            )
        )
    with engine.connect() as conn:
        row = conn.execute(select(bericht.c.content, bericht.c.verzonden_op)).one()
    assert tuple(row) == ({"hulpvraag": "Weer fietsen."}, None)
    engine.dispose()

    _alembic("downgrade", empty_url, before)
    engine = create_engine(empty_url)
    assert "bericht" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT client_ref FROM episode")).all() == [("MIGRATIE-1",)]
    engine.dispose()


def _revision_before(revision: str) -> str:
    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    down = script.get_revision(revision).down_revision
    assert isinstance(down, str)
    return down


def test_registrations_become_objects_with_a_number_and_an_end_date(empty_url: str) -> None:
    # 0007: each registration name becomes {"register", "nummer", "geldig_tot"}, unknown number
    # and date left empty (the practice records them); the downgrade gives the names back.
    _alembic("upgrade", empty_url, "0006")
    engine = create_engine(empty_url)
    lists = {
        "t.basis": ["oefentherapeut"],
        "t.bekken": ["bekkenoefentherapeut", "oefentherapeut"],
    }
    with engine.begin() as conn:
        _therapists_with(conn, lists)
    _alembic("upgrade", empty_url, "0007")
    assert _registrations(engine) == {
        login: [{"register": r, "nummer": None, "geldig_tot": None} for r in names]
        for login, names in lists.items()
    }
    engine.dispose()

    _alembic("downgrade", empty_url, "0006")
    engine = create_engine(empty_url)
    assert _registrations(engine) == lists
    engine.dispose()


def _therapists_with(conn: Connection, lists: dict[str, list[str]]) -> None:
    """A practice and a therapist per login, with these registrations (read as the table is at
    the database's current revision)."""
    meta = MetaData()
    practice_t = Table("practice", meta, autoload_with=conn)
    therapist_t = Table("therapist", meta, autoload_with=conn)
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    practice = conn.execute(
        practice_t.insert()
        .values(naam="Praktijk R", agb_code="87654321", version=1, created_at=now)
        .returning(practice_t.c.id)
    ).scalar_one()
    for login, registraties in lists.items():
        conn.execute(
            therapist_t.insert().values(
                practice_id=practice,
                naam=f"T. {login}",
                login=login,
                registraties=registraties,
                inwendig_onderzoek_bevoegd=False,
                rol="therapeut",
                active=True,
                version=1,
                created_at=now,
            )
        )


def _registrations(engine: Engine) -> dict[str, Any]:
    """login -> registraties, decoded from the JSON column of either dialect."""
    therapist_t = Table("therapist", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = conn.execute(select(therapist_t.c.login, therapist_t.c.registraties)).all()
    return {login: registraties for login, registraties in rows}


def _alembic(verb: str, url: str, revision: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["skip_logging"] = True
    getattr(command, verb)(cfg, revision)


def test_events_already_stored_join_the_change_feed_and_closed_episodes_get_their_day(
    empty_url: str,
) -> None:
    # 0012 numbers the stored events in their id order, per practice, and starts each
    # practice's counter after them; 0013 gives a closed episode the day of its last transition.
    before = _revision_before("0012")
    _alembic("upgrade", empty_url, before)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        _a_saved_record(conn)
        episode = conn.execute(text("SELECT id FROM episode")).scalar_one()
        conn.execute(text("UPDATE episode SET status = 'afgesloten'"))
        events = Table("episode_event", MetaData(), autoload_with=conn)
        for kind, at in (
            ("created", datetime(2026, 3, 1, 9, 0, tzinfo=UTC)),
            ("transition", datetime(2026, 4, 28, 15, 0, tzinfo=UTC)),
            ("transition", datetime(2026, 4, 29, 10, 0, tzinfo=UTC)),
        ):
            conn.execute(
                events.insert().values(
                    episode_id=episode,
                    kind=kind,
                    actor="therapist:1",
                    at=at,
                    episode_version=1,
                    data={},
                )
            )
    _alembic("upgrade", empty_url, "0013")
    with engine.connect() as conn:
        numbered = conn.execute(text("SELECT id, seq, practice_id FROM episode_event")).all()
        counter = conn.execute(text("SELECT practice_id, seq FROM change_seq")).all()
        closed = conn.execute(text("SELECT afgesloten_op FROM episode")).scalar_one()
    practice = numbered[0][2]
    assert [(seq, p) for _, seq, p in numbered] == [(i, practice) for i, _, _ in numbered]
    assert [tuple(c) for c in counter] == [(practice, max(i for i, _, _ in numbered))]
    assert str(closed) == "2026-04-29"
    engine.dispose()

    _alembic("downgrade", empty_url, before)
    engine = create_engine(empty_url)
    assert "change_seq" not in inspect(engine).get_table_names()
    assert "seq" not in {c["name"] for c in inspect(engine).get_columns("episode_event")}
    assert "afgesloten_op" not in {c["name"] for c in inspect(engine).get_columns("episode")}
    engine.dispose()
