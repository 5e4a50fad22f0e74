# SPDX-License-Identifier: MIT
"""Guests under VT-x (docs/vmx.md): the firmware starts the test guests of
tests/guests/ named by `guest=` and prints their console and stop reasons
(docs/console.md).  Every VT-x test runs on each VT-x platform (the
`vmx_platform` fixture, DESIGN.md section 2): Bochs corei7_skylake_x always,
and QEMU/KVM with nested VT-x (`-accel kvm -cpu host`, the same raw image and
command line) where /dev/kvm offers it, else that variant is skipped with the
reason.  QEMU TCG has no VMX and must refuse to start guests but boot on.

Every run passes `exit`: the firmware waits for its guests to stop (at most
10 s of its clock, then stops the rest), destroys them, prints
`vm: all N guests stopped and destroyed` and ends the emulator.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

import emulators
from emulators import Bochs, Emulator, Qemu, Result
from test_boot import assert_booted, assert_qemu_exit

VMX_ON = r"^vmx: on, (\d+)/(\d+) CPUs in VMX root operation$"
ALL_STOPPED = r"^vm: all (\d+) guests stopped and destroyed \(\d+ pages free\)$"
FINISHED = r"^vm: (all \d+ guests stopped|\d+ of \d+ guests did not stop)"
HALTED = r"guest halted with interrupts disabled at rip 0x[0-9a-f]+"
IMAGES = ("apic button64 cmos cr ept hello hello64 io ioapic long mmio64 msr platform64 smp spin spinall "
          "tick timer tpr64 triple tscadj vmcall")


# --- the VT-x platforms ------------------------------------------------------------

class VmxPlatform:
    """One emulator that runs VT-x guests: how to start it on a raw image."""

    def __init__(self, name: str):
        self.name = name

    def emulator(self, image: Path, cpus: int = 2, *, ips: int | None = None,
                 bochs_nic: str | None = None, qemu_nic: str | None = None,
                 cdrom: bool = False) -> Emulator:
        """The emulator booting `image` (a raw disk image, or with cdrom=True
        an ISO) with `cpus` CPUs; `ips` is Bochs's instructions per emulated
        second, the NICs each emulator's own options (Bochs `e1000:` options,
        QEMU `-nic`)."""
        if self.name == "bochs":
            return Bochs(image, cpus=cpus, ips=ips, nic=bochs_nic, cdrom=cdrom)
        media = {"cdrom": image} if cdrom else {"disk": image}
        return Qemu(**media, accel="kvm", cpu="host", cpus=cpus, nic=qemu_nic)

    def failed_entry_checks(self, res: Result) -> list[str]:
        """What the emulator itself logged about failed VM-entry checks: Bochs
        names each (`VMFAIL`); a real CPU under KVM reports through the
        VM-instruction error only, which the firmware prints."""
        if self.name != "bochs":
            return []
        log = Path(res.run_dir, "bochs.log").read_text(errors="replace")
        return [l for l in log.splitlines() if "VMFAIL" in l]


@pytest.fixture(params=["bochs", "qemu-kvm"])
def vmx_platform(request) -> VmxPlatform:
    """Bochs always; QEMU/KVM only where nested VT-x works here (else skipped, saying why)."""
    if request.param == "qemu-kvm":
        why = emulators.kvm_unusable_reason()
        if why:
            pytest.skip(f"needs QEMU/KVM with nested VT-x: {why}")
    return VmxPlatform(request.param)


def started(res: Result, name: str) -> int:
    """The CPU `vm NAME started on cpu N (... KiB RAM)` names."""
    m = res.find(rf"^vm {name} started on cpu (\d+) \(2048 KiB RAM\)$")
    assert len(m) == 1, res.why(f"expected one `vm {name} started on cpu N (2048 KiB RAM)`")
    return int(m[0].group(1))


def stop_reason(res: Result, name: str) -> str:
    m = res.find(rf"^vm {name} stopped: (.*)$")
    assert len(m) == 1, res.why(f"expected one `vm {name} stopped: <reason>`")
    return m[0].group(1)


def assert_guest_said(res: Result, name: str, *lines: str) -> None:
    said = [m.group(1) for m in res.find(rf"^\[vm {name}\] (.*)$")]
    for line in lines:
        assert line in said, res.why(f"vm {name} should print {line!r} on COM1, printed {said}")


def assert_hello(res: Result) -> None:
    """hello ran to its end: greeting, the hypervisor's CPUID name, a plain halt."""
    assert_guest_said(res, "hello", "hello from guest", "hypervisor: vmanhv")
    reason = stop_reason(res, "hello")
    assert re.fullmatch(HALTED, reason), res.why(f"hello should stop by halting, not: {reason}")
    assert res.find(r"^vm hello exits: \d+ \(.*CPUID 1.*\)$"), \
        res.why("hello's exit counters should show its one CPUID")


