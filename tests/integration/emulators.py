# SPDX-License-Identifier: MIT
"""Boot vmanhv images in emulators and read what the firmware prints.

One module for everything that starts an emulator: the integration tests
(tests/integration/), `make bench` (tools/bench.py) and `make run`
(tools/run.sh, through the command line at the bottom of this file).

A run happens in a folder of its own (bochsrc, disk or ISO copy, serial.log,
the emulator's own logs).  The runner follows serial.log until a regular
expression appears or the emulator exits, with a hard time-out, then stops the
emulator and everything it started (Bochs runs under `script`, which puts it
in a session of its own, so the whole tree is walked, not just a group).

Judge a run by what the firmware printed: Bochs exits with status 1 even when
the firmware shuts it down on purpose (docs/console.md, option `exit`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("VMANHV_BUILD", ROOT / "build")).resolve()

BOCHS = "bochs"
BOCHS_BIOS = Path("/usr/share/bochs/BIOS-bochs-latest")
BOCHS_VGABIOS = Path("/usr/share/vgabios/vgabios.bin")
QEMU = "qemu-system-x86_64"
OVMF_CODE = Path("/usr/share/OVMF/OVMF_CODE.fd")
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS.fd")

# isa-debug-exit turns the firmware's `outb 0x10, 0xf4` into this status.
QEMU_EXIT_STATUS = (0x10 << 1) | 1

# Bochs: instructions per emulated second.  With `clock: sync=none` emulated
# time advances with instructions, so BIOS POST delays, PIT calibration and
# SIPI waits cost ips * seconds instructions: a small ips keeps runs short
# while the guest still sees a consistent clock.
BOCHS_IPS = int(os.environ.get("VMANHV_BOCHS_IPS", "4000000"))

# The Linux test guest (docs/linux-guest.md), as tests/integration/test_linux.py
# and `make bench` boot it: 2 vCPUs, 128 MiB, and a kernel command line with
# no PCI bus, one UART (the 8250 driver would probe COM2-4 otherwise), no
# port-0x80 delays, and `quiet`, since every UART byte is an exit.
LINUX_FIRMWARE_CMDLINE = "guest=vmlinuz:2 guest.initrd=initramfs guest.mem=128"
# Bochs's guest time is instructions / ips.  At the default 4 M a Linux boot
# takes minutes of guest time: its crypto self-tests time out after 60 s of
# jiffies ("Problem loading in-kernel X.509 certificate (-110)"), the soft-lockup
# watchdog fires, and every timer tick is an exit.  At 200 M a guest second is
# about what it is on real hardware.
LINUX_BOCHS_IPS = 200_000_000
LINUX_KERNEL_CMDLINE = ("console=ttyS0 quiet nokaslr pci=off 8250.nr_uarts=1 io_delay=none "
                        "vmanhv.test=poweroff")

# Time-outs scale with this (a slow or loaded machine: VMANHV_TIMEOUT_SCALE=3).
TIMEOUT_SCALE = float(os.environ.get("VMANHV_TIMEOUT_SCALE", "1"))

BOOT_READY = r"^boot: ready"


# --- host facts ---------------------------------------------------------------

def kvm_unusable_reason() -> str | None:
    """Why QEMU/KVM with nested VT-x cannot run here, or None if it can."""
    if not os.path.exists("/dev/kvm"):
        return "no /dev/kvm on this host"
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "/dev/kvm is not readable and writable by this user"
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        flags = ""
    if not re.search(r"^flags\s*:.*\bvmx\b", flags, re.M):
        return "the host CPU has no vmx flag (nested VT-x unavailable)"
    return None


# --- emulators ----------------------------------------------------------------

def own_disk(image: Path, run_dir: Path) -> Path:
    """The run's own copy of a disk image (sparse), or the image itself if it
    is already in the run's folder.  The firmware writes its configuration
    store to its boot disk, and Bochs marks a flat image in use with
    IMAGE.lock and leaves that file behind when it is killed: a shared image
    would carry both into the next run that boots it."""
    image = Path(image)
    if image.resolve().parent == Path(run_dir).resolve():
        return image
    disk = Path(run_dir) / "disk.img"
    subprocess.run(["cp", "--sparse=always", "--reflink=auto", str(image), str(disk)],
                   check=True, timeout=120)
    return disk


class Emulator:
    """An emulator configuration; prepare() writes its files into a run folder."""

    name = "emulator"
    default_timeout = 60.0

    def prepare(self, run_dir: Path) -> list[str]:
        raise NotImplementedError

    @property
    def serial_name(self) -> str:
        return "serial.log"

    def environment(self) -> dict[str, str]:
        """Variables the emulator needs on top of ours."""
        return {}

    def complaints(self, run_dir: Path) -> list[str]:
        """What the emulator itself said went wrong (its panics and errors), for
        a failed test's message: a run that ends at once with no serial output
        is otherwise a riddle."""
        return []

    def attach(self, run_dir: Path) -> "ScreenDrain | None":
        """Whatever must run beside the emulator while it runs (closed by the
        runner when the run ends), or None."""
        return None


class Bochs(Emulator):
    """Bochs 2.7 with a VT-x CPU model, booting a raw disk image (ATA) or, with
    cdrom=True, an ISO (a GRUB ISO from tools/mkiso.sh) as an ATAPI CD-ROM."""

    name = "bochs"
    default_timeout = 180.0

    def __init__(self, image: Path, cpus: int = 2, model: str = "corei7_skylake_x",
                 ips: int | None = None, megs: int = 512, nic: str | None = None,
                 cdrom: bool = False):
        self.image = Path(image)
        # The CD-ROM is the primary master, where the disk would be (measured
        # boot times in docs/disk-layout.md).
        self.cdrom = cdrom
        self.cpus = cpus
        self.model = model
        self.ips = ips or BOCHS_IPS
        self.megs = megs
        # An e1000 with these bochsrc options (e.g. "ethmod=slirp"); None: no NIC.
        self.nic = nic

    def describe(self) -> str:
        net = f", e1000 {self.nic}" if self.nic else ""
        media = "ISO on CD-ROM" if self.cdrom else "raw image"
        return f"Bochs {self.model} x{self.cpus}, {media}{net}"

    def prepare(self, run_dir: Path) -> list[str]:
        rc = f"""\
