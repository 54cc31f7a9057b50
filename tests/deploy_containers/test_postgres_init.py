#!/usr/bin/env python3
"""deploy/compose/postgres-init.sh against a private, throwaway Postgres 15 (initdb in a temp
dir, TCP with scram-sha-256 like the postgres image): every service's role reaches its own
database with the password init-secrets made, and no other database. Needs Debian's
postgresql-15 (deploy/local/install-deps); as root, the server runs as the postgres user."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SERVICES = ["auth", "category", "product", "cart", "order", "payment", "payment_sim", "delivery",
            "notification"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresInit(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="postgres-init.", dir=os.environ.get(
            "SHOP_TEST_TMPDIR")))
        self.tmp.chmod(0o755)
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.tmp, "postgres")
        self.data = self.tmp / "data"
        self.port = free_port()
        self.run_pg(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8")
        self.run_pg(PG_BIN / "pg_ctl", "-D", self.data, "-o",
                    f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1",
                    "-l", self.tmp / "log", "-w", "start")

    def tearDown(self):
        self.run_pg(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        shutil.rmtree(self.tmp)

    def run_pg(self, *command):
        subprocess.run(self.as_postgres + [str(c) for c in command], check=True,
                       capture_output=True)

    def psql(self, url: str, sql: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["psql", "-X", "-At", url, "-c", sql], capture_output=True,
                              text=True, env={**os.environ, "PGCONNECT_TIMEOUT": "5"})

    def test_each_role_reaches_its_own_database_only(self):
        secrets = self.tmp / "secrets"
        subprocess.run([str(ROOT / "deploy/compose/init-secrets")], check=True,
                       capture_output=True,
                       env={**os.environ, "SHOP_COMPOSE_SECRETS_DIR": str(secrets)})
        secrets.chmod(0o755)  # the script runs as the postgres user, as in the image
        init = subprocess.run(
            self.as_postgres + ["env", f"PGHOST={self.tmp}", f"PGPORT={self.port}",
                                "POSTGRES_USER=postgres", f"SHOP_SECRETS_DIR={secrets}",
                                "bash", str(ROOT / "deploy/compose/postgres-init.sh")],
            capture_output=True, text=True)
        self.assertEqual(init.returncode, 0, init.stderr)

        def url(service: str, database: str | None = None) -> str:
            own = (secrets / f"{service}_database_url").read_text().strip()
            own = own.replace("@postgres:5432/", f"@127.0.0.1:{self.port}/")
            return own if database is None else own.rsplit("/", 1)[0] + "/" + database

        for service in SERVICES:
            with self.subTest(service=service):
                result = self.psql(url(service), "SELECT current_user || ' ' || current_database()")
                self.assertEqual(result.stdout.strip(), f"{service}_svc {service}_db",
                                 result.stderr)
                created = self.psql(url(service), "CREATE TABLE t (x int); DROP TABLE t")
                self.assertEqual(created.returncode, 0, created.stderr)
        refused = self.psql(url("cart", "order_db"), "SELECT 1")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("CONNECT privilege", refused.stderr)
        wrong = self.psql(url("cart").replace("cart_svc:", "cart_svc:x"), "SELECT 1")
        self.assertIn("password authentication failed", wrong.stderr)


if __name__ == "__main__":
    unittest.main()
