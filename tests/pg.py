"""A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, pg_ctl start, gone at the end.

The tests run the storage code on a real PostgreSQL server, not a mock, and need
nothing installed but the server binaries (``initdb``, ``pg_ctl``, ``postgres``).
The cluster listens on 127.0.0.1 at a free port, keeps its Unix socket in its own
temp dir, trusts local connections and runs with fsync off (it is thrown away).

initdb refuses to run as root, so as root the cluster belongs to an unprivileged
account (``postgres`` if the system has one, else ``nobody``) through
``subprocess``'s ``user=``/``group=``; its temp dir is created for that account.

Set NOTICEWATCH_TEST_POSTGRES_URL to use an existing server instead (a superuser
URL; each test then creates and drops its own database on it), or
NOTICEWATCH_TEST_PG_BINDIR to pick which installed PostgreSQL to start.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

EXTERNAL_URL_ENV = "NOTICEWATCH_TEST_POSTGRES_URL"
BINDIR_ENV = "NOTICEWATCH_TEST_PG_BINDIR"
_BINARIES = ("initdb", "pg_ctl", "postgres")
_SUPERUSER = "postgres"
_PREFIX = "noticewatch-pg-"
_OWNER_FILE = "owner.pid"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine (the tests skip, or fail on CI)."""


def find_bindir() -> Path:
    """The directory holding initdb/pg_ctl/postgres.

    $NOTICEWATCH_TEST_PG_BINDIR if set, else PATH, else the newest of the usual
    Debian (/usr/lib/postgresql/N/bin) and RPM (/usr/pgsql-N/bin) places.
    """
    override = os.environ.get(BINDIR_ENV)
    if override:
        candidates = [Path(override)]
    else:
        found = shutil.which("initdb")
        candidates = [Path(found).parent, Path(found).resolve().parent] if found else []
        installed = glob.glob("/usr/lib/postgresql/*/bin") + glob.glob("/usr/pgsql-*/bin")
        candidates += sorted((Path(p) for p in installed), key=_major_version, reverse=True)
    for bindir in candidates:
        if all((bindir / name).exists() for name in _BINARIES):
            return bindir
    where = override or "PATH, /usr/lib/postgresql/*/bin or /usr/pgsql-*/bin"
    raise PostgresUnavailable(
        f"PostgreSQL server binaries ({', '.join(_BINARIES)}) not found in {where}"
    )


def _major_version(bindir: Path) -> float:
    digits = re.search(
        r"(\d+(?:\.\d+)?)", str(bindir.parent.name if bindir.name == "bin" else bindir)
    )
    return float(digits.group(1)) if digits else 0.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class _Account:
    """Who runs the server: ourselves, or an unprivileged account when we are root."""

    uid: int
    gid: int
    name: str

    @classmethod
    def for_server(cls) -> _Account:
        if os.geteuid() != 0:
            return cls(os.geteuid(), os.getegid(), pwd.getpwuid(os.geteuid()).pw_name)
        for name in ("postgres", "nobody"):
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            return cls(entry.pw_uid, entry.pw_gid, name)
        raise PostgresUnavailable(
            "running as root and no unprivileged 'postgres' or 'nobody' account to run initdb"
        )

    @property
    def switch(self) -> bool:
        return self.uid != os.geteuid()

    def run(
        self, args: list[str], *, cwd: Path, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        options: dict = {}
        if self.switch:
            options = {"user": self.uid, "group": self.gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "HOME": str(cwd), "PGTZ": "UTC"}
        env.pop("PGDATA", None)
        return subprocess.run(
            args,
            cwd=cwd,
            env=env,
            check=check,
            timeout=timeout,
            capture_output=True,
            text=True,
            **options,
        )


def _private_tempdir(account: _Account) -> Path:
    """A temp dir the server's account owns, under a parent it can reach (pytest's is root-only).

    A roomy tmpfs (/dev/shm) is preferred: CREATE DATABASE copies ~8 MB of files,
    25 ms there against ~300 ms on an overlay filesystem, and every test makes one.
    """
    base = Path(tempfile.gettempdir())
    shm = Path("/dev/shm")
    with contextlib.suppress(OSError):
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30:
            base = shm
    if account.switch and not _world_traversable(base):
        base = Path("/tmp")
    _reap_stale_clusters(base, account)
    path = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=base))
    # Root-owned marker: which test process this cluster belongs to (see _reap_stale_clusters).
    (path / _OWNER_FILE).write_text(str(os.getpid()))
    if account.switch:
        os.chown(path, account.uid, account.gid)
    path.chmod(0o700)
    return path


