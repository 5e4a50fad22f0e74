# SPDX-License-Identifier: MIT
"""Boot the real images in every emulator and read the console markers
(docs/console.md is the contract these patterns follow).

Every run passes the `exit` option, so the firmware ends the emulator itself
after `boot: ready`; the tests still judge by what it printed.
"""

from __future__ import annotations

import re

import pytest

from emulators import Bochs, Qemu, QEMU_EXIT_STATUS, Result, SMP_UP

VERSION = r"vmanhv \d+\.\d+\.\d+ booting \(via (multiboot2|multiboot1|bios-loader)\)$"
CPU_UP = r"^cpu (\d+) apic (\d+) up( \(bsp\))?$"
VMX_PRESENT = r"^vmx: present: (.*) \(cpus (\d+)/(\d+), vmcs rev 0x[0-9a-f]+, feature_control 0x[0-9a-f]+\)$"
VMX_ABSENT = r"^vmx: absent \(CPUID\.1:ECX\.VMX=0\): management-only mode$"
EXCEPTION = r"^EXCEPTION vector (\d+) \((#\w+)\) error 0x[0-9a-f]+ on cpu (\d+)$"
FAULT_ADDR = "0x00007fdead000000"
READY = r"^boot: ready \(reset to ready \d+ us\)$"

# The markers of a complete boot, in the order docs/console.md gives them.
BOOT_ORDER = [
    ("version", r"^" + VERSION),
    ("cmdline", r"^cmdline: "),
    ("mem", r"^mem: \d+ MiB usable in \d+ regions, \d+ pages free \(heap \d+ MiB\)$"),
    ("acpi", r"^acpi: rsdp at 0x[0-9a-f]+ \(revision \d+\), \d+ cpus in MADT, ioapic at 0x[0-9a-f]+$"),
    ("timer calibration", r"^timer: tsc \d+ kHz, lapic timer \d+ kHz \(calibrated against the PIT\)$"),
    ("libs", r"^libs: newlib 3\.3\.0, lwIP 2\.1\.3, mbedTLS 2\.28\.3, expat 2\.5\.0$"),
    ("bsp up", r"^cpu 0 apic \d+ up \(bsp\)$"),
    ("smp", SMP_UP.pattern),
    ("vmx", r"^vmx: (present|absent)"),
    ("one-shot timer", r"^timer: one-shot of 10000 us fired after \d+ us$"),
    ("ready", READY),
]


def assert_booted(res: Result, cpus: int, via: str | None = None,
                  cmdline: str | None = None) -> None:
    """A complete boot: every marker in order, `cpus` CPUs, no exception."""
    assert res.matched, res.why("the firmware never printed `boot: ready`")
    assert not res.find(r"^EXCEPTION "), res.why("a CPU exception during boot")

    last = -1
    for name, pattern in BOOT_ORDER:
        at = res.index(pattern)
        assert at >= 0, res.why(f"no {name} marker (/{pattern}/)")
        assert at > last, res.why(f"the {name} marker is out of order")
        last = at

    if via:
        m = res.find(r"^" + VERSION)[0]
        assert m.group(1) == via, res.why(f"booted via {m.group(1)}, expected {via}")
    if cmdline is not None:
        seen = res.find(r"^cmdline: (.*)$")[0].group(1).strip()
        if via == "bios-loader":
            assert seen == cmdline, res.why(f"cmdline {seen!r}, expected {cmdline!r}")
        else:   # a boot loader may put the kernel's path in front
            assert seen.split()[-len(cmdline.split()):] == cmdline.split(), \
                res.why(f"cmdline {seen!r} does not end with {cmdline!r}")

    ups = res.find(CPU_UP)
    indexes = sorted(int(m.group(1)) for m in ups)
    assert indexes == list(range(cpus)), \
        res.why(f"expected cpu 0..{cpus - 1} to report in, saw {indexes}")
    assert len({m.group(2) for m in ups}) == cpus, res.why("two CPUs report the same APIC id")
    assert [m.group(1) for m in ups if m.group(3)] == ["0"], \
        res.why("exactly one CPU, cpu 0, must be the BSP")
    assert res.index(CPU_UP) == res.index(r"\(bsp\)$"), res.why("the BSP must report first")

    smp = res.find(SMP_UP.pattern)
    assert smp and int(smp[0].group(1)) == cpus, res.why(f"expected `smp: all {cpus} CPUs up`")
    assert res.index(SMP_UP.pattern) > max(res.index(rf"^cpu {i} apic") for i in range(cpus)), \
        res.why("`smp: all ... up` came before every CPU reported in")