def assert_host_fine(res: Result, platform: VmxPlatform, guests: int, cpus: int = 2,
                     entry_failures: bool = False) -> None:
    """VMX on everywhere, no exception, no failed VM entry (unless provoked),
    every guest reaped, the emulator ended."""
    on = res.find(VMX_ON)
    assert on and (int(on[0].group(1)), int(on[0].group(2))) == (cpus, cpus), \
        res.why(f"expected `vmx: on, {cpus}/{cpus} CPUs in VMX root operation`")
    assert not res.find(r"^EXCEPTION "), res.why("a CPU exception in the host")
    done = res.find(ALL_STOPPED)
    assert done and int(done[0].group(1)) == guests, \
        res.why(f"expected `vm: all {guests} guests stopped and destroyed`")
    assert res.exited, res.why("`exit` should end the emulator once the guests stopped")
    if entry_failures:
        return
    assert not res.find(r"VM entry failed"), res.why("a VM entry failed")
    assert not platform.failed_entry_checks(res), \
        res.why("Bochs logged a failed VM-entry check (VMFAIL)")


def run_guests(boot, artifacts, platform: VmxPlatform, guests: str, cpus: int = 2) -> Result:
    """The platform with `guest=GUESTS exit` (NAME or NAME:VCPUS, comma separated)."""
    return boot(platform.emulator(artifacts.raw(f"guest={guests} exit"), cpus=cpus),
                until=FINISHED, linger=10.0)


# --- hello, and names that are no guest -------------------------------------------

def test_hello(artifacts, boot, vmx_platform):
    """hello (real mode) and hello64 (started in 64-bit mode on the loader's page
    tables) print through the COM1 model, read CPUID 0x40000000 and halt; an
    unknown name is refused with the list of built-in guests."""
    res = run_guests(boot, artifacts, vmx_platform, "hello,hello64,nosuch")
    assert_booted(res, cpus=2, via="bios-loader")
    assert started(res, "hello") == started(res, "hello64") == 1, \
        res.why("guests run on the APs, never on CPU 0")
    assert_hello(res)
    assert_guest_said(res, "hello64", "hello from a 64-bit guest", "hypervisor: vmanhv")
    reason = stop_reason(res, "hello64")
    assert re.fullmatch(HALTED, reason), res.why(f"hello64 should stop by halting, not: {reason}")
    assert res.find(rf"^vm nosuch not started: no such VM or guest image \(-2\); "
                    rf"built-in guests: {IMAGES}$"), res.why("`guest=nosuch` should be refused")
    assert_host_fine(res, vmx_platform, guests=2)


# --- hostile guests, each beside hello ---------------------------------------------

