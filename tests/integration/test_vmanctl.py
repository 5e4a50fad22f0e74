# SPDX-License-Identifier: MIT
"""vmanctl, the operator's CLI (tools/vmanctl, docs/vmanctl.md), the real
build/vmanctl against the firmware in QEMU TCG (management-only mode, no VMX:
VMs can be defined, shown and destroyed, not started), over the user network
with hostfwd as test_wsman_invoke.py does.

- host, profiles, list in text and --json (checked with json.loads);
- define + list + show + destroy, and every refusal with its reason and exit
  status (duplicate name, unknown image, bad size, start without VT-x, a VM
  that does not exist, a method the endpoint does not serve);
- credentials from the environment, a password file and a netrc file; a
  wrong password refused with a clear message and exit status 4;
- HTTPS: the key pinned on first use, used silently afterwards, and a host
  that comes back with a new key (a fresh disk makes a new one) refused with
  exit status 5 until `vmanctl forget`;
- --help, each command's --help and the man page (man -l docs/vmanctl.1);
- under Bochs with VT-x (one boot, the slowest test here): the demo guest
  `tick` defined, started, paused, resumed, reset and powered off by vmanctl,
  each state read back with `list --json` and the guest's ticks on the
  firmware's console.

Each test has its own HOME, so no known_hosts or netrc of the machine's is
read or written.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

import emulators
from emulators import Bochs, Qemu
from test_wsl import HTTP_UP, USER, MODULE_LIMIT_S

VMANCTL = emulators.BUILD / "vmanctl"
RUN_TIMEOUT_S = 120 * emulators.TIMEOUT_SCALE

# exit status (docs/vmanctl.1 EXIT STATUS)
OK, FAILED, USAGE, UNREACHABLE, AUTH, PIN = 0, 1, 2, 3, 4, 5


def boot(run_dir: Path, artifacts, http_port: int, https_port: int, password: str) -> Qemu:
    """QEMU on a fresh copy of the image: a fresh disk makes a fresh TLS key."""
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    return Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{https_port}-:5986")


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(http URL, https URL, password) with the firmware running in QEMU."""
    if not VMANCTL.exists():
        pytest.fail(f"{VMANCTL} is missing: run `make vmanctl`", pytrace=False)
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_vmanctl"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    qemu = boot(run_dir, artifacts, http_port, https_port, password)
    with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_vmanctl",
                           request=request, limit_s=MODULE_LIMIT_S):
        yield (f"http://127.0.0.1:{http_port}/wsman", f"https://127.0.0.1:{https_port}/wsman",
               password)