def _reap_stale_clusters(base: Path, account: _Account) -> None:
    """Stop and delete clusters left by test runs that were killed (they would hold RAM on tmpfs).

    Only directories made by this module whose owning test process is gone are touched.
    """
    for root in base.glob(_PREFIX + "*"):
        try:
            owner = int((root / _OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if owner == os.getpid() or _alive(owner):
            continue
        if (root / "data" / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                account.run(
                    [
                        str(find_bindir() / "pg_ctl"),
                        "-D",
                        str(root / "data"),
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                    ],
                    cwd=root,
                    check=False,
                    timeout=30,
                )
        _remove(root)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _world_traversable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


@dataclass
class PgCluster:
    """A running cluster; ``url(dbname)`` gives a psycopg URL, ``create/drop_database`` manage test databases."""

    host: str
    port: int
    user: str = _SUPERUSER
    password: str | None = None
    _root: Path | None = field(default=None, repr=False)
    _bindir: Path | None = field(default=None, repr=False)
    _account: _Account | None = field(default=None, repr=False)
    version: str = ""
    _template: str | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def start(cls) -> PgCluster:
        external = os.environ.get(EXTERNAL_URL_ENV)
        if external:
            url = make_url(external.replace("postgresql://", "postgresql+psycopg://", 1))
            return cls(
                host=url.host or "127.0.0.1",
                port=url.port or 5432,
                user=url.username or _SUPERUSER,
                password=url.password,
            )
        bindir = find_bindir()
        account = _Account.for_server()
        root = _private_tempdir(account)
        try:
            return cls._boot(bindir, account, root)
        except BaseException:
            _remove(root)
            raise

    @classmethod
    def _boot(cls, bindir: Path, account: _Account, root: Path) -> PgCluster:
        data, sockets, logfile = root / "data", root / "sock", root / "server.log"
        initdb = [str(bindir / "initdb"), "-D", str(data), "-U", _SUPERUSER, "--auth=trust"]
        initdb += ["--encoding=UTF8", "--no-locale", "--no-sync"]
        result = account.run(initdb, cwd=root, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"initdb failed (as {account.name}):\n{(result.stderr or result.stdout).strip()}"
            )
        sockets.mkdir()
        if account.switch:
            os.chown(sockets, account.uid, account.gid)
        last_error = ""
        for _attempt in range(3):  # the free port can be taken between probing and binding
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100 "
                "-c shared_buffers=32MB -c timezone=UTC"
            )
            result = account.run(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ],
                cwd=root,
                check=False,
                timeout=90,
            )
            if result.returncode == 0:
                cluster = cls(
                    host="127.0.0.1", port=port, _root=root, _bindir=bindir, _account=account
                )
                cluster.version = cluster._scalar("SHOW server_version")
                return cluster
            last_error = (result.stderr or result.stdout).strip()
            with contextlib.suppress(OSError):
                last_error += "\n" + logfile.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"could not start PostgreSQL in {root}:\n{last_error}")

    def stop(self) -> None:
        if self._root is None:
            return
        try:
            if self._account is not None and self._bindir is not None:
                self._account.run(
                    [
                        str(self._bindir / "pg_ctl"),
                        "-D",
                        str(self._root / "data"),
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                    ],
                    cwd=self._root,
                    check=False,
                    timeout=60,
                )
        finally:
            _remove(self._root)
            self._root = None

    # ------------------------------------------------------------------ databases

    def url(self, dbname: str = "postgres") -> str:
        auth = self.user if self.password is None else f"{self.user}:{self.password}"
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{dbname}"

    def create_database(self, prefix: str = "test", *, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template``; returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def migrated_template(self) -> str:
        """A database at the current schema to copy from (copying beats migrating per test)."""
        if self._template is None:
            from storage.db import open_database

            name = self.create_database("template")
            open_database(self.url(name)).dispose()  # no connection may remain on a template
            self._template = name
        return self._template

    def drop_database(self, name: str) -> None:
        # FORCE (PostgreSQL 13+) ends sessions a test left open instead of hanging.
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextlib.contextmanager
    def database(self, prefix: str = "test", *, migrated: bool = False) -> Iterator[str]:
        """A fresh database for one test, as a URL (empty, or at the current schema); dropped afterwards."""
        name = self.create_database(prefix, template=self.migrated_template() if migrated else None)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)

    def _connect(self):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        )

    def _admin(self, sql: str) -> None:
        with self._connect() as conn:
            conn.execute(sql)

    def _scalar(self, sql: str) -> str:
        deadline = time.monotonic() + 10
        while True:
            try:
                with self._connect() as conn:
                    row = conn.execute(sql).fetchone()
                    return str(row[0]) if row else ""
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def _remove(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