HOSTILE = {
    # name: (what it prints first, what it prints after the hypervisor's answer, stop reason)
    "ept": ("ept: writing to 0x10000000, outside my RAM", None,
            r"EPT violation: write at GPA 0x10000000, outside guest RAM \(0-0x1fffff\) "
            r"and no device there, rip 0x[0-9a-f]+"),
    "vmcall": ("vmcall: calling the hypervisor", "ud",
               HALTED + r" \(after #UD injected for VMCALL at rip 0x[0-9a-f]+\)"),
    "msr": ("msr: writing IA32_FEATURE_CONTROL", "gp",
            HALTED + r" \(after #GP injected for WRMSR 0x3a IA32_FEATURE_CONTROL "
            r"at rip 0x[0-9a-f]+\)"),
    "io": ("io: no PCI device there (all ones)", None,
           r"I/O write of port 0x2f8 \(1 byte\): no device there, rip 0x[0-9a-f]+"),
    "triple": ("triple: empty IDT, then UD2", None, r"triple fault at rip 0x[0-9a-f]+"),
    "apic": ("apic: ICR with a reserved delivery mode", "gp",
             r"INIT IPI to vCPU 0, the BSP: a reset is not emulated \(after #GP injected for "
             r"WRMSR 0x830 x2APIC register at rip 0x[0-9a-f]+\)"),
}


def assert_hostile(res: Result, name: str) -> None:
    first, answer, reason = HOSTILE[name]
    assert_guest_said(res, name, first, *([answer] if answer else []))
    said = [m.group(1) for m in res.find(rf"^\[vm {name}\] (.*)$")]
    assert not any("returned" in s for s in said), \
        res.why(f"vm {name} went on past its hostile instruction: {said}")
    got = stop_reason(res, name)
    assert re.fullmatch(reason, got), res.why(f"vm {name} stop reason {got!r} !~ /{reason}/")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_guest(artifacts, boot, vmx_platform, name):
    """A hostile guest stops alone, with a reason naming what it did; hello, queued
    on the same CPU, runs to its end; the host goes on."""
    res = run_guests(boot, artifacts, vmx_platform, f"{name},hello")
    assert_hostile(res, name)
    assert_hello(res)
    assert_host_fine(res, vmx_platform, guests=2)


def test_all_hostile_beside_hello_3cpus(artifacts, boot, vmx_platform):
    """Three CPUs, eight guests (the most `guest=` takes): spin holds CPU 1 throughout; the hostile guests
    and hello go to the least loaded CPU (CPU 2 while spin runs) and run beside
    it.  Each hostile guest stops alone with its own reason, hello runs to its
    end, spin keeps running until `exit` stops it."""
    names = sorted(HOSTILE)
    res = run_guests(boot, artifacts, vmx_platform, ",".join(["spin"] + names + ["hello"]),
                     cpus=3)
    cpus = {n: started(res, n) for n in ["spin"] + names + ["hello"]}
    assert cpus["spin"] == 1 and set(cpus.values()) == {1, 2}, \
        res.why(f"guests should use CPUs 1 and 2, spin CPU 1: {cpus}")
    for name in names:
        assert_hostile(res, name)
    assert_hello(res)
    late = res.index(rf"^vm: 1 of {len(names) + 2} guests still running after 10 s; "
                     rf"stopping them$")
    assert late > max(res.index(rf"^vm {n} stopped: ") for n in names + ["hello"]), \
        res.why("every other guest should stop while spin still runs")
    assert stop_reason(res, "spin") == "stopped by request", res.why("spin should stop by request")
    assert_host_fine(res, vmx_platform, guests=len(names) + 2, cpus=3)


# --- control registers ------------------------------------------------------------

def test_control_registers(artifacts, boot, vmx_platform):
    """cr: CR0.NE (forced by VMX) is kept in the guest's shadow; CR4.OSXSAVE (not
    offered) is #GP.  long: real mode to 64-bit mode by itself, the hypervisor
    switching IA-32e mode on the CR0 write that turns paging on."""
    res = run_guests(boot, artifacts, vmx_platform, "cr,long")
    assert_guest_said(res, "cr", "cr: CR0.NE set and read back", "gp")
    got = stop_reason(res, "cr")
    want = HALTED + r" \(after #GP injected for MOV to CR4 of 0x40000 at rip 0x[0-9a-f]+\)"
    assert re.fullmatch(want, got), res.why(f"vm cr stop reason {got!r} !~ /{want}/")
    assert_guest_said(res, "long", "long: real mode, switching to 64-bit mode",
                      "long: in 64-bit mode")
    got = stop_reason(res, "long")
    assert re.fullmatch(HALTED, got), res.why(f"vm long should stop by halting, not: {got}")
    assert res.find(r"^vm long exits: .*control-register access 1,.*RDMSR 1, WRMSR 1"), \
        res.why("long should exit once for CR0 and once each for RDMSR/WRMSR of EFER")
    assert_host_fine(res, vmx_platform, guests=2)