# Generated by tests/integration/emulators.py for this run only.
megs: {self.megs}
cpu: model={self.model}, count={self.cpus}, ips={self.ips}, reset_on_triple_fault=0
romimage: file={BOCHS_BIOS}
vgaromimage: file={BOCHS_VGABIOS}
{self._boot_drive(run_dir)}
com1: enabled=1, mode=file, dev=serial.log
port_e9_hack: enabled=1
display_library: term
log: bochs.log
clock: sync=none, time0=local
mouse: enabled=0
"""
        if self.nic:
            # The MAC QEMU gives its first NIC, so both emulators print the same one.
            rc += f"e1000: enabled=1, mac=52:54:00:12:34:56, {self.nic}\n"
        (run_dir / "bochsrc").write_text(rc)
        # Debian's Bochs has the debugger built in: without a command file
        # it stops at its prompt before the first instruction.
        (run_dir / "dbg.rc").write_text("c\n")
        # The term display needs a terminal: `script` gives it a pty; -e
        # returns Bochs's own exit status (1 after a panic), not script's 0.
        inner = "bochs -q -f bochsrc -rc dbg.rc"
        return ["script", "-qefc", inner, "/dev/null"]

    def _boot_drive(self, run_dir: Path) -> str:
        """The primary ATA master and the boot order: the ISO, read-only and
        used in place, or the run's own copy of the disk (own_disk)."""
        if self.cdrom:
            return f'ata0-master: type=cdrom, path="{self.image}", status=inserted\nboot: cdrom'
        disk = own_disk(self.image, run_dir)
        return f'ata0-master: type=disk, path="{disk}", mode=flat\nboot: disk'

    def environment(self) -> dict[str, str]:
        # The term display is curses on script's pty, whatever terminal (if
        # any: CI has no TERM at all) we run on; without a known TERM it
        # stops at once with "Error opening terminal".
        return {"TERM": "xterm"}

    def attach(self, run_dir: Path) -> "ScreenDrain":
        return ScreenDrain(run_dir / "console.log")

    def complaints(self, run_dir: Path) -> list[str]:
        # bochs.log lines are TICKSx[MODULE] text, x one of d i e p (debug,
        # info, error, panic).
        try:
            log = (run_dir / "bochs.log").read_text(errors="replace").splitlines()
        except OSError:
            return []
        return [l for l in log if re.match(r"^\d+[ep]\[", l)][-6:]


