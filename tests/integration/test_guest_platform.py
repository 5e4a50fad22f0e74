# SPDX-License-Identifier: MIT
"""The guest platform under VT-x (docs/guest-platform.md), in one run of three
guests on each VT-x platform (Bochs corei7_skylake_x; QEMU/KVM with nested
VT-x where the host offers it, else skipped saying why: test_vmx.py's
`vmx_platform`):

- platform64 finds the VM's ACPI tables at 0xE0000 and checks every
  checksum, reads the ACPI PM timer twice, drives the virtio-mmio entropy
  device in slot 0 through EPT-violation MMIO exits (instruction fetch
  through its page tables, decode, the transport), prints how many random
  bytes it got, makes a looping descriptor chain that the device must refuse
  with DEVICE_NEEDS_RESET, and powers off by writing S5 to the PM1a control
  block the FADT names;
- mmio64 reads the same device's registers with an ADD from memory, which
  the MMIO decoder does not emulate: that VM alone stops, naming the
  address and the instruction's bytes;
- button64 routes the SCI through the I/O APIC to its x2APIC and waits; the
  firmware presses every running guest's power button after 500 ms
  (`button=500`, as management would through hv_vm_power_button), and the
  guest's handler powers off."""

from __future__ import annotations

import re

from test_vmx import (FINISHED, assert_guest_said, assert_host_fine, stop_reason,  # noqa: F401
                      vmx_platform)

MARKERS = (
    "platform64: RSDP at 0xE0000, checksums good",
    "platform64: XSDT, FADT, DSDT, MADT checksums good",
    "platform64: PM timer counts",
    "platform64: virtio-mmio entropy device ready",
    "platform64: virtio-rng gave 16 random bytes",
    "platform64: virtio-rng gave 32 random bytes",
    "platform64: a looping chain was refused: device needs reset",
    "platform64: powering off through PM1a_CNT",
)
MMIO_ADD = (r"MMIO read at GPA 0xd0000004 by an instruction not emulated "
            r"\(03 43 04 [0-9a-f]{2} [0-9a-f]{2}\), rip 0x[0-9a-f]+")


def test_platform_guest(artifacts, boot, vmx_platform):
    """ACPI tables, the PM timer, virtio-rng over virtio-mmio, a hostile chain
    refused, and an ACPI S5 power-off that stops the VM with its own reason;
    beside it, an MMIO access by an instruction that is not a MOV stops only
    its own VM, and a guest powers off when its power button is pressed."""
    res = boot(vmx_platform.emulator(
        artifacts.raw("guest=platform64,mmio64,button64 button=500 exit"), cpus=2),
        until=FINISHED, linger=10.0)
    assert_guest_said(res, "platform64", *MARKERS)
    failures = res.find(r"^\[vm platform64\] platform64: FAIL (.*)$")
    assert not failures, res.why(f"platform64 failed: {failures[0].group(1)}")
    assert res.find(r"^vm platform64: virtio-rng needs a reset: "
                    r"descriptor chain longer than the queue \(a loop\)$"), \
        res.why("the looping chain should be logged with its reason")
    reason = stop_reason(res, "platform64")
    assert reason == "ACPI power off (S5)", \
        res.why(f"platform64 should stop by ACPI power off, not: {reason}")
    # Every register access went through an EPT violation: 3 identity reads, the
    # status and feature handshake, the queue set-up, notifications, status reads.
    exits = res.find(r"^vm platform64 exits: \d+ \(.*EPT violation (\d+).*\)$")
    assert exits and int(exits[0].group(1)) >= 30, \
        res.why("the virtio-mmio registers should be reached through EPT violations")

    assert_guest_said(res, "mmio64", "mmio64: virtio magic read; now an ADD from device memory")
    said = [m.group(1) for m in res.find(r"^\[vm mmio64\] (.*)$")]
    assert "mmio64: returned from the ADD" not in said, res.why("mmio64 went on past its ADD")
    got = stop_reason(res, "mmio64")
    assert re.fullmatch(MMIO_ADD, got), res.why(f"mmio64 stop reason {got!r} !~ /{MMIO_ADD}/")

    assert_guest_said(res, "button64", "button64: waiting for the power button",
                      "button64: power button pressed, powering off")
    assert res.find(r"^vm button64: power button pressed$"), \
        res.why("the firmware should say it pressed button64's power button")
    reason = stop_reason(res, "button64")
    assert reason == "ACPI power off (S5)", \
        res.why(f"button64 should power off on the button, not: {reason}")
    assert_host_fine(res, vmx_platform, guests=3)