def test_cr8_is_the_guest_tpr(artifacts, boot, vmx_platform):
    """tpr64: MOV to/from CR8 exit (without the exit a 64-bit guest would set the
    host's own TPR and could mask the host's interrupts): CR8 = 9 reads back and
    shows as its APIC's TPR[7:4]; CR8 = 0x10 sets a reserved bit: #GP."""
    res = run_guests(boot, artifacts, vmx_platform, "tpr64,hello")
    assert_guest_said(res, "tpr64", "tpr64: CR8 9, APIC TPR[7:4] 9", "gp")
    got = stop_reason(res, "tpr64")
    want = HALTED + r" \(after #GP injected for MOV to CR8 of 0x10 at rip 0x[0-9a-f]+\)"
    assert re.fullmatch(want, got), res.why(f"vm tpr64 stop reason {got!r} !~ /{want}/")
    assert res.find(r"^vm tpr64 exits: .*control-register access 3\b"), \
        res.why("three MOV CR8: two writes and a read")
    assert_hello(res)
    assert_host_fine(res, vmx_platform, guests=2)


def test_tsc_adjust(artifacts, boot, vmx_platform):
    """tscadj: IA32_TSC_ADJUST is offered (CPUID.7.0:EBX[1]) so that Linux trusts
    the TSC without a clocksource watchdog; it reads 0 (the guest's TSC is never
    offset), writing 0 is accepted, writing 1 is #GP (moving the TSC is not
    emulated) and named in the stop reason."""
    res = run_guests(boot, artifacts, vmx_platform, "tscadj,hello")
    assert_guest_said(res, "tscadj", "tscadj: CPUID offers IA32_TSC_ADJUST", "tscadj: reads 0",
                      "tscadj: writing 0 accepted", "tscadj: writing 1", "gp")
    said = [m.group(1) for m in res.find(r"^\[vm tscadj\] (.*)$")]
    assert "wrmsr returned" not in said, res.why("tscadj went on past the #GP")
    got = stop_reason(res, "tscadj")
    want = HALTED + r" \(after #GP injected for WRMSR 0x3b IA32_TSC_ADJUST at rip 0x[0-9a-f]+\)"
    assert re.fullmatch(want, got), res.why(f"vm tscadj stop reason {got!r} !~ /{want}/")
    assert_hello(res)
    assert_host_fine(res, vmx_platform, guests=2)


# --- failed VM entries ---------------------------------------------------------

@pytest.mark.parametrize("fault, reason", [
    ("vmentry", r"VM entry failed: VMLAUNCH error 7 \(VM entry with invalid control field\(s\)\)"),
    ("guest-state", r"VM entry failed: exit reason 33 \(VM-entry failure: invalid guest state\), "
                    r"qualification 0"),
], ids=["vmentry", "guest-state"])
def test_vm_entry_failure(artifacts, boot, vmx_platform, fault, reason):
    """fault=vmentry / fault=guest-state break the first guest's VMCS: its entry
    fails and the VM stops with the error number and its meaning, never a hang;
    the second guest runs as usual."""
    res = run_guests(boot, artifacts, vmx_platform, f"hello,hello fault={fault}")
    got = stop_reason(res, "hello")
    assert re.fullmatch(reason, got), res.why(f"stop reason {got!r} !~ /{reason}/")
    assert res.find(r"^vm hello exits: 0$"), res.why("the broken guest never ran")
    assert_guest_said(res, "hello-2", "hello from guest", "hypervisor: vmanhv")
    assert_host_fine(res, vmx_platform, guests=2, entry_failures=True)