class ScreenDrain(threading.Thread):
    """Reads, and throws away, the screen of Bochs's term display.

    Debian's Bochs has its debugger built in, and then the term display does
    not draw on its own terminal: it opens a new pty (/dev/ptmx), says
    `Bochs connected to screen "/dev/pts/N"` on stderr and draws the guest's
    VGA text there, for someone to read at /dev/pts/N.  Nobody does, so once
    about 64 KiB of drawing fills that pty, Bochs blocks in write() for good
    and the run hangs (seen in long Linux boots: the kernel's VGA console).
    This thread opens N, makes it raw (no echo back into Bochs's keyboard, no
    line buffer, no XON/XOFF) and drains it until the run ends."""

    SCREEN = re.compile(rb'Bochs connected to screen "(/dev/pts/\d+)"')

    def __init__(self, console_log: Path):
        super().__init__(name="bochs-screen", daemon=True)
        self.console_log = console_log
        self.done = threading.Event()
        self.drained = 0
        self.start()

    def _screen(self) -> str | None:
        while not self.done.is_set():
            try:
                with open(self.console_log, "rb") as f:
                    m = self.SCREEN.search(f.read(65536))
            except OSError:
                m = None
            if m:
                return m.group(1).decode()
            self.done.wait(0.05)
        return None

    def run(self) -> None:
        path = self._screen()
        if path is None:
            return
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError:
            return
        try:
            with contextlib.suppress(OSError):
                tty.setraw(fd)
            while not self.done.is_set():
                if not select.select([fd], [], [], 0.2)[0]:
                    continue
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    break       # EIO: Bochs has closed its side
                if not chunk:
                    break
                self.drained += len(chunk)
        finally:
            os.close(fd)

    def close(self) -> None:
        self.done.set()
        self.join(timeout=2)


class Qemu(Emulator):
    """QEMU (TCG, or KVM with accel='kvm') booting a disk, an ISO or -kernel."""

    name = "qemu"
    default_timeout = 90.0

    def __init__(self, *, disk: Path | None = None, cdrom: Path | None = None,
                 kernel: Path | None = None, append: str | None = None,
                 firmware: str = "seabios", cpus: int = 4, accel: str = "tcg",
                 cpu: str | None = None, megs: int = 512, extra: list[str] | None = None,
                 nic: str | None = None, netns: str | None = None):
        if sum(x is not None for x in (disk, cdrom, kernel)) != 1:
            raise ValueError("give exactly one of disk, cdrom, kernel")
        if firmware not in ("seabios", "ovmf"):
            raise ValueError(f"unknown firmware {firmware!r}")
        self.disk, self.cdrom, self.kernel = disk, cdrom, kernel
        self.append = append
        self.firmware = firmware
        self.cpus = cpus
        self.accel = accel
        # TCG: the richest CPU TCG emulates (it has no VMX); KVM: the host's.
        self.cpu = cpu or ("host" if accel == "kvm" else "max")
        self.megs = megs
        self.extra = list(extra or [])
        # `-nic` options (e.g. "user,model=e1000"); None: no NIC at all.
        self.nic = nic
        # Run QEMU inside this network namespace (`ip netns exec`): a tap in there.
        self.netns = netns
        if firmware == "ovmf":
            self.default_timeout = 120.0

    def describe(self) -> str:
        what = "raw image" if self.disk else "ISO" if self.cdrom else "-kernel"
        fw = "OVMF" if self.firmware == "ovmf" else "SeaBIOS"
        net = f", -nic {self.nic}" if self.nic else ""
        return f"QEMU/{self.accel.upper()} -cpu {self.cpu} x{self.cpus}, {what}, {fw}{net}"

    def prepare(self, run_dir: Path) -> list[str]:
        argv = [
            QEMU, "-accel", self.accel, "-cpu", self.cpu,
            "-smp", str(self.cpus), "-m", str(self.megs),
            "-display", "none", "-no-reboot", "-nic", self.nic or "none",
            "-serial", "file:serial.log", "-debugcon", "file:debugcon.log",
            "-monitor", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
        ]
        if self.firmware == "ovmf":
            shutil.copyfile(OVMF_VARS, run_dir / "OVMF_VARS.fd")
            argv += ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                     "-drive", "if=pflash,format=raw,file=OVMF_VARS.fd"]
        if self.disk:
            disk = own_disk(self.disk, run_dir)
            argv += ["-drive", f"file={disk},format=raw,if=ide,index=0,media=disk"]
        if self.cdrom:
            argv += ["-drive", f"file={self.cdrom},format=raw,if=ide,index=1,media=cdrom",
                     "-boot", "d"]
        if self.kernel:
            argv += ["-kernel", str(self.kernel)]
            if self.append is not None:
                argv += ["-append", self.append]
        if self.netns:
            # `ip netns exec` execs QEMU itself: the runner still stops the right pid.
            argv = ["ip", "netns", "exec", self.netns] + argv
        return argv + self.extra

    def complaints(self, run_dir: Path) -> list[str]:
        # QEMU's own errors go to stderr, which is console.log.
        try:
            log = (run_dir / "console.log").read_text(errors="replace").splitlines()
        except OSError:
            return []
        return [l for l in log if l.startswith("qemu-system")][-6:]


