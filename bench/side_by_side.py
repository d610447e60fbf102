"""Shared by the side-by-side benchmarks: the throw-away NegMAS venv, running a command in a
fresh process, building pactum. Standard library only."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEGMAS_VERSION = "0.16.0"


def run(cmd, env=None):
    """Runs cmd in a fresh process; returns (wall seconds, stdout bytes, stderr text)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()}")
    return seconds, proc.stdout, proc.stderr.decode()


def negmas_python(venv=None):
    """The Python of a venv holding negmas==0.16.0 from PyPI (a temporary venv by default)."""
    path = venv or tempfile.mkdtemp(prefix="negmas-venv-")
    python = os.path.join(path, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", path])
    check = subprocess.run([python, "-c", "import negmas; print(negmas.__version__)"], capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip() != NEGMAS_VERSION:
        subprocess.check_call([python, "-m", "pip", "install", "-q", f"negmas=={NEGMAS_VERSION}"])
    return python


def pactum_binary():
    """Builds the release binary and returns its path."""
    subprocess.check_call(["cargo", "build", "--release", "--locked", "-q", "-p", "pactum"], cwd=ROOT)
    return os.path.join(ROOT, "target", "release", "pactum")


def generate(folder, family, parties, issues, seed, reservation=None):
    """Writes a generated GENIUS scenario folder with bench/gen_genius.py (once)."""
    if os.path.isdir(folder):
        return folder
    cmd = [sys.executable, os.path.join(ROOT, "bench", "gen_genius.py"), folder, "--family", family,
           "--parties", str(parties), "--issues", str(issues), "--seed", str(seed)]
    if reservation is not None:
        cmd += ["--reservation", str(reservation)]
    subprocess.check_call(cmd)
    return folder


def parser(doc):
    """The command line every side-by-side script shares: --venv and --repeat."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venv", help="virtual environment for NegMAS (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement (the median is shown)")
    return ap