# --- time slices ---------------------------------------------------------------

def test_spin_shares_cpu_with_hello(artifacts, boot, vmx_platform):
    """spin never leaves the guest; the preemption timer still gives hello, on the
    same CPU, its turns; `exit` stops spin by request after its 10 s wait."""
    res = run_guests(boot, artifacts, vmx_platform, "spin,hello")
    assert started(res, "spin") == started(res, "hello") == 1, \
        res.why("both guests should share CPU 1")
    assert_guest_said(res, "spin", "spin: looping forever")
    assert_hello(res)
    late = res.index(r"^vm: 1 of 2 guests still running after 10 s; stopping them$")
    assert late > res.index(r"^vm hello stopped: "), \
        res.why("hello should finish while spin still runs, before the 10 s are up")
    assert stop_reason(res, "spin") == "stopped by request", res.why("spin should stop by request")
    exits = res.find(r"^vm spin exits: .*VMX-preemption timer expired (\d+)")
    assert exits and int(exits[0].group(1)) >= 2, res.why("spin should be preempted by the timer")
    assert_host_fine(res, vmx_platform, guests=2)


# --- interrupts: the x2APIC timer, IPIs between vCPUs ------------------------------

def test_apic_timer_and_ipis(artifacts, boot, vmx_platform):
    """timer: the guest's x2APIC timer, periodic at 100 Hz, is counted against the
    TSC: every 200 ms period brings 20 interrupts (one either way for where the
    period edge falls), five times; the vCPU halts between them, so its exits
    are HLTs and its interrupts, not spinning.  Then a TSC-deadline interrupt
    50 ms ahead comes after its deadline, and soon after.  smp (2 vCPUs, both on CPU 1):
    the BSP starts the AP with INIT-SIPI-SIPI, the AP reports x2APIC id 1, and
    ten IPIs go each way."""
    res = run_guests(boot, artifacts, vmx_platform, "timer,smp:2")
    assert_guest_said(res, "timer", "timer: x2APIC timer at 100 Hz, periodic", "timer: done")
    counts = [int(m.group(1)) for m in res.find(r"^\[vm timer\] timer: (\d+) ticks in 200 ms$")]
    assert len(counts) == 5, res.why(f"expected five periods, got {counts}")
    assert all(19 <= n <= 21 for n in counts), res.why(f"100 Hz is 20 per 200 ms: {counts}")
    late = res.find(r"^\[vm timer\] timer: TSC deadline interrupt (\d+) us after the deadline$")
    assert late and int(late[0].group(1)) < 1000, \
        res.why("the TSC-deadline interrupt should come at its deadline, never before, and "
                "within 1 ms (the wake-up path is ~2,000 Bochs instructions at 4 MIPS)")
    reason = stop_reason(res, "timer")
    assert re.fullmatch(HALTED, reason), res.why(f"timer should stop by halting, not: {reason}")
    hlts = res.find(r"^vm timer exits: .*\bHLT (\d+)")
    assert hlts and int(hlts[0].group(1)) >= 90, \
        res.why("the timer guest should halt between its ~100 interrupts")

    assert res.find(r"^vm smp: 2 vCPUs on cpus 1 1$"), res.why("smp's two vCPUs share CPU 1")
    assert_guest_said(res, "smp", "smp: BSP sends INIT-SIPI-SIPI to x2APIC id 1",
                      "smp: AP up, x2APIC id 1", "smp: AP took 10 IPIs from the BSP",
                      "smp: BSP took 11 IPIs from the AP")
    reason = stop_reason(res, "smp")
    assert re.fullmatch("vCPU 0: " + HALTED, reason), \
        res.why(f"smp's BSP should end the VM by halting, not: {reason}")
    assert_host_fine(res, vmx_platform, guests=2)


