"""Run ``edunotice`` commands the way a shell does, without paying Python's start-up for each.

A test's ``python -m crawler crawl ...`` spends about a second of CPU importing Scrapy,
Twisted, SQLAlchemy and our modules before it does anything, and the suite runs over a
hundred of them. Here one forkserver process per test worker imports all of that once
(with no reactor installed, like ``crawl --workers``), and every command runs in a fresh
child forked from it: its own process, pid, environment, working directory, stdout and
stderr, exit status and signals, the same ``crawler.cli.main`` a shell runs. ``crawler.settings``
reads the environment when imported, so the child re-reads it after taking the command's
environment.

What only a real interpreter start shows (the console script, start-up cost, import
boundaries, a terminal on stderr) is still tested with ``subprocess``.
``EDUNOTICE_TEST_COLD_CLI=1`` runs every command here in a fresh interpreter instead.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

COLD = os.environ.get("EDUNOTICE_TEST_COLD_CLI") == "1"
_context = None


ROOT = Path(__file__).resolve().parents[1]


def _forkserver():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.warmcli_preload"])
        # Python 3.11's forkserver ignores the sys.path it is given and swallows an ImportError
        # of a preloaded module: start it with the project on PYTHONPATH, then check it is warm.
        saved = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), saved]))
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            if saved is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = saved
        probe = context.Process(target=_check_warm)
        probe.start()
        probe.join(60)
        if probe.exitcode != 0:
            raise RuntimeError("tests/warmcli.py: the forkserver did not import tests.warmcli_preload "
                               "(run `python -c 'import tests.warmcli_preload'` from the project root)")
        _context = context
    return _context


def _check_warm() -> None:
    if "tests.warmcli_preload" not in sys.modules:
        raise SystemExit(1)


def _child(args: list[str], env: dict, cwd: str, stdin: str | None, out: str, err: str) -> None:
    """The command, in a forked child: the environment, directory and files a shell would give it."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    for fd, path, flags in ((0, stdin or os.devnull, os.O_RDONLY), (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        target = os.open(path, flags)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = open(0, closefd=False, encoding="utf-8")
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if "crawler.settings" in sys.modules:
        importlib.reload(sys.modules["crawler.settings"])
    code = 0
    try:
        if args[:1] == ["-c"]:  # `python -c SNIPPET ARG...`: a snippet of a test in place of a command
            sys.argv = ["-c", *args[2:]]
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = ["edunotice", *args]
            from crawler.cli import main

            main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        if not isinstance(exit.code, int | None):
            print(exit.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    import atexit

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class WarmProcess:
    """A command started by :func:`start`: ``pid``, ``poll``, ``wait``, ``send_signal``,
    ``returncode`` (negative for a signal, as ``subprocess`` says it), ``stdout``/``stderr`` text."""

    def __init__(self, args: list[str], env: dict | None, cwd: str | Path | None, stdin: bytes | None = None):
        self._files(stdin)
        self._proc = _forkserver().Process(
            target=_child, args=(list(args), dict(os.environ if env is None else env),
                                 os.getcwd() if cwd is None else str(cwd), self._in, self._out, self._err))
        self._proc.start()
        self.pid = self._proc.pid
        self.args = args

    @property
    def returncode(self) -> int | None:
        return self._proc.exitcode

    def poll(self) -> int | None:
        return self._proc.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._proc.join(timeout)
        if self._proc.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return self._proc.exitcode

    def send_signal(self, sig: int) -> None:
        if self._proc.exitcode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _files(self, stdin: bytes | None) -> None:
        self._dir = tempfile.mkdtemp(prefix="warmcli-")
        self._out, self._err = os.path.join(self._dir, "out"), os.path.join(self._dir, "err")
        self._in = None
        if stdin is not None:
            self._in = os.path.join(self._dir, "in")
            Path(self._in).write_bytes(stdin)

    def output(self, text: bool = True) -> tuple[str, str] | tuple[bytes, bytes]:
        out, err = Path(self._out).read_bytes(), Path(self._err).read_bytes()
        shutil.rmtree(self._dir, ignore_errors=True)
        if not text:
            return out, err
        return out.decode("utf-8", errors="replace"), err.decode("utf-8", errors="replace")


def _command(args: list[str]) -> list[str]:
    """What a shell would run: ``python -m crawler ARGS``, or ``python -c SNIPPET ARG...``."""
    return [sys.executable, *args] if args[:1] == ["-c"] else [sys.executable, "-m", "crawler", *args]


def start(args: list[str], env: dict | None = None, cwd: str | Path | None = None,
          stdin: bytes | None = None) -> WarmProcess:
    """``subprocess.Popen([python, -m, crawler, *args])`` with output to files (read with
    ``output()`` once it has ended); ``args`` = ``["-c", SNIPPET, ARG...]`` runs a snippet that
    imports what the forkserver has imported, as ``python -c`` would."""
    if COLD:
        return _ColdProcess(args, env, cwd, stdin)
    return WarmProcess(args, env, cwd, stdin)


def run(args: list[str], env: dict | None = None, cwd: str | Path | None = None, timeout: float | None = 300,
        input: bytes | None = None, text: bool = True) -> subprocess.CompletedProcess:
    """``subprocess.run([python, -m, crawler, *args], capture_output=True, text=text, input=input)``."""
    proc = start(args, env, cwd, input)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)
        raise
    out, err = proc.output(text)
    return subprocess.CompletedProcess(_command(args), proc.returncode, out, err)


class _ColdProcess(WarmProcess):
    """The same interface on a fresh interpreter (``EDUNOTICE_TEST_COLD_CLI=1``)."""

    def __init__(self, args: list[str], env: dict | None, cwd: str | Path | None, stdin: bytes | None = None):
        self._files(stdin)
        with open(self._out, "wb") as out, open(self._err, "wb") as err, \
                open(self._in or os.devnull, "rb") as given:
            self._proc = _Started(subprocess.Popen(_command(args), env=env, cwd=cwd,
                                                   stdin=given, stdout=out, stderr=err))
        self.pid = self._proc.pid
        self.args = args


class _Started:
    """A ``subprocess.Popen`` seen through the parts of ``multiprocessing.Process`` WarmProcess uses."""

    def __init__(self, popen: subprocess.Popen):
        self._popen = popen
        self.pid = popen.pid

    @property
    def exitcode(self) -> int | None:
        return self._popen.poll()

    def join(self, timeout: float | None = None) -> None:
        try:
            self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