# --- one run ------------------------------------------------------------------

@dataclass(repr=False)
class Result:
    emulator: str
    run_dir: Path
    command: list[str]
    serial: str = ""
    returncode: int | None = None
    matched: bool = False
    timed_out: bool = False
    exited: bool = False          # the emulator ended by itself
    elapsed: float = 0.0          # wall seconds, start to end of run
    match_time: float | None = None   # wall seconds until the pattern appeared
    log_hint: str = ""            # where the logs are kept if the test fails
    complaints: list[str] = field(default_factory=list)   # the emulator's own errors

    def __repr__(self) -> str:
        # Short, because pytest prints it under every failed assertion.
        return f"<run of {self.emulator} in {self.run_dir.name}/>"

    @property
    def lines(self) -> list[str]:
        return [l.rstrip("\r") for l in self.serial.splitlines()]

    def find(self, pattern: str) -> list[re.Match]:
        return [m for l in self.lines if (m := re.search(pattern, l))]

    def index(self, pattern: str) -> int:
        """Line number of the first line matching pattern, or -1."""
        for i, l in enumerate(self.lines):
            if re.search(pattern, l):
                return i
        return -1

    def why(self, what: str) -> str:
        """An assertion message: what went wrong, the end of the log, where to look."""
        state = ("timed out" if self.timed_out else
                 f"exited with status {self.returncode}" if self.exited else "stopped by the runner")
        tail = "\n".join("    | " + l for l in self.lines[-25:]) or "    | (no serial output)"
        said = "".join(f"\n    ! {l}" for l in self.complaints)
        said = f"\n  the emulator complained:{said}" if said else ""
        return (f"{what}\n  {self.emulator}: {state} after {self.elapsed:.1f}s; "
                f"{self.log_hint or 'logs in ' + str(self.run_dir)}{said}\n"
                f"  serial.log ends:\n{tail}")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def stop_tree(proc: subprocess.Popen, grace: float = 3.0) -> None:
    """End an emulator and every process it started (its group and its tree)."""
    if proc.poll() is not None:
        pids = []
    else:
        pids = _tree(proc.pid)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        for p in pids:
            try:
                os.kill(p, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            alive = [p for p in pids if _alive(p)] if pids else []
            if proc.poll() is not None and not alive:
                return
            time.sleep(0.05)
    proc.wait(timeout=5)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def run(emu: Emulator, run_dir: Path, *, until: str | None = BOOT_READY,
        timeout: float | None = None, linger: float = 15.0,
        follow=None, log_hint: str = "",
        while_running: Callable[[Result], None] | None = None) -> Result:
    """Boot emu in run_dir; stop when `until` matches a serial line and the
    emulator has had `linger` seconds to end by itself (option `exit`), when
    it exits, or after `timeout` seconds.  `follow` (a binary stream) gets the
    serial output as it arrives.  until=None: run until exit or time-out.

    while_running(result): called once, as soon as `until` matches, with the
    emulator still running and result.serial holding the output so far (talk
    to the firmware from the host: ping it, open a connection).  The run ends
    when it returns, without lingering; an exception it raises still stops
    the emulator first.  Bound its own waits: the run's time-out does not
    interrupt it."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    timeout = (timeout or emu.default_timeout) * TIMEOUT_SCALE
    argv = emu.prepare(run_dir)
    (run_dir / "command.txt").write_text(shlex.join(argv) + "\n")
    serial_path = run_dir / emu.serial_name
    serial_path.write_bytes(b"")
    pattern = re.compile(until, re.M) if until else None

    res = Result(emulator=emu.describe() if hasattr(emu, "describe") else emu.name,
                 run_dir=run_dir, command=argv, log_hint=log_hint)
    data = bytearray()
    start = time.monotonic()
    with open(run_dir / "console.log", "wb") as console:
        proc = subprocess.Popen(argv, cwd=run_dir, stdin=subprocess.DEVNULL,
                                stdout=console, stderr=subprocess.STDOUT,
                                env={**os.environ, **emu.environment()},
                                start_new_session=True)
        companion = emu.attach(run_dir)
        try:
            with open(serial_path, "rb") as serial:
                def pump() -> None:
                    chunk = serial.read()
                    if chunk:
                        data.extend(chunk)
                        if follow is not None:
                            follow.write(chunk)
                            follow.flush()

                while True:
                    pump()
                    now = time.monotonic() - start
                    if pattern and not res.matched and pattern.search(
                            data.decode("utf-8", "replace").replace("\r", "")):
                        res.matched, res.match_time = True, now
                        if while_running is not None and proc.poll() is None:
                            res.serial = data.decode("utf-8", "replace")
                            while_running(res)
                            pump()
                            break
                    if proc.poll() is not None:
                        time.sleep(0.1)   # let the last bytes reach the file
                        pump()
                        res.exited = True
                        break
                    if res.matched and now - res.match_time >= linger:
                        break
                    if now >= timeout:
                        res.timed_out = True
                        break
                    time.sleep(0.05)
        finally:
            # A second Ctrl-C or SIGTERM must not cut the clean-up short: hold
            # them until the emulator is gone (they are delivered afterwards).
            held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
            old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, held)
            try:
                stop_tree(proc)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
                if companion is not None:
                    companion.close()
            res.returncode = proc.returncode
            res.elapsed = time.monotonic() - start
    res.serial = data.decode("utf-8", "replace")
    res.complaints = emu.complaints(run_dir)
    if pattern and not res.matched and pattern.search(res.serial.replace("\r", "")):
        res.matched = True
        res.match_time = res.elapsed
    return res


# --- images -------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(emu: Emulator, run_dir: Path, *, until: str, name: str, request,
            limit_s: float, timeout: float = 120):
    """Keep `emu` running while the block talks to it; yields the Result.

    The emulator runs in a thread (run() with while_running) from the moment
    `until` appears until the block ends or `limit_s` passes.  If `until`
    never appears the test fails with the end of the serial log.  When a test
    of the module failed, the run folder (disk images aside) is kept in
    build/test-logs/<name>/.
    """
    up, done, box = threading.Event(), threading.Event(), {}

    def hold(res: Result) -> None:
        box["res"] = res
        up.set()
        done.wait(limit_s)

    def runner() -> None:
        try:
            box["final"] = run(emu, run_dir, until=until, timeout=timeout, while_running=hold)
        except BaseException as e:      # reported here, not lost in the thread
            box["error"] = e
        finally:
            up.set()

    import pytest                       # only the tests use this helper

    failed_before = request.session.testsfailed
    thread = threading.Thread(target=runner, name=f"emulator-{name}", daemon=True)
    thread.start()
    up.wait((timeout + 80) * TIMEOUT_SCALE)
    try:
        res = box.get("res")
        if res is None:
            done.set()
            thread.join(60)
            final = box.get("final")
            pytest.fail(final.why(f"the firmware never printed /{until}/") if final
                        else f"{emu.name} did not run: {box.get('error')!r}", pytrace=False)
        yield res
    finally:
        done.set()
        thread.join(60)
        if request.session.testsfailed > failed_before:
            kept = BUILD / "test-logs" / name
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(run_dir, kept, ignore=shutil.ignore_patterns("*.img"))


def stamp_image(src: Path, cmdline: str, out: Path) -> Path:
    """A copy of the raw image with another command line (tools/mkimage.py)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(ROOT / "tools/mkimage.py"), "--from", str(src),
                    "--cmdline", cmdline, "-o", str(out)], check=True, cwd=ROOT, timeout=120)
    return out