def test_smp_across_cpus_3cpus(artifacts, boot, vmx_platform):
    """smp with 3 host CPUs: its two vCPUs are placed on CPUs 1 and 2, so INIT,
    SIPI and every IPI cross CPUs (the wake-up IPI brings the target out of the
    guest or out of its idle HLT); the exchange ends as on one CPU."""
    res = run_guests(boot, artifacts, vmx_platform, "smp:2", cpus=3)
    assert res.find(r"^vm smp: 2 vCPUs on cpus (1 2|2 1)$"), \
        res.why("smp's vCPUs should be spread over CPUs 1 and 2")
    assert_guest_said(res, "smp", "smp: AP up, x2APIC id 1", "smp: AP took 10 IPIs from the BSP",
                      "smp: BSP took 11 IPIs from the AP")
    reason = stop_reason(res, "smp")
    assert re.fullmatch("vCPU 0: " + HALTED, reason), res.why(f"smp stop reason: {reason}")
    assert res.find(r"^vm smp exits: .*external interrupt \d+"), \
        res.why("IPIs from the other CPU should arrive as external-interrupt exits")
    assert_host_fine(res, vmx_platform, guests=1, cpus=3)


# --- the CMOS RTC and the i8042 ------------------------------------------------------

def test_cmos_and_i8042(artifacts, boot, vmx_platform):
    """cmos: the RTC's date and time in BCD are a valid date from the host's clock
    (the firmware's wall clock: since reset as 1970-01-01 until SNTP sets it);
    binary mode gives the same year; a year written by the guest reads back; the
    i8042 passes its self-test; pulling its reset line stops the VM with a reason
    saying so, and nothing after the OUT runs."""
    res = run_guests(boot, artifacts, vmx_platform, "cmos")
    said = [m.group(1) for m in res.find(r"^\[vm cmos\] (.*)$")]
    m = [re.fullmatch(r"cmos: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)", s) for s in said]
    m = [x for x in m if x]
    assert len(m) == 1, res.why(f"cmos should print one BCD date and time: {said}")
    when = datetime.datetime(*map(int, m[0].groups()), tzinfo=datetime.timezone.utc)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert when.year == 1970 or abs((now - when).total_seconds()) < 86400, \
        res.why(f"the RTC should read the host's clock: {when}")
    assert_guest_said(res, "cmos", f"cmos: binary year {when.year % 100}",
                      "cmos: year set to 2026", "i8042: self-test 55, status 0d",
                      "i8042: pulsing the reset line")
    assert "i8042: reset returned" not in said, res.why("cmos ran on after the reset")
    assert stop_reason(res, "cmos") == \
        "guest reset itself through the i8042 (command 0xfe); a reset stops the VM", \
        res.why("cmos should stop by its reset")
    assert_host_fine(res, vmx_platform, guests=1)


# --- the I/O APIC through MMIO -------------------------------------------------------

def test_ioapic_registers(artifacts, boot, vmx_platform):
    """ioapic: from 32-bit protected mode, IOREGSEL/IOWIN at 0xFEC00000 reach the
    model through EPT violations and the MOV decoder: version 0x00170020 (24 pins),
    redirection entry 3 written and read back with the read-only bits (delivery
    status, remote IRR) clear; the local APIC's version through the xAPIC page
    (its mode after reset) and an IPI to itself through the page's ICR, seen
    pending in IRR; a 1-byte read of IOWIN, undefined for the 82093AA,
    stops the VM naming it."""
    res = run_guests(boot, artifacts, vmx_platform, "ioapic")
    assert_guest_said(res, "ioapic", "ioapic: protected mode, registers at 0xfec00000",
                      "ioapic: version 00170020", "ioapic: entry 3 01000000:00018031",
                      "ioapic: local APIC version 00050014",
                      "ioapic: after an xAPIC IPI to itself, IRR[95:64] 00000002",
                      "ioapic: a 1-byte read of IOWIN")
    said = [m.group(1) for m in res.find(r"^\[vm ioapic\] (.*)$")]
    assert "ioapic: the byte read returned" not in said, res.why("ioapic ran on")
    assert stop_reason(res, "ioapic") == (
        "I/O APIC: 1-byte read at offset 0x10; only 32-bit accesses to IOREGSEL (0x0) "
        "and IOWIN (0x10) are defined"), res.why("ioapic should stop for its byte read")
    exits = res.find(r"^vm ioapic exits: .*EPT violation (\d+)")
    assert exits and int(exits[0].group(1)) == 16, \
        res.why("ten I/O APIC accesses, five xAPIC ones, the byte read: sixteen EPT violations")
    assert_host_fine(res, vmx_platform, guests=1)


