# SPDX-License-Identifier: MIT
"""Dell's `wsl` (Debian package `wsl`, "Wsman Shell commandLine" 0.2.1)
against the management endpoint: a WS-Man client we did not write.

wsl is a set of bash scripts around curl: the target comes from the
environment (WSENDPOINT=host:port, WSUSER, WSPASS), it always speaks HTTPS
(`--insecure`; WSNOSSL=1 would give HTTP) with curl's default scheme,
Basic, which the firmware offers on HTTPS only (docs/auth.md).  `wsl
identify check` always sends the credentials (it has no anonymous mode).
It writes request-N.xml, response-N.xml, response.xml and log.txt in the
current folder: every call gets a folder of its own, and HOME points there
too (no ~/.wsl-config history is read or written: KEEPHISTORY=0).

The firmware runs in QEMU TCG (`-cpu max`, whose RDRAND its DRBG needs),
the e1000 on slirp with 5986 forwarded to a free 127.0.0.1 port only, and
the command line `user=vmanhv password=<random for this run>`.  Every wsl
call has a hard time-out, and so has the emulator.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import emulators
from emulators import Qemu

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
USER = "vmanhv"
WSL_TIMEOUT_S = 60 * emulators.TIMEOUT_SCALE
MODULE_LIMIT_S = 600 * emulators.TIMEOUT_SCALE

pytestmark = pytest.mark.skipif(shutil.which("wsl") is None,
                                reason="Dell's wsl is not installed (apt-get install wsl)")



@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(https port, password, run dir) with the firmware running in QEMU."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_wsl"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{port}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_wsl", request=request,
                               limit_s=MODULE_LIMIT_S) as res:
            assert not res.find(r"^auth: user= or password= unusable"), \
                res.why("auth refused the cmdline")
            print(f"{res.emulator}: HTTPS up after {res.match_time:.1f}s")
            yield port, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def wsl(run_dir: Path, name: str, port: int, user: str, password: str):
    """`wsl identify check` in a folder of its own: (completed process, response, log)."""
    where = run_dir / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(where), "LANG": "C",
        "WSENDPOINT": f"127.0.0.1:{port}", "WSUSER": user, "WSPASS": password,
        "WSAUTOMATED": "1", "KEEPHISTORY": "0", "OUTLEVEL": "3",
        # curl's --connect-timeout (wsl passes no --max-time: the subprocess
        # time-out below bounds the whole call).
        "WGETTIMEOUTSECS": "20", "WGETTRYNUM": "1",
    }
    t0 = time.monotonic()
    proc = subprocess.run(["wsl", "identify", "check"], cwd=where, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=WSL_TIMEOUT_S)
    print(f"wsl identify ({name}): {time.monotonic() - t0:.1f}s, status {proc.returncode}")
    response = (where / "response-1.xml").read_text(errors="replace") \
        if (where / "response-1.xml").exists() else ""
    log = (where / "log.txt").read_text(errors="replace") if (where / "log.txt").exists() else ""
    return proc, response, log


def test_wsl_identify(endpoint):
    """wsl's Identify, with the right password, names the vendor."""
    port, password, run_dir = endpoint
    proc, response, log = wsl(run_dir, "wsl-right", port, USER, password)
    assert re.search(r"<wsmid:ProductVendor>vmanhv</wsmid:ProductVendor>", response), (
        f"no ProductVendor vmanhv in wsl's response\n  stdout: {proc.stdout[-1500:]}\n"
        f"  stderr: {proc.stderr[-500:]}\n  log.txt: {log[-1500:]}")
    assert re.search(r"HTTP/1\.1 200 ", log, re.M), log[-1500:]
    assert proc.returncode == 0, proc.stdout[-1500:]


def test_wsl_wrong_password_refused(endpoint):
    """A wrong password gets a 401 and no IdentifyResponse."""
    port, password, run_dir = endpoint
    proc, response, log = wsl(run_dir, "wsl-wrong", port, USER, password + "x")
    assert re.search(r"HTTP/1\.1 401 ", log, re.M), (
        f"no 401 in curl's headers (wsl's log.txt)\n  log.txt: {log[-1500:]}\n"
        f"  stdout: {proc.stdout[-1500:]}")
    assert "IdentifyResponse" not in response and "vmanhv</wsmid:ProductVendor>" not in response
