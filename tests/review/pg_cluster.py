"""A PostgreSQL server of the test's own, to stop and start: the shared one stays up for others.

The restart tests must stop the server in the middle of a session.  Stopping the machine's
shared service (``pg_ctlcluster 15 main stop``) would break everyone else's tests on it, so
they run a throwaway cluster instead: ``initdb`` into a temporary folder, ``pg_ctl start``
on a free port, ``pg_ctl stop -m immediate`` (a crash: no checkpoint, recovery from the WAL
on the next start), ``pg_ctl start`` again.  The same PostgreSQL binaries as the shared
server.  As root the server runs as the ``postgres`` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def unavailable() -> str | None:
    """Why a private cluster cannot run here, or None."""
    if _bin_dir() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to run a private PostgreSQL server as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start a private PostgreSQL server as postgres"
    return None


class PrivateCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1, trust authentication."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None
        self.bin = bin_dir
        self._as: list[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._remove_stale()
        self.folder = Path(tempfile.mkdtemp(prefix="imr-pg-"))
        (self.folder / "owner.pid").write_text(str(os.getpid()))
        self.data = self.folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _remove_stale(self) -> None:
        """Stop and remove the clusters of test runs that were killed (their process is gone)."""
        for folder in Path(tempfile.gettempdir()).glob("imr-pg-*"):
            try:
                owner = int((folder / "owner.pid").read_text())
                os.kill(owner, 0)
                continue  # its run is alive
            except ProcessLookupError:
                pass
            except (OSError, ValueError):
                continue  # not ours to judge
            if (folder / "data" / "postmaster.pid").exists():
                with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                    self._run("pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
            shutil.rmtree(folder, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self._as, str(self.bin / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("fast")
        shutil.rmtree(self.folder, ignore_errors=True)