def assert_vmx_present(res: Result, cpus: int) -> None:
    m = res.find(VMX_PRESENT)
    assert m, res.why("expected `vmx: present: ...` with every field of docs/console.md")
    fields = dict(f.split("=", 1) for f in m[0].group(1).split())
    for want in ("ept", "vpid", "unrestricted"):
        assert fields.get(want) == "yes", res.why(f"VMX line: {want}={fields.get(want)}, expected yes")
    assert (int(m[0].group(2)), int(m[0].group(3))) == (cpus, cpus), \
        res.why(f"VMX usable on {m[0].group(2)}/{m[0].group(3)} CPUs, expected {cpus}/{cpus}")


def assert_vmx_absent(res: Result) -> None:
    assert res.find(VMX_ABSENT), res.why("expected `vmx: absent (CPUID.1:ECX.VMX=0): management-only mode`")


def assert_qemu_exit(res: Result) -> None:
    """The `exit` option ended QEMU through isa-debug-exit."""
    assert res.exited and res.returncode == QEMU_EXIT_STATUS, res.why(
        f"option `exit` should end QEMU with status {QEMU_EXIT_STATUS} after `boot: ready`")


def assert_bochs_exit(res: Result) -> None:
    """The `exit` option ended Bochs (port 0x8900 "Shutdown"); its status means nothing."""
    assert res.exited, res.why("option `exit` should end Bochs after `boot: ready`")


# --- (1) raw image, Bochs, VT-x -------------------------------------------------

def test_raw_image_bochs_vmx(artifacts, boot):
    """Bochs corei7_skylake_x with 2 CPUs: both report in, VMX has EPT, VPID, unrestricted guest."""
    res = boot(Bochs(artifacts.raw("exit"), cpus=2))
    assert_booted(res, cpus=2, via="bios-loader", cmdline="exit")
    assert_vmx_present(res, cpus=2)
    assert_bochs_exit(res)


# --- (2) raw image, QEMU TCG ----------------------------------------------------

def test_raw_image_qemu_tcg(artifacts, boot):
    """QEMU TCG with 4 CPUs: all report in; TCG has no VMX, so management-only mode."""
    res = boot(Qemu(disk=artifacts.raw("exit"), cpus=4))
    assert_booted(res, cpus=4, via="bios-loader", cmdline="exit")
    assert_vmx_absent(res)
    assert_qemu_exit(res)


def _has_multiboot1_header(elf) -> bool:
    """QEMU -kernel takes a multiboot1 image only with the header in the first 8 KiB."""
    head = elf.read_bytes()[:8192]
    for off in range(0, len(head) - 11, 4):
        magic, flags, check = (int.from_bytes(head[off + i:off + i + 4], "little") for i in (0, 4, 8))
        if magic == 0x1BADB002 and (magic + flags + check) & 0xFFFFFFFF == 0:
            return True
    return False


def test_kernel_qemu_tcg_multiboot1(artifacts, boot):
    """QEMU's own multiboot1 loader (-kernel), when the ELF carries a multiboot1 header."""
    if not _has_multiboot1_header(artifacts.elf):
        pytest.skip("the ELF has no multiboot1 header in its first 8 KiB: QEMU -kernel cannot load it")
    res = boot(Qemu(kernel=artifacts.elf, append="exit", cpus=2))
    assert_booted(res, cpus=2, via="multiboot1", cmdline="exit")
    assert_vmx_absent(res)
    assert_qemu_exit(res)


# --- (1)/(2) on QEMU/KVM with nested VT-x: skipped where /dev/kvm is missing --------

