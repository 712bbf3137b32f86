#!/usr/bin/env python3
"""Execute Jupyter notebooks with nbclient; used by scripts/run_notebooks.sh.

    python scripts/execute_notebooks.py [--update] [--copies DIR] [--timeout S] NOTEBOOK...

Each notebook runs in a fresh `python3` kernel of this interpreter, with the notebook's own
folder as working directory (so `import corpus_lens_tables` and the default `../out` work),
every cell under a timeout. With `--update` the executed notebook, outputs included, is written
back in place (that is how the committed notebooks are made); otherwise the originals are left
alone and the executed copies go to `--copies DIR` for a look. Cell timing metadata is not
recorded, so an unchanged notebook rerun differs only where its outputs do.

Exit status: 0 when every cell of every notebook ran, 1 at the first error (the failing cell
and its traceback are printed), 2 for bad usage.
"""

import argparse
import os
import sys
import tempfile
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

KERNEL = "python3"


def check_kernel():
    """The python3 kernel must run this interpreter (the venv's), not some other Python."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    exe = spec.argv[0]
    if exe in ("python", "python3", "{python}"):
        return  # ipykernel's built-in spec: started with this interpreter
    if os.path.realpath(exe) != os.path.realpath(sys.executable):
        sys.exit(
            f"execute_notebooks: kernel '{KERNEL}' runs {exe}, not {sys.executable}; "
            "install ipykernel's spec into this environment (python -m ipykernel install --sys-prefix)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--update", action="store_true", help="write outputs back in place")
    parser.add_argument("--copies", help="folder for the executed copies (without --update)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args()
    check_kernel()

    for path in args.notebooks:
        start = time.monotonic()
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=args.timeout,
            kernel_name=KERNEL,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            record_timing=False,
        )
        # the kernel's own stderr (a warning about its localhost TCP transport at every start)
        # is kept aside and shown only when the notebook fails
        with tempfile.TemporaryFile(mode="w+") as kernel_stderr:
            try:
                client.execute(stderr=kernel_stderr)
            except (CellExecutionError, CellTimeoutError) as error:
                kernel_stderr.seek(0)
                print(f"FAILED {path}:\n{error}\n{kernel_stderr.read()}", file=sys.stderr)
                return 1
        if args.update:
            target = path
        elif args.copies:
            os.makedirs(args.copies, exist_ok=True)
            target = os.path.join(args.copies, os.path.basename(path))
        else:
            target = None
        if target:
            nbformat.validate(nb)
            nbformat.write(nb, target)
        where = f" -> {target}" if target else ""
        print(f"ok {path} ({time.monotonic() - start:.1f} s){where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
