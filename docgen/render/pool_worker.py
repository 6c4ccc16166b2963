"""One resident LibreOffice worker, run by a Python that can `import uno` (Debian's python3-uno).

Not imported by docgen: `docgen.render.pool` starts it as
`python3 pool_worker.py SOFFICE PROFILE_URI PIPE_NAME` in its own process group. It starts its
own headless soffice listening on a named pipe, connects over UNO, prints `{"ready": true}`, then
answers one JSON request per stdin line with one JSON line on stdout:

    {"op": "convert", "src": "/abs/in.docx", "dst": "/abs/out.pdf"} -> {"ok": true} | {"ok": false, ...}
    {"op": "ping"} -> {"ok": true}

A failure that leaves LibreOffice unusable answers `"fatal": true` and exits; the pool restarts it.
Standard library and uno only: this file runs outside docgen's virtual environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

CONNECT_TIMEOUT = 60.0


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _prop(name: str, value: Any) -> Any:
    import uno  # type: ignore[import-not-found]

    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, soffice: subprocess.Popen[bytes]) -> Any:
    """The remote Desktop, once soffice accepts connections; raises RuntimeError if it died."""
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # NoConnectException while soffice starts
            if soffice.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("soffice did not start") from None
            time.sleep(0.1)


def _convert(desktop: Any, src: str, dst: str) -> None:
    import uno

    load = (
        _prop("Hidden", True),
        _prop("ReadOnly", True),
        _prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
        _prop("UpdateDocMode", 0),  # NO_UPDATE: never follow links to other files
    )
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, load)
    if doc is None:
        raise ValueError("LibreOffice could not load the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), (_prop("FilterName", "writer_pdf_Export"),))
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    soffice_bin, profile_uri, pipe = argv[1:4]
    soffice = subprocess.Popen(
        [soffice_bin, f"-env:UserInstallation={profile_uri}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        desktop = _connect(pipe, soffice)
    except RuntimeError as error:
        _say({"ready": False, "error": str(error)})
        soffice.kill()
        return 1
    _say({"ready": True, "soffice_pid": soffice.pid})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "ping":
            _say({"ok": soffice.poll() is None})
            continue
        try:
            _convert(desktop, request["src"], request["dst"])
            _say({"ok": True})
        except Exception as error:  # report every failure; decide below whether we can go on
            fatal = soffice.poll() is not None or type(error).__name__ in {
                "DisposedException",
                "RuntimeException",
            }
            _say({"ok": False, "fatal": fatal, "error": f"{type(error).__name__}: {error}"})
            if fatal:
                break
    _shut_down(desktop, soffice)
    return 0


def _shut_down(desktop: Any, soffice: subprocess.Popen[bytes]) -> None:
    """End soffice: its wrapper's child (soffice.bin) outlives a kill of the wrapper alone."""
    with contextlib.suppress(Exception):  # already gone
        desktop.terminate()
    if os.getpgrp() == os.getpid():
        # Started by the pool as a group leader: take the whole group, soffice.bin included.
        os.killpg(os.getpgrp(), signal.SIGKILL)
    soffice.kill()
    soffice.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
