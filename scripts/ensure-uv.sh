#!/usr/bin/env bash
# Make sure uv is there (`pip install uv` when it is not); print the command that runs it.
# Usage: UV="$(scripts/ensure-uv.sh)"   (messages go to stderr)
set -euo pipefail

python=${PYTHON:-python3}

find_uv() {
    if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
        command -v uv
    elif "$python" -m uv --version >/dev/null 2>&1; then
        echo "$python -m uv"
    else
        return 1
    fi
}

if ! find_uv; then
    # Debian's own Python refuses pip installs outside a virtual environment (PEP 668); uv is
    # a self-contained binary, so installing it into this user's site-packages is harmless.
    if "$python" -c 'import os, sys, sysconfig
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(marker) else 1)'; then
        echo "uv: not found; + PIP_BREAK_SYSTEM_PACKAGES=1 $python -m pip install --user uv" >&2
        PIP_BREAK_SYSTEM_PACKAGES=1 "$python" -m pip install --user uv >&2
    else
        echo "uv: not found; + $python -m pip install uv" >&2
        "$python" -m pip install uv >&2
    fi
    hash -r
    find_uv || {
        echo "uv: installed, but neither 'uv' nor '$python -m uv' runs" >&2
        exit 1
    }
fi
