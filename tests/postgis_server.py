"""A throw-away PostgreSQL + PostGIS cluster for the tests (Debian's packages, see scripts/setup).

The cluster lives in a temporary folder, listens on 127.0.0.1 only (no Unix socket in a system
folder), and asks every TCP connection for a password (scram-sha-256), so role and row-level
security tests log in exactly as a department would with psql. PostgreSQL refuses to run as
root: as root the server runs as the ``postgres`` system user. Not skipped when PostgreSQL is
missing: ``scripts/setup`` installs it, and a CI without it must fail, not pass silently.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER, SUPERUSER_PASSWORD = "postgres", "multiplan-test-superuser"


def postgres_bin():
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup (it installs postgresql-postgis)")
    return versions[-1].parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int
    bin: Path
    as_postgres: bool

    def dsn(self, database="postgres", user=SUPERUSER, password=SUPERUSER_PASSWORD):
        return f"host=127.0.0.1 port={self.port} dbname={database} user={user} password={password}"

    def create_database(self, name):
        import psycopg2

        connection = psycopg2.connect(self.dsn())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        connection = psycopg2.connect(self.dsn(name))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION postgis")
        connection.close()
        return self.dsn(name)

    def _run(self, *command):
        command = [str(part) for part in command]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--"] + command
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def stop(self):
        try:
            self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start():
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="multiplan-pg-"))
    as_postgres = os.geteuid() == 0
    password_file = folder / "pw"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    if as_postgres:
        shutil.chown(folder, "postgres")
        shutil.chown(password_file, "postgres")
    server = Server(folder, free_port(), bin_dir, as_postgres)
    server._run(bin_dir / "initdb", "-D", folder / "data", "-U", SUPERUSER, "--pwfile", password_file,
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off -c max_connections=60"
    server._run(bin_dir / "pg_ctl", "-D", folder / "data", "-o", options, "-l", folder / "log", "-w", "start")
    deadline = time.monotonic() + 30
    while True:
        try:
            import psycopg2

            psycopg2.connect(server.dsn()).close()
            return server
        except Exception:  # noqa: BLE001 (the server is still starting)
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