# --- the lifecycle: pause, resume, reset, destroy -----------------------------------

# Times in ms after `boot: ready` (hv/vm_lifecycle_hook.c); tick prints every 200 ms.
LIFECYCLE = ("resume:tick-3@1000,pause:tick-2@1500,resume:tick-2@3000,reset:tick@3500,"
             "destroy:tick-3@4000,pause:tick-3@4500,stop:tick@5500,stop:tick-2@5500")
STEP = r"^lifecycle: {verb} {name}: ok \(0\) \(pages free (\d+) -> (\d+)(?:, exits (\d+))?\)$"


def step_line(res: Result, verb: str, name: str) -> tuple[int, re.Match]:
    """Where `lifecycle: VERB NAME: ok ...` is in the log, and its match."""
    pattern = STEP.format(verb=verb, name=name)
    m = res.find(pattern)
    assert len(m) == 1, res.why(f"expected one `lifecycle: {verb} {name}: ok (0) (...)`")
    return res.index(pattern), m[0]


def markers(res: Result, name: str, word: str) -> list[tuple[int, int]]:
    """(log line, N) of each `[vm NAME] WORD N`."""
    pattern = re.compile(rf"^\[vm {name}\] {word} (\d+)$")
    return [(i, int(m.group(1))) for i, l in enumerate(res.lines) if (m := pattern.match(l))]


def between(marks: list[tuple[int, int]], first: int, last: int) -> list[int]:
    return [n for i, n in marks if first < i < last]


