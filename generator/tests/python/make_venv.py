"""Create, or reuse, the virtualenv generator/tests/python_sdk.rs runs the UCloud SDK in.

Usage: python3 make_venv.py VENV_DIR

VENV_DIR is reused when its marker file holds this folder's requirements.txt and the same
Python version; otherwise it is rebuilt: `venv` (with pip), then `pip install -r
requirements.txt` from PyPI. Standard library only. Exit status 0 when the venv is ready,
1 (with the reason on standard error) when Python cannot make one or pip cannot install.
"""

import os
import shutil
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "sdkgen-requirements.txt"


def python_in(venv_dir):
    bin_dir = "Scripts" if os.name == "nt" else "bin"
    return os.path.join(venv_dir, bin_dir, "python.exe" if os.name == "nt" else "python")


def main():
    venv_dir = os.path.abspath(sys.argv[1])
    requirements = os.path.join(HERE, "requirements.txt")
    with open(requirements, encoding="utf-8") as f:
        wanted = "python %s\n%s" % (sys.version.split()[0], f.read())
    marker = os.path.join(venv_dir, MARKER)
    if os.path.exists(marker) and os.path.exists(python_in(venv_dir)):
        with open(marker, encoding="utf-8") as f:
            if f.read() == wanted:
                print("reusing %s" % venv_dir)
                return 0
    shutil.rmtree(venv_dir, ignore_errors=True)
    try:
        venv.create(venv_dir, with_pip=True)
    except Exception as e:  # no ensurepip (Debian without python3-venv), read-only disk, ...
        print("cannot create a venv in %s: %s" % (venv_dir, e), file=sys.stderr)
        return 1
    pip = [python_in(venv_dir), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run(pip + ["--retries", "2", "--timeout", "30", "-r", requirements])
    if done.returncode != 0:
        print("pip install -r %s failed (exit %d)" % (requirements, done.returncode), file=sys.stderr)
        return 1
    with open(marker, "w", encoding="utf-8") as f:
        f.write(wanted)
    print("created %s" % venv_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