def test_raw_image_qemu_kvm_nested_vmx(artifacts, boot, kvm):
    """QEMU/KVM -cpu host with 4 CPUs: all report in and VMX is usable on each."""
    res = boot(Qemu(disk=artifacts.raw("exit"), accel="kvm", cpu="host", cpus=4))
    assert_booted(res, cpus=4, via="bios-loader", cmdline="exit")
    assert_vmx_present(res, cpus=4)
    assert_qemu_exit(res)


# --- (3), (4) the ISO through GRUB ----------------------------------------------

@pytest.mark.parametrize("firmware", ["ovmf", "seabios"])
def test_iso_grub_qemu(artifacts, boot, firmware):
    """The hybrid ISO through GRUB: UEFI (OVMF) and BIOS (SeaBIOS)."""
    res = boot(Qemu(cdrom=artifacts.grub_iso("exit"), firmware=firmware, cpus=2))
    assert_booted(res, cpus=2, cmdline="exit")
    m = res.find(r"^" + VERSION)[0]
    assert m.group(1).startswith("multiboot"), res.why(f"GRUB should boot it via multiboot, saw {m.group(1)}")
    assert_vmx_absent(res)
    assert_qemu_exit(res)


# --- (5) the exception path -----------------------------------------------------

def _assert_page_fault(res: Result, cpus: int) -> None:
    assert res.matched, res.why("no `boot: ready` after the forced page fault")
    exc = res.find(EXCEPTION)
    assert len(exc) == 1, res.why(f"expected one EXCEPTION line, saw {len(exc)}")
    vector, name, cpu = int(exc[0].group(1)), exc[0].group(2), int(exc[0].group(3))
    assert (vector, name) == (14, "#PF"), res.why(f"expected vector 14 (#PF), saw {vector} ({name})")
    # The last CPU to report in takes the fault (docs/console.md, fault=pagefault).
    last_up = int(res.find(CPU_UP)[-1].group(1))
    assert cpu == last_up, res.why(f"the fault hit cpu {cpu}, expected the last to report in, {last_up}")

    # Other CPUs go on printing, so the report's lines may have company.
    at = res.index(EXCEPTION)
    after = res.lines[at + 1:]
    assert any(re.search(rf"^\s+cr2 {FAULT_ADDR} cr3 0x", l) for l in after), \
        res.why(f"no `cr2 {FAULT_ADDR}` in the exception report")
    assert any(re.search(r"^\s+rip 0x[0-9a-f]+ cs 0x", l) for l in after), \
        res.why("no `rip ... cs ...` line in the exception report")
    stopped = res.index(rf"^cpu {cpu} stopped$")
    assert stopped > at, res.why(f"no `cpu {cpu} stopped` after the exception report")
    parked = res.index(rf"^boot: cpu {cpu} stopped after the deliberate page fault$")
    assert parked > stopped, res.why(f"no `boot: cpu {cpu} stopped after the deliberate page fault`")
    assert res.index(READY) > parked, res.why("`boot: ready (reset to ready ... us)` must still follow the fault")
    smp = res.find(SMP_UP.pattern)
    assert smp and int(smp[0].group(1)) == cpus, res.why(f"expected `smp: all {cpus} CPUs up`")
    assert res.find(r"^vmx: "), res.why("no vmx line: the fault broke the rest of the boot")
    assert res.find(r"^timer: one-shot of 10000 us fired"), res.why("the one-shot timer did not fire")


def test_page_fault_qemu_tcg(artifacts, boot):
    """fault=pagefault on QEMU TCG, 2 CPUs: vector 14 with the address, the others go on."""
    res = boot(Qemu(disk=artifacts.raw("fault=pagefault exit"), cpus=2))
    _assert_page_fault(res, cpus=2)
    assert_qemu_exit(res)


def test_page_fault_bochs(artifacts, boot):
    """The same on Bochs with VT-x: the fault leaves VMX discovery and the rest intact."""
    res = boot(Bochs(artifacts.raw("fault=pagefault exit"), cpus=2))
    _assert_page_fault(res, cpus=2)
    assert_vmx_present(res, cpus=2)
    assert_bochs_exit(res)