def test_lifecycle_pause_reset_destroy(artifacts, boot, vmx_platform):
    """Three VMs, four vCPUs, all on CPU 1 (CPU 0 is the management CPU): tick
    with 2 vCPUs (its BSP prints `tick N`, its AP `tock N`), tick-2 and
    tick-3, each printing every 200 ms into its own console.  tick-2 is paused
    for 1.5 s: it prints nothing and takes no exits meanwhile while the
    others go on, and after resume its count goes on from where it stopped
    (N + 1: its state was kept).  tick is reset: `tick: start` and
    `tock: AP up` again, counting from 1 (RAM reloaded, the AP started anew
    by the BSP's INIT-SIPI).  tick-3, created last, is destroyed: the free
    pages come back to what they were before it was created."""
    res = run_guests(boot, artifacts, vmx_platform, f"tick:2,tick,tick lifecycle={LIFECYCLE}")
    assert res.find(r"^vm tick: 2 vCPUs on cpus 1 1$"), res.why("tick's vCPUs share CPU 1")
    assert started(res, "tick") == started(res, "tick-2") == started(res, "tick-3") == 1, \
        res.why("with 2 CPUs every guest runs on CPU 1")
    ticks = {n: markers(res, n, "tick") for n in ("tick", "tick-2", "tick-3")}
    tocks = markers(res, "tick", "tock")

    paused, pause = step_line(res, "pause", "tick-2")
    resumed, resume = step_line(res, "resume", "tick-2")
    held = between(ticks["tick-2"], paused, resumed)
    assert len(held) <= 1, \
        res.why(f"tick-2 printed {held} while paused (one line in flight at most)")
    exits_paused = int(resume.group(3)) - int(pause.group(3))
    assert exits_paused <= 3, \
        res.why(f"a paused VM takes no exits: tick-2 took {exits_paused} while paused")
    for name, marks in (("tick-3", ticks["tick-3"]), ("tick", ticks["tick"]), ("tock", tocks)):
        assert len(between(marks, paused, resumed)) >= 3, \
            res.why(f"{name} should keep printing while tick-2 is paused")
    counts = [n for _, n in ticks["tick-2"]]
    assert counts == list(range(1, len(counts) + 1)) and \
        len(between(ticks["tick-2"], resumed, len(res.lines))) >= 3, \
        res.why(f"tick-2 should count on after resume, from where it was: {counts}")

    reset, _ = step_line(res, "reset", "tick")
    for word, marks in (("tick", ticks["tick"]), ("tock", tocks)):
        before = between(marks, 0, reset)
        after = between(marks, reset, len(res.lines))
        assert len(before) >= 5 and before == list(range(1, len(before) + 1)), \
            res.why(f"tick's {word} count before the reset: {before}")
        assert len(after) >= 3 and after == list(range(1, len(after) + 1)), \
            res.why(f"tick's {word} count should start again at 1 after the reset: {after}")
    for line in ("tick: start", "tock: AP up"):
        at = [i for i, l in enumerate(res.lines) if l == f"[vm tick] {line}"]
        assert len(at) == 2 and at[0] < reset < at[1], \
            res.why(f"tick should print {line!r} once at its start and once after the reset")

    created = res.find(r"^vm tick-3 created \(pages free (\d+) -> (\d+)\)$")
    assert len(created) == 1, res.why("expected `vm tick-3 created (pages free A -> B)`")
    destroyed, destroy = step_line(res, "destroy", "tick-3")
    free_before_create, free_after_destroy = int(created[0].group(1)), int(destroy.group(2))
    assert free_after_destroy == free_before_create, \
        res.why(f"tick-3's pages should all come back: {free_before_create} free before it was "
                f"created, {free_after_destroy} after its destroy")
    assert int(destroy.group(2)) - int(destroy.group(1)) >= 512, \
        res.why("destroy should free at least tick-3's 2 MiB of RAM (512 pages)")
    assert stop_reason(res, "tick-3") == "stopped by request", res.why("destroy stops it first")
    assert not between(ticks["tick-3"], destroyed, len(res.lines)), \
        res.why("tick-3 printed after its destroy")
    assert between(ticks["tick-2"], destroyed, len(res.lines)), \
        res.why("tick-2 should go on printing after tick-3 is destroyed")

    assert res.find(r"^lifecycle: resume tick-3: the VM is not in a state that allows this "
                    r"\(-16\) \(pages free \d+ -> \d+, exits \d+\)$"), \
        res.why("resume of a running VM should be refused with -EBUSY")
    assert res.find(r"^lifecycle: pause tick-3: no such VM or guest image \(-2\) "
                    r"\(pages free \d+ -> \d+\)$"), \
        res.why("pause of a destroyed VM should be refused with -ENOENT")
    step_line(res, "stop", "tick")
    step_line(res, "stop", "tick-2")
    assert re.fullmatch(r"(vCPU \d: )?stopped by request", stop_reason(res, "tick")), \
        res.why("tick should stop by request")
    assert stop_reason(res, "tick-2") == "stopped by request", res.why("tick-2: stopped by request")
    assert not res.find(r"still running after"), res.why("lifecycle= stopped them all before 10 s")
    assert_host_fine(res, vmx_platform, guests=3)


# --- no VMX ----------------------------------------------------------------------

def test_guest_without_vmx_qemu_tcg(artifacts, boot):
    """QEMU TCG has no VMX: `guest=hello` is refused (management-only mode), the
    firmware boots on and `exit` ends QEMU."""
    res = boot(Qemu(disk=artifacts.raw("guest=hello exit"), cpus=2))
    assert_booted(res, cpus=2, via="bios-loader", cmdline="guest=hello exit")
    assert res.find(r"^vm hello not started: VMs cannot start without VMX "
                    r"\(CPUID\.1:ECX\.VMX=0\): management-only mode$"), \
        res.why("expected `vm hello not started: VMs cannot start without VMX ...`")
    assert not res.find(r"^vmx: on"), res.why("no `vmx: on` line without VMX")
    assert_qemu_exit(res)
