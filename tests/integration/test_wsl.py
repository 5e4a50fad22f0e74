# SPDX-License-Identifier: MIT
"""Dell's `wsl` (Debian package `wsl`, "Wsman Shell commandLine", version
recorded by test_wsl_version) against the management endpoint: a WS-Man
client we did not write, in every network setup issue 3 names:

  qemu-slirp   QEMU TCG, e1000 on slirp, 5985/5986 forwarded to free 127.0.0.1 ports
  qemu-tap     QEMU TCG, e1000 on a tap inside a network namespace this module
               creates; the firmware has `ip=192.168.78.2/24` on its command
               line and wsl runs inside the namespace (`ip netns exec`)
  bochs-slirp  Bochs, its e1000 on slirp with `hostfwd` lines in slirp.conf
               (as tools/run.sh does for `make run`)

and over both transports the firmware offers (docs/auth.md):

  https-basic  HTTPS on 5986 with curl's default scheme, Basic
  http-digest  plain HTTP on 5985 (WSNOSSL=1) with Digest

In each, `wslid check` identifies the endpoint, `wslenum CIM_ComputerSystem`
enumerates (Enumerate, then Pull to EndOfSequence) and `wslget
CIM_ComputerSystem CreationClassName=CIM_ComputerSystem Name=vmanhv` gets
the host system.  One boot per setup serves all of its wsl calls.

How wsl is driven.  wsl is bash around curl (/usr/share/wsl/wsl-functions,
fSetWGET/fSendRequest): the target comes from the environment (WSENDPOINT=
host:port, WSUSER, WSPASS); WSNOSSL=1 gives HTTP; the curl line is fixed
(`--user U:P --insecure ...`) and wsl has no variable for more curl options.
curl reads $HOME/.curlrc, though, and every call runs with HOME in a folder
of its own: a `.curlrc` holding `--digest` there makes curl answer the
firmware's Digest challenge.  wsl writes request-N.xml, response-N.xml and
log.txt (curl's response heads, OUTLEVEL=3) into the current folder, which
is the same per-call folder; KEEPHISTORY=0 keeps it from reading or
writing a history.  Every wsl call and every emulator has a hard time-out.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import emulators
from emulators import Bochs, Qemu

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
USER = "vmanhv"
WSL_TIMEOUT_S = 60 * emulators.TIMEOUT_SCALE
MODULE_LIMIT_S = 600 * emulators.TIMEOUT_SCALE

CLASS = "CIM_ComputerSystem"
CIM = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
CS_URI = CIM + "CIM_ComputerSystem"
KEYS = ("CreationClassName=CIM_ComputerSystem", "Name=vmanhv")

# Bochs runs with `clock: sync=none`: guest time is instructions / ips.  At
# the default 4 M ips a TLS handshake (an ECDHE and an ECDSA signature, tens
# of millions of instructions) costs the guest many seconds, and wslenum's
# three HTTPS connections (Enumerate, Pull, Pull) once outlasted the
# enumeration context's 60 s (wsen:InvalidEnumerationContext on the Pull).
# Near Bochs's real speed here, guest time stays close to wall time.
BOCHS_WSL_IPS = 25_000_000

# The tap setup's private link: the tap's end in the namespace, the firmware.
TAP_HOST_ADDR = "192.168.78.1"
TAP_FIRMWARE_ADDR = "192.168.78.2"

pytestmark = pytest.mark.skipif(shutil.which("wslid") is None,
                                reason="Dell's wsl is not installed (apt-get install wsl)")


# --- one firmware per network setup --------------------------------------------------------

@dataclass
class Target:
    setup: str
    host: str
    http_port: int
    https_port: int
    password: str
    run_dir: Path
    res: emulators.Result
    netns: str | None = None
    timeout_s: float = WSL_TIMEOUT_S
    calls: list[str] = field(default_factory=list)

    def why(self, what: str) -> str:
        serial = (self.run_dir / "serial.log").read_text(errors="replace").splitlines()
        tail = "\n".join("    | " + l for l in serial[-12:])
        return f"{what}\n  {self.setup}: logs in {self.run_dir}\n  serial.log ends:\n{tail}"


def _ip(*args: str, netns: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    cmd = (["ip", "netns", "exec", netns] if netns else []) + ["ip", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=check)


def _netns_unusable_reason() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create a network namespace and a tap device"
    if shutil.which("ip") is None:
        return "`ip` is not installed (tools/setup.sh test installs iproute2)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun: tap devices are unavailable"
    return None


class TapNetns:
    """A network namespace holding a tap with TAP_HOST_ADDR/24; removed on exit."""

    def __init__(self):
        self.ns = f"vmanhv-wsl-{os.getpid()}"
        self.tap = f"vmwsl{os.getpid() % 100000}"     # interface names: 15 characters at most

    def __enter__(self):
        made = _ip("netns", "add", self.ns, check=False)
        if made.returncode != 0:
            pytest.skip(f"`ip netns add` is not possible here: {made.stderr.strip()}")
        try:
            _ip("tuntap", "add", "dev", self.tap, "mode", "tap")
            _ip("link", "set", self.tap, "netns", self.ns)
            _ip("addr", "add", f"{TAP_HOST_ADDR}/24", "dev", self.tap, netns=self.ns)
            _ip("link", "set", self.tap, "up", netns=self.ns)
            _ip("link", "set", "lo", "up", netns=self.ns)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        _ip("link", "del", self.tap, netns=self.ns, check=False)
        _ip("link", "del", self.tap, check=False)    # if the move into the namespace failed
        _ip("netns", "del", self.ns, check=False)


SETUPS = ("qemu-slirp", "qemu-tap", "bochs-slirp")


@pytest.fixture(scope="module", params=SETUPS)
def target(request, artifacts):
    """The firmware up in one setup, for every wsl call of that setup."""
    setup = request.param
    if setup == "qemu-tap" and (why := _netns_unusable_reason()):
        pytest.skip(why)
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / f"test_wsl-{setup}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    cmdline = f"user={USER} password={password}"
    if setup == "qemu-tap":
        cmdline += f" ip={TAP_FIRMWARE_ADDR}/24"
    disk = emulators.stamp_image(artifacts.raw(""), cmdline, run_dir / "disk.img")
    ports = emulators.free_port(), emulators.free_port()
    fwd = [f"tcp:127.0.0.1:{ports[0]}-:5985", f"tcp:127.0.0.1:{ports[1]}-:5986"]
    ns = None
    timeout_s = WSL_TIMEOUT_S
    boot_timeout = 120
    try:
        with contextlib.ExitStack() as stack:
            if setup == "qemu-slirp":
                emu = Qemu(disk=disk, cpus=2, cpu="max",
                           nic="user,model=e1000," + ",".join(f"hostfwd={f}" for f in fwd))
                host = "127.0.0.1"
            elif setup == "qemu-tap":
                ns = stack.enter_context(TapNetns())
                emu = Qemu(disk=disk, cpus=2, cpu="max", netns=ns.ns,
                           nic=f"tap,model=e1000,ifname={ns.tap},script=no,downscript=no")
                host, ports = TAP_FIRMWARE_ADDR, (5985, 5986)
            else:
                # Bochs 2.7's slirp reads `script=`: first line "# slirp config",
                # then QEMU-style hostfwd lines (tools/run.sh does the same).
                (run_dir / "slirp.conf").write_text(
                    "# slirp config\n" + "".join(f"hostfwd = {f}\n" for f in fwd))
                emu = Bochs(disk, cpus=1, nic="ethmod=slirp, script=slirp.conf",
                            ips=BOCHS_WSL_IPS)
                host = "127.0.0.1"
                timeout_s, boot_timeout = 4 * WSL_TIMEOUT_S, 300
            res = stack.enter_context(emulators.running(
                emu, run_dir, until=HTTP_UP, name=f"test_wsl-{setup}", request=request,
                limit_s=MODULE_LIMIT_S * (3 if setup == "bochs-slirp" else 1),
                timeout=boot_timeout))
            assert not res.find(r"^auth: user= or password= unusable"), \
                res.why("auth refused the cmdline")
            print(f"{setup}: {res.emulator}: HTTP and HTTPS up after {res.match_time:.1f}s")
            yield Target(setup, host, ports[0], ports[1], password, run_dir, res,
                         netns=ns.ns if ns else None, timeout_s=timeout_s)
    finally:
        disk.unlink(missing_ok=True)


# --- running wsl ---------------------------------------------------------------------------

@dataclass
class WslRun:
    proc: subprocess.CompletedProcess
    responses: str      # every response-N.xml, in order
    log: str            # log.txt: curl's command lines and response heads
    seconds: float

    def explain(self) -> str:
        return (f"  status {self.proc.returncode} after {self.seconds:.1f}s\n"
                f"  stdout: {self.proc.stdout[-1500:]}\n  stderr: {self.proc.stderr[-500:]}\n"
                f"  log.txt: {self.log[-1500:]}\n  responses: {self.responses[-1500:]}")


def wsl(t: Target, transport: str, *argv: str, password: str | None = None) -> WslRun:
    """One wsl command in a folder of its own, over `transport`."""
    where = t.run_dir / f"{transport}-{argv[0]}-{len(t.calls)}"
    t.calls.append(where.name)
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(where), "LANG": "C",
        "WSUSER": USER, "WSPASS": password or t.password,
        "WSAUTOMATED": "1", "KEEPHISTORY": "0", "OUTLEVEL": "3",
        # curl's --connect-timeout (wsl passes no --max-time: the subprocess
        # time-out below bounds the whole call); one try.
        "WGETTIMEOUTSECS": "20", "WGETTRYNUM": "1",
    }
    if transport == "http-digest":
        env["WSENDPOINT"] = f"{t.host}:{t.http_port}"
        env["WSNOSSL"] = "1"
        (where / ".curlrc").write_text("--digest\n")
    else:
        env["WSENDPOINT"] = f"{t.host}:{t.https_port}"
    cmd = list(argv)
    if t.netns:
        cmd = ["ip", "netns", "exec", t.netns] + cmd
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=where, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=t.timeout_s)
    seconds = time.monotonic() - t0
    responses = "".join(p.read_text(errors="replace")
                        for p in sorted(where.glob("response-*.xml"),
                                        key=lambda p: int(re.sub(r"\D", "", p.name) or 0)))
    log = (where / "log.txt").read_text(errors="replace") if (where / "log.txt").exists() else ""
    print(f"{t.setup} {transport}: {' '.join(argv)}: status {proc.returncode}, {seconds:.1f}s")
    return WslRun(proc, responses, log, seconds)


def statuses(text: str) -> list[int]:
    """HTTP statuses in the order curl printed them into log.txt (its progress
    meter shares the lines, separated by CRs)."""
    return [int(s) for s in re.findall(r"HTTP/1\.1 (\d{3}) ", text)]


def assert_authenticated(t: Target, transport: str, run: WslRun, what: str) -> None:
    """Every request answered 200 in the end; over HTTP after a Digest challenge
    (curl --digest asks once per connection: 401 with Digest, then 200)."""
    seen = statuses(run.log)
    why = t.why(f"{what} over {transport}: statuses {seen}\n{run.explain()}")
    assert seen and seen[-1] == 200, why
    assert all(s in (200, 401) for s in seen), why
    heads = run.log.replace("\r", "\n")
    if transport == "http-digest":
        assert 401 in seen and re.search(r"^WWW-Authenticate: Digest ", heads, re.M), why
        assert not re.search(r"^WWW-Authenticate: Basic", heads, re.M), \
            t.why(f"Basic offered over plain HTTP\n{run.explain()}")
    else:
        assert 401 not in seen, why     # Basic is sent up front: no challenge needed


def assert_host_instance(t: Target, xml: str, why: str) -> None:
    for prop, value in (("CreationClassName", "CIM_ComputerSystem"), ("Name", "vmanhv"),
                        ("ElementName", "vmanhv"), ("EnabledState", "2"),
                        ("RequestedState", "12")):
        assert re.search(rf"<(\w+:)?{prop}>{value}</(\w+:)?{prop}>", xml), \
            t.why(f"no {prop}={value}\n{why}")


TRANSPORTS = ("https-basic", "http-digest")


# --- the tests -----------------------------------------------------------------------------

def test_wsl_version():
    """The client the issue's closing note names: Debian's wsl, and its version."""
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wsl"], capture_output=True,
                         text=True, timeout=20)
    assert out.returncode == 0 and re.fullmatch(r"[0-9][\w.+~-]*", out.stdout), out
    print(f"wsl {out.stdout} (Debian package)")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslid(target, transport):
    """`wslid check`: an IdentifyResponse naming vmanhv and WS-Man 1.x."""
    run = wsl(target, transport, "wslid", "check")
    assert_authenticated(target, transport, run, "wslid")
    xml = run.responses
    assert re.search(r"<wsmid:ProductVendor>vmanhv</wsmid:ProductVendor>", xml), \
        target.why(f"no ProductVendor vmanhv\n{run.explain()}")
    assert ("<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
            "</wsmid:ProtocolVersion>") in xml, target.why(run.explain())
    assert run.proc.returncode == 0, target.why(run.explain())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslenum(target, transport):
    """`wslenum CIM_ComputerSystem`: Enumerate, Pull to EndOfSequence, the host system."""
    run = wsl(target, transport, "wslenum", CLASS)
    assert_authenticated(target, transport, run, "wslenum")
    xml = run.responses
    assert "EnumerateResponse" in xml and "PullResponse" in xml, target.why(run.explain())
    assert_host_instance(target, xml, run.explain())
    assert "EndOfSequence" in xml, target.why(run.explain())
    assert "Fault" not in xml, target.why(run.explain())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslget(target, transport):
    """`wslget CIM_ComputerSystem CreationClassName=... Name=vmanhv`: a GetResponse."""
    run = wsl(target, transport, "wslget", CLASS, *KEYS)
    assert_authenticated(target, transport, run, "wslget")
    xml = run.responses
    assert "transfer/GetResponse" in xml, target.why(run.explain())
    assert_host_instance(target, xml, run.explain())
    assert "Fault" not in xml, target.why(run.explain())


VSMS = "CIM_VirtualSystemManagementService"
VSMS_SELECTORS = ('<wsman:SelectorSet>'
                  '<wsman:Selector Name="CreationClassName">CIM_VirtualSystemManagementService'
                  '</wsman:Selector><wsman:Selector Name="Name">vmanhv-vsms</wsman:Selector>'
                  '<wsman:Selector Name="SystemCreationClassName">CIM_ComputerSystem'
                  '</wsman:Selector><wsman:Selector Name="SystemName">vmanhv</wsman:Selector>'
                  '</wsman:SelectorSet>')


def return_value(xml: str, method: str) -> int | None:
    m = re.search(rf"<(\w+:)?{method}_OUTPUT\b.*?<(\w+:)?ReturnValue>(\d+)</", xml, re.S)
    return int(m.group(3)) if m else None


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslinvoke(target, transport):
    """`wsl invoke` DefineSystem (SystemSettings as MOF text) and DestroySystem
    (the VM's EPR from a file) on the service given by `-inst` (without it
    wsl looks for the EPR in the last, empty PullResponse only: see
    test_wsman_invoke.vsms_instance_file), in every setup and transport."""
    name = f"wsl-{target.setup}-{transport}"[:23]
    inst = target.run_dir / f"vsms-epr-{transport}.xml"
    inst.write_text("<wsa:ReferenceParameters>\n"
                    f"<wsman:ResourceURI>{CIM}{VSMS}</wsman:ResourceURI>\n"
                    f"{VSMS_SELECTORS}\n</wsa:ReferenceParameters>\n")
    settings = ("SystemSettings=instance of vmanhv_VirtualSystemSettingData "
                f'{{ ElementName = "{name}"; KernelImage = "hello64"; }};')
    run = wsl(target, transport, "wsl", "invoke", VSMS, "DefineSystem", settings,
              "-inst", str(inst))
    assert_authenticated(target, transport, run, "wsl invoke DefineSystem")
    assert return_value(run.responses, "DefineSystem") == 0, target.why(run.explain())

    epr = target.run_dir / f"{name}-epr.xml"
    epr.write_text(
        "<wsa:EndpointReference>\n"
        "<wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
        "</wsa:Address>\n"
        f"<wsa:ReferenceParameters><wsman:ResourceURI>{CS_URI}</wsman:ResourceURI>"
        '<wsman:SelectorSet><wsman:Selector Name="CreationClassName">CIM_ComputerSystem'
        f'</wsman:Selector><wsman:Selector Name="Name">{name}</wsman:Selector>'
        "</wsman:SelectorSet></wsa:ReferenceParameters>\n"
        "</wsa:EndpointReference>\n")
    run = wsl(target, transport, "wsl", "invoke", VSMS, "DestroySystem",
              f"AffectedSystem=FILE:{epr}", "-inst", str(inst))
    assert_authenticated(target, transport, run, "wsl invoke DestroySystem")
    assert return_value(run.responses, "DestroySystem") == 0, target.why(run.explain())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslid_wrong_password_refused(target, transport):
    """A wrong password: 401 and no IdentifyResponse, in every setup and transport."""
    run = wsl(target, transport, "wslid", "check", password=target.password + "x")
    seen = statuses(run.log)
    assert seen and seen[-1] == 401, target.why(f"statuses {seen}\n{run.explain()}")
    assert "IdentifyResponse" not in run.responses, target.why(run.explain())


def test_console_clean(target):
    """Nothing above made the firmware assert, fault or exit."""
    serial = (target.run_dir / "serial.log").read_text(errors="replace")
    bad = [l for l in serial.splitlines()
           if re.search(r"assertion|^EXCEPTION|libc exit|^tls: no|^http: could not", l)]
    assert not bad, target.why(f"the console shows trouble: {bad}")
