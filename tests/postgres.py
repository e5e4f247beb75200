"""A throwaway PostgreSQL cluster for the tests of the PostgreSQL store: initdb in a temporary
folder, a server listening on a unix socket there only (no TCP port to collide on), stopped and
deleted when the session ends. PostgreSQL refuses to run as root, so when the tests run as root
(CI does) the server runs as the `postgres` user, which must own the folder."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PORT = 5432  # only names the socket file: nothing listens on TCP


def server_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then Debian's layout."""
    for candidate in [shutil.which("initdb"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)]:
        if candidate and Path(candidate).with_name("pg_ctl").exists():
            return Path(candidate).parent
    raise RuntimeError("The PostgreSQL tests start their own server, but no initdb/pg_ctl was found on PATH or in "
                       "/usr/lib/postgresql/*/bin: install PostgreSQL's server package (e.g. postgresql-15).")


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def cluster() -> Iterator[str]:
    """Starts a cluster and yields the base URL of its `postgres` database."""
    bin_dir = server_binaries()
    root = Path(tempfile.mkdtemp(prefix="quotebot-pg-"))
    data = root / "data"
    log = root / "server.log"
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError("The PostgreSQL tests run as root here, and PostgreSQL refuses to run as root, but "
                               "there is no `postgres` user to run the server as (the server package makes it).")
        os.chown(root, user.pw_uid, user.pw_gid)
    root.chmod(0o755)
    run = lambda *args: subprocess.run(_as_server_user([str(a) for a in args]), check=True, capture_output=True,
                                       text=True, timeout=120)
    try:
        run(bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8",
            "--locale", "C")
        # fsync off: a test cluster is thrown away, and every commit would otherwise wait on the disk.
        options = f"-k {root} -p {PORT} -c listen_addresses='' -c fsync=off -c max_connections=200"
        run(bin_dir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as error:
        shutil.rmtree(root, ignore_errors=True)
        detail = error.stderr + (log.read_text() if log.exists() else "")
        raise RuntimeError(f"Could not start a test PostgreSQL cluster: {detail}") from error
    try:
        yield f"postgresql://postgres@/postgres?host={root}&port={PORT}"
    finally:
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


def new_database(base_url: str) -> str:
    """A fresh, empty database on the cluster; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return base_url.replace("/postgres?", f"/{name}?", 1)