@pytest.fixture
def home(tmp_path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


def vmanctl(home: Path, *args: str, url: str | None = None, password: str | None = None,
            user: str | None = USER, extra_env: dict | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    """build/vmanctl with HOME=home; the password goes by environment, never argv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VMANCTL_")}
    env["HOME"] = str(home)
    env.pop("XDG_CONFIG_HOME", None)
    if url is not None:
        env["VMANCTL_URL"] = url
    if password is not None:
        env["VMANCTL_PASSWORD"] = password
    if user is not None:
        env["VMANCTL_USER"] = user
    env.update(extra_env or {})
    return subprocess.run([str(VMANCTL), "--timeout", "60", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


def ok(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == OK, f"exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res.stdout


def refused(res: subprocess.CompletedProcess, status: int, *words: str) -> str:
    assert res.returncode == status, f"exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    for w in words:
        assert w in res.stderr, res.stderr
    return res.stderr


def http(endpoint, home, *args, **kw):
    url, _, password = endpoint
    return vmanctl(home, *args, url=url, password=password, **kw)


def vm_names(endpoint, home) -> list[str]:
    return [vm["name"] for vm in json.loads(ok(http(endpoint, home, "list", "--json")))]


# --- without an endpoint -----------------------------------------------------------------

def test_help_and_man_page(home):
    out = ok(vmanctl(home, "--help"))
    for cmd in ("host", "list", "define", "start", "stop", "pause", "resume", "reset", "set",
                "show", "console", "destroy", "pools", "profiles", "forget"):
        assert f"\n  {cmd} " in out, out
    assert "exit status" in out
    out = ok(vmanctl(home, "define", "--help"))
    assert "--kernel IMG" in out and "--memory SIZE" in out
    ok_stop = ok(vmanctl(home, "stop", "--help"))
    assert "--force" in ok_stop and "RequestedState 3" in ok_stop
    assert "--reservation CPUS" in ok(vmanctl(home, "set", "--help"))
    page = subprocess.run(["man", "-l", str(emulators.ROOT / "docs/vmanctl.1")],
                          env={**os.environ, "MANPAGER": "cat", "MANWIDTH": "100"},
                          capture_output=True, text=True, timeout=60)
    assert page.returncode == 0, page.stderr
    for section in ("SYNOPSIS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "FILES"):
        assert section in page.stdout, page.stdout[:2000]
    assert "known_hosts" in page.stdout


def test_usage_errors(home):
    refused(vmanctl(home, "bogus"), USAGE, "unknown command 'bogus'")
    refused(vmanctl(home, "list"), USAGE, "no endpoint")
    refused(vmanctl(home, "list", url="http://127.0.0.1:1/wsman"), USAGE, "no password")
    refused(vmanctl(home, "define", "x", "--kernel", "hello64", "--memory", "12X",
                    url="http://127.0.0.1:1/wsman", password="p"), USAGE, "--memory 12X")
    refused(vmanctl(home, "list", url="ftp://127.0.0.1/", password="p"), USAGE,
            "http:// or https://")
    refused(vmanctl(home, "set", "x", "--reservation", "-1", url="http://127.0.0.1:1/wsman",
                    password="p"), USAGE, "--reservation must be a number from 0 to 1024")


def test_unreachable(home):
    port = emulators.free_port()
    refused(vmanctl(home, "list", url=f"http://127.0.0.1:{port}/wsman", password="p"),
            UNREACHABLE, "cannot reach")


# --- against the firmware ----------------------------------------------------------------

def test_host(endpoint, home):
    out = ok(http(endpoint, home, "host"))
    assert "Vendor:" in out and "vmanhv" in out and "State:" in out
    info = json.loads(ok(http(endpoint, home, "host", "--json")))
    assert info["vendor"] == "vmanhv"
    assert info["name"] == "vmanhv"
    assert info["protocol"] == "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
    assert info["enabled_state"] == 2 and info["state"] == "running"


def test_profiles(endpoint, home):
    out = ok(http(endpoint, home, "profiles"))
    assert out.splitlines()[0].split() == ["NAME", "VERSION", "ORGANIZATION", "ID"]
    profiles = json.loads(ok(http(endpoint, home, "profiles", "--json")))
    names = {p["name"]: p for p in profiles}
    assert "Profile Registration" in names, profiles
    assert names["Profile Registration"]["version"] == "1.0.0"
    assert names["Profile Registration"]["organization"] == 2	 # DMTF


def test_define_show_destroy(endpoint, home):
    out = ok(http(endpoint, home, "define", "cli-vm", "--cpus", "2", "--memory", "16M",
                  "--kernel", "hello64"))
    assert out.strip() == "defined cli-vm"
    try:
        rows = [line.split() for line in ok(http(endpoint, home, "list")).splitlines()]
        assert rows[0] == ["NAME", "STATE", "ENABLED", "CPUS", "MEMORY", "LABEL"]
        [row] = [r for r in rows[1:] if r[0] == "cli-vm"]
        assert row[:3] == ["cli-vm", "off", "3"] and row[-1] == "cli-vm", rows
        vms = json.loads(ok(http(endpoint, home, "list", "--json")))
        [vm] = [vm for vm in vms if vm["name"] == "cli-vm"]
        assert (vm["state"], vm["enabled_state"], vm["element_name"]) == ("off", 3, "cli-vm")
        # vCPUs and memory come from the VM's RASDs (the allocation providers)
        assert (vm["cpus"], vm["memory"]) == (2, "16 MiB"), vm
        assert row[3:6] == ["2", "16", "MiB"], rows
        assert "vmanhv" not in [vm["name"] for vm in vms]	 # the host is no VM

        out = ok(http(endpoint, home, "show", "cli-vm"))
        assert "Kernel:" in out and "hello64" in out
        shown = json.loads(ok(http(endpoint, home, "show", "cli-vm", "--json")))
        assert shown["name"] == "cli-vm" and shown["kernel"] == "hello64"
        assert shown["state"] == "off"

        # DSP1042: a duplicate name is 4 Invalid Parameter, and nothing changes
        refused(http(endpoint, home, "define", "cli-vm", "--kernel", "hello64"), FAILED,
                "defining cli-vm failed: 4 Invalid Parameter: DefineSystem was not carried "
                "out: a VM named cli-vm exists")
        assert vm_names(endpoint, home).count("cli-vm") == 1
    finally:
        out = ok(http(endpoint, home, "destroy", "cli-vm"))
    assert out.strip() == "destroyed cli-vm"
    assert "cli-vm" not in vm_names(endpoint, home)
    refused(http(endpoint, home, "destroy", "cli-vm"), FAILED,
            "destroying cli-vm failed: 4 Invalid Parameter: DestroySystem was not carried "
            "out: AffectedSystem: no VM has that Name")


def test_server_errors_with_reason(endpoint, home):
    refused(http(endpoint, home, "define", "bad-vm", "--kernel", "no-such-image"), FAILED,
            "defining bad-vm failed: 4 Invalid Parameter", "no-such-image")
    assert "bad-vm" not in vm_names(endpoint, home)
    # a fault's reason and subcode as the server gave them
    refused(http(endpoint, home, "show", "ghost"), FAILED, "no VM 'ghost'",
            "No instance has these key values", "DestinationUnreachable")
    refused(http(endpoint, home, "stop", "ghost"), FAILED, "shutting down ghost refused")


def test_start_without_vtx_refused(endpoint, home):
    """QEMU TCG has no VMX: the firmware is in management-only mode and the
    start is refused (RequestStateChange's ReturnValue), the VM stays off."""
    ok(http(endpoint, home, "define", "cli-novmx", "--kernel", "hello64"))
    try:
        refused(http(endpoint, home, "start", "cli-novmx"), FAILED, "starting cli-novmx failed:",
                "VM cli-novmx: VMs cannot run on this machine")
        assert json.loads(ok(http(endpoint, home, "show", "cli-novmx", "--json")))["state"] == "off"
    finally:
        ok(http(endpoint, home, "destroy", "cli-novmx"))


def test_pools_set_and_console(endpoint, home):
    """The parts other engineers served while vmanctl was written: the two
    primordial pools, ModifyResourceSettings through `set` (read back by
    `show`), and the console (empty for a VM that never ran, a clear refusal
    for a VM that does not exist)."""
    before = {p["pool_id"]: p for p in json.loads(ok(http(endpoint, home, "pools", "--json")))}
    ok(http(endpoint, home, "define", "cli-parts", "--kernel", "hello64", "--memory", "4M"))
    try:
        pools = {p["pool_id"]: p for p in json.loads(ok(http(endpoint, home, "pools", "--json")))}
        assert pools["vmanhv:pool:processor"]["resource_type"] == 3, pools
        assert pools["vmanhv:pool:memory"]["resource_type"] == 4, pools
        # CurrentlyConsumedResource: the new VM's 4 MiB and its one vCPU
        assert pools["vmanhv:pool:memory"]["consumed"] == \
            before["vmanhv:pool:memory"]["consumed"] + 4, pools
        assert pools["vmanhv:pool:processor"]["consumed"] == \
            before["vmanhv:pool:processor"]["consumed"] + 1, pools
        ok(http(endpoint, home, "set", "cli-parts", "--memory", "8M", "--cpus", "2"))
        [vm] = [vm for vm in json.loads(ok(http(endpoint, home, "list", "--json")))
                if vm["name"] == "cli-parts"]
        assert (vm["cpus"], vm["memory"]) == (2, "8 MiB"), vm
        assert ok(http(endpoint, home, "console", "cli-parts")) == ""
        refused(http(endpoint, home, "console", "no-such-vm"), FAILED, "no-such-vm")
    finally:
        ok(http(endpoint, home, "destroy", "cli-parts"))


# --- credentials -------------------------------------------------------------------------

def test_wrong_password_refused(endpoint, home):
    url, https_url, _ = endpoint
    for u in (url, https_url):
        err = refused(vmanctl(home, "list", url=u, password="not-the-password"), AUTH,
                      "authentication failed", f"user '{USER}'",
                      "wrong user name or password")
        assert "not-the-password" not in err


def test_password_file_and_stdin(endpoint, home):
    url, _, password = endpoint
    pw = home / "pw"
    pw.write_text(password + "\n")
    pw.chmod(0o600)
    assert "NAME" in ok(vmanctl(home, "--password-file", str(pw), "list", url=url))
    assert "NAME" in ok(vmanctl(home, "--password-file", "-", "list", url=url,
                                stdin=password + "\n"))
    # the file wins over the environment
    assert "NAME" in ok(vmanctl(home, "--password-file", str(pw), "list", url=url,
                                password="wrong"))
    refused(vmanctl(home, "--password-file", str(home / "none"), "list", url=url), USAGE,
            "cannot read a password")


def test_netrc(endpoint, home):
    url, _, password = endpoint
    (home / ".netrc").write_text(f"machine elsewhere login x password y\n"
                                 f"machine 127.0.0.1\n  login {USER}\n  password {password}\n")
    # user and password both from ~/.netrc
    assert "NAME" in ok(vmanctl(home, "list", url=url, user=None))
    other = home / "other-netrc"
    other.write_text("default login nobody password wrong\n")
    refused(vmanctl(home, "--netrc-file", str(other), "list", url=url, user=None), AUTH,
            "user 'nobody'")
    other.write_text("machine 127.0.0.1 login\n")
    refused(vmanctl(home, "--netrc-file", str(other), "list", url=url), USAGE,
            "line 1: malformed netrc entry")


# --- HTTPS and the pinned key ------------------------------------------------------------

def known_hosts(home: Path) -> list[str]:
    return (home / ".config/vmanctl/known_hosts").read_text().splitlines()


def test_https_pin_on_first_use(endpoint, home):
    _, https_url, password = endpoint
    hostport = https_url.split("/")[2]
    res = vmanctl(home, "list", url=https_url, password=password)
    assert "NAME" in ok(res)
    assert f"pinned the key of {hostport}" in res.stderr
    [line] = known_hosts(home)
    host, pin = line.split()
    assert host == hostport and pin.startswith("sha256//") and len(pin) == 8 + 44
    # later runs use the pin silently
    res = vmanctl(home, "host", url=https_url, password=password)
    assert "vmanhv" in ok(res) and res.stderr == ""
    assert known_hosts(home) == [line]
    # a wrong pin is refused before anything is sent
    (home / ".config/vmanctl/known_hosts").write_text(
        f"{hostport} sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
    refused(vmanctl(home, "list", url=https_url, password=password), PIN,
            f"THE KEY OF {hostport} HAS CHANGED", f"vmanctl forget {hostport}")


def test_https_new_key_on_same_port_refused(artifacts, home, request):
    """The host comes back on the same address with a fresh disk, hence a new
    TLS key (made on first boot, docs/store.md): refused until forgotten."""
    password = secrets.token_urlsafe(18)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    url = f"https://127.0.0.1:{https_port}/wsman"
    hostport = f"127.0.0.1:{https_port}"
    pins = []
    for turn in ("first", "second"):
        run_dir = emulators.BUILD / "test-runs" / f"test_vmanctl-pin-{turn}"
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(parents=True)
        qemu = boot(run_dir, artifacts, http_port, https_port, password)
        with emulators.running(qemu, run_dir, until=HTTP_UP, name=f"test_vmanctl-pin-{turn}",
                               request=request, limit_s=MODULE_LIMIT_S):
            if turn == "first":
                ok(vmanctl(home, "list", url=url, password=password))
                pins = known_hosts(home)
                continue
            err = refused(vmanctl(home, "list", url=url, password=password), PIN,
                          f"THE KEY OF {hostport} HAS CHANGED", "Nothing was sent",
                          f"vmanctl forget {hostport}")
            assert "NAME" not in err
            assert known_hosts(home) == pins		# the old pin stays until forgotten
            assert ok(vmanctl(home, "forget", hostport)).startswith("removed the pin")
            res = vmanctl(home, "list", url=url, password=password)
            assert "NAME" in ok(res) and "pinned the key" in res.stderr
            [new] = known_hosts(home)
            assert new != pins[0] and new.split()[0] == hostport
    refused(vmanctl(home, "forget", "127.0.0.1:1"), FAILED, "has no pin for 127.0.0.1:1")


# --- VT-x: Bochs ---------------------------------------------------------------------------

BOCHS_BOOT_S = 300 * emulators.TIMEOUT_SCALE
STATE_WAIT_S = 60 * emulators.TIMEOUT_SCALE


def wait_state(url: str, home: Path, password: str, name: str, state: str) -> None:
    """Polls list --json until the VM is in state (the stop of a vCPU takes a
    while under Bochs), at most STATE_WAIT_S."""
    import time
    seen = None
    deadline = time.monotonic() + STATE_WAIT_S
    while time.monotonic() < deadline:
        vms = json.loads(ok(vmanctl(home, "list", "--json", url=url, password=password)))
        seen = {vm["name"]: vm["state"] for vm in vms}.get(name)
        if seen == state:
            return
        time.sleep(1)
    pytest.fail(f"{name} is {seen}, not {state}, after {STATE_WAIT_S:.0f}s")


def ticks(run_dir: Path, name: str) -> int:
    log = (run_dir / "serial.log").read_text(errors="replace")
    return sum(1 for line in log.splitlines() if line.startswith(f"[vm {name}] tick "))


def test_lifecycle_under_vtx(artifacts, home, request):
    """start (2), pause (9), resume (2), reset (11), stop --force (3) and
    destroy of the demo guest, as make run's pasted lines do it."""
    import time
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_vmanctl-bochs"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    fwd = [f"tcp:127.0.0.1:{http_port}-:5985", f"tcp:127.0.0.1:{https_port}-:5986"]
    (run_dir / "slirp.conf").write_text(
        "# slirp config\n" + "".join(f"hostfwd = {f}\n" for f in fwd))
    bochs = Bochs(disk, cpus=2, nic="ethmod=slirp, script=slirp.conf")
    url = f"http://127.0.0.1:{http_port}/wsman"

    def run(*args):
        return vmanctl(home, *args, url=url, password=password)

    with emulators.running(bochs, run_dir, until=HTTP_UP, name="test_vmanctl-bochs",
                           request=request, limit_s=3 * MODULE_LIMIT_S, timeout=BOCHS_BOOT_S):
        assert ok(run("define", "demo", "--cpus", "1", "--memory", "4M", "--kernel",
                      "tick")).strip() == "defined demo"
        try:
            assert ok(run("start", "demo")).strip() == "started demo"
            wait_state(url, home, password, "demo", "running")
            deadline = time.monotonic() + STATE_WAIT_S
            while ticks(run_dir, "demo") < 2 and time.monotonic() < deadline:
                time.sleep(1)
            assert ticks(run_dir, "demo") >= 2, "the guest never ticked"
            # its console through the endpoint (vmanhv_ConsoleOutput): the
            # lines the firmware's serial shows as `[vm demo] ...`
            console = ok(run("console", "demo")).splitlines()
            assert "tick 1" in console and "tick 2" in console, console
            # DSP1057: the state it is in already is no error
            assert ok(run("start", "demo")).strip() == "started demo"

            assert ok(run("pause", "demo")).strip() == "paused demo"
            wait_state(url, home, password, "demo", "paused")
            assert ok(run("resume", "demo")).strip() == "resumed demo"
            wait_state(url, home, password, "demo", "running")
            assert ok(run("reset", "demo")).strip() == "reset demo"
            wait_state(url, home, password, "demo", "running")

            assert ok(run("stop", "--force", "demo")).strip() == "stopped demo"
            wait_state(url, home, password, "demo", "off")
            shown = json.loads(ok(run("show", "demo", "--json")))
            assert shown["state"] == "off" and shown["kernel"] == "tick"
            # an off VM cannot be paused: 4097 with its meaning
            refused(run("pause", "demo"), FAILED,
                    "pausing demo failed: 4097 Invalid State Transition")
        finally:
            res = run("destroy", "demo")
        assert ok(res).strip() == "destroyed demo"
        assert "demo" not in [vm["name"] for vm in
                              json.loads(ok(run("list", "--json")))]