def make_iso(elf: Path, cmdline: str, out: Path, modules: tuple[Path, ...] = ()) -> Path:
    """A GRUB ISO of the ELF with the given command line and multiboot2
    modules, each named by its file name (tools/mkiso.sh)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    module_args = [a for m in modules for a in ("--module", str(m))]
    subprocess.run(["bash", str(ROOT / "tools/mkiso.sh"), *module_args, str(elf), str(out),
                    cmdline], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=300)
    return out


# --- firmware output ------------------------------------------------------------

SMP_UP = re.compile(r"^smp: all (\d+) CPUs up in (\d+) us \((\d+) TSC ticks since reset\)")


READY_AT = re.compile(r"^boot: ready \(reset to ready (\d+) us\)")


def boot_time(res: Result) -> tuple[int, int, int] | None:
    """(cpus, microseconds, TSC ticks) from the firmware's `smp: all N CPUs up` line."""
    for m in res.find(SMP_UP.pattern):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def ready_time(res: Result) -> int | None:
    """Microseconds from reset to `boot: ready`, as the firmware measured them."""
    for m in res.find(READY_AT.pattern):
        return int(m.group(1))
    return None


# --- command line: `make run` ---------------------------------------------------

def _main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        description="Boot a vmanhv image and show its serial console (make run).")
    ap.add_argument("--image", type=Path, default=BUILD / "vmanhv.img")
    ap.add_argument("--emulator", choices=("auto", "bochs", "qemu", "kvm"), default="auto")
    ap.add_argument("--cpus", type=int, default=None)
    ap.add_argument("--cmdline", default=None,
                    help="re-stamp this command line into a copy of the image")
    ap.add_argument("--dir", type=Path, default=BUILD / "run")
    ap.add_argument("--timeout", type=float, default=None,
                    help="stop after this many seconds (default: never)")
    args = ap.parse_args(argv)

    if not args.image.exists():
        print(f"run: {args.image} does not exist (make builds it)", file=sys.stderr)
        return 1
    kind = args.emulator
    if kind == "auto":
        why = kvm_unusable_reason()
        kind = "kvm" if why is None else "bochs"
        note = "nested VT-x available" if why is None else f"{why}: Bochs emulates VT-x"
    else:
        note = "chosen by hand"

    if args.dir.exists():
        shutil.rmtree(args.dir)
    args.dir.mkdir(parents=True)
    disk = args.dir / "disk.img"
    if args.cmdline is not None:
        stamp_image(args.image, args.cmdline, disk)
    else:
        shutil.copyfile(args.image, disk)

    if kind == "bochs":
        emu: Emulator = Bochs(disk, cpus=args.cpus or 2)
    elif kind == "kvm":
        emu = Qemu(disk=disk, accel="kvm", cpus=args.cpus or 2)
    else:
        emu = Qemu(disk=disk, cpus=args.cpus or 4)
    # A terminal's Ctrl-C reaches us (the emulator runs in a session of its
    # own); a hang-up or a kill from outside is handled the same way.
    def interrupted(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    tty = sys.stdout.isatty()
    print(f"run: {emu.describe()} ({note}); logs in {args.dir}"
          + ("; Ctrl-C stops it" if tty else ""), file=sys.stderr, flush=True)
    try:
        res = run(emu, args.dir, until=None, timeout=args.timeout or 10 ** 9,
                  follow=sys.stdout.buffer)
    except KeyboardInterrupt:
        # run()'s finally has already stopped the emulator and its children.
        print("\nrun: stopped", file=sys.stderr)
        return 130
    end = (f"timed out after {res.elapsed:.0f}s" if res.timed_out else
           f"emulator exited with status {res.returncode}")
    print(f"\nrun: {end}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
