"""A private PostgreSQL server for the run, and a fresh database on it for each test.

The server is Debian's ``postgresql`` package (installed by scripts/install-system-deps.sh
for the test profile), started by the fixture in a temporary directory on a free port of
127.0.0.1 — nothing is mocked. When the server cannot be started the tests fail rather
than skip, so a CI machine without it cannot pass by accident.

The root conftest's ``uow``/``manager``/``receptionist``/``villas`` fixtures are built on
``opened``; overriding ``opened`` here puts all of them on PostgreSQL for these tests.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bootstrap import Opened, open_database
from app.clock import FakeClock

START_TIMEOUT_S = 60
SUPERUSER = "postgres"


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    socket_dir: Path

    def url(self, database: str = "postgres", driver: str = "psycopg") -> str:
        """An SQLAlchemy URL (``driver=""`` gives the plain libpq form for psycopg)."""
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return f"{scheme}://{SUPERUSER}@{self.host}:{self.port}/{database}"


def _bin_dir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name)
                        if p.parent.parent.name.isdigit() else 0)
    if not candidates:
        pytest.fail("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); "
                    "run scripts/install-system-deps.sh test")
    return candidates[-1].parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(args: list[str]) -> list[str]:
    # initdb refuses to run as root; as root, run the server as the package's own user
    # (always with cwd inside the server's directory, which that user can enter).
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *args]
    return args


def _run(args: list[str], root: Path) -> None:
    done = subprocess.run(_as_server_user(args), capture_output=True, text=True,
                          timeout=START_TIMEOUT_S, check=False, cwd=root)
    if done.returncode != 0:
        log = root / "server.log"
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        pytest.fail(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n"
                    f"{done.stderr}\n{tail}")


@contextlib.contextmanager
def postgres_sandbox() -> Iterator[PostgresServer]:
    """initdb + pg_ctl start in a temporary directory; stopped and removed afterwards."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="villa-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SUPERUSER)
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data = root / "data"
    try:
        # No fsync: a test server's data need not survive a power cut, and it is much faster.
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
              "--encoding=UTF8", "--locale=C", "--no-sync"], root)
        for _attempt in range(3):
            port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
                       "-c full_page_writes=off -c synchronous_commit=off")
            done = subprocess.run(
                _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                 str(root / "server.log"), "-o", options, "-w",
                                 "-t", str(START_TIMEOUT_S), "start"]),
                capture_output=True, text=True, timeout=START_TIMEOUT_S + 10, check=False,
                cwd=root)
            # Another process may take the free port between probe and start: try again.
            if done.returncode == 0:
                break
        else:
            log = (root / "server.log").read_text(errors="replace")[-3000:]
            pytest.fail(f"pg_ctl start failed three times:\n{done.stderr}\n{log}")
        yield PostgresServer("127.0.0.1", port, root)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                            "fast", "-w", "stop"]),
                           capture_output=True, timeout=START_TIMEOUT_S, check=False, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with postgres_sandbox() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> Callable[[str], str]:
    """database name → SQLAlchemy URL on the private server."""
    return postgres_server.url


@pytest.fixture
def pg_database(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for one test; its SQLAlchemy URL. Dropped afterwards."""
    import psycopg

    name = f"villa_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.url(driver="")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        # FORCE: a worker process or an undisposed engine may still hold a connection.
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def opened(pg_database: str, clock: FakeClock) -> Iterator[Opened]:
    result = open_database(pg_database, clock=clock)
    yield result
    result.engine.dispose()
