"""edunotice installs like any Python tool: a built wheel (not an editable install) runs
``portals list``, ``demo`` and ``search`` from a fresh virtual environment.

The wheel is built without build isolation and installed without dependencies: the fresh
venv borrows the test venv's third-party packages through a ``.pth`` file, so the test
needs no network, and only the wheel's own files provide ``crawler``, ``archive`` and
``schemas`` (the run directory is a temporary one, not the source tree).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port_run(count: int) -> int:
    """A base port with ``count`` consecutive free ports (the demo serves four portals)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            socks = []
            for port in range(base, base + count):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
        return base
    raise RuntimeError("no run of free ports on 127.0.0.1")


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(root / "dist"), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next((root / "dist").glob("edunotice-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    site = Path(subprocess.check_output(
        [str(env_dir / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        text=True).strip())
    (site / "borrowed_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"),
                              "install", "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-3000:]
    return env_dir


def run(env_dir: Path, cwd: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(env_dir / "bin" / "edunotice"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={"PATH": "/usr/bin:/bin", "EDUNOTICE_DATA_DIR": str(cwd / "data")})


def test_the_installed_package_comes_from_the_wheel_not_the_source_tree(wheel_venv, tmp_path):
    where = subprocess.run([str(wheel_venv / "bin" / "python"), "-c",
                            "import crawler, archive, schemas; print(crawler.__file__, archive.__file__, schemas.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    assert all(str(wheel_venv) in path for path in where.stdout.split()), where.stdout


def test_portals_list_demo_and_search_work_from_the_wheel(wheel_venv, tmp_path):
    listed = run(wheel_venv, tmp_path, "portals", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "qingyuan_edu" in listed.stdout and "kaiping_edu" in listed.stdout

    demo = run(wheel_venv, tmp_path, "demo", "--port-base", str(_free_port_run(4)), "--json")
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert (tmp_path / "data" / "archive.sqlite").is_file()

    found = run(wheel_venv, tmp_path, "search", "招生", "--json")
    assert found.returncode == 0, found.stderr
    assert found.stdout.count("\n") >= 1 and "招生" in found.stdout
