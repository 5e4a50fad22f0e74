# SPDX-License-Identifier: MIT
"""The guest platform under VT-x (docs/guest-platform.md): the platform64
test guest finds the VM's ACPI tables at 0xE0000 and checks every checksum,
reads the ACPI PM timer twice,
drives the virtio-mmio entropy device in slot 0 through EPT-violation MMIO
exits (instruction fetch through its page tables, decode, the transport),
prints how many random bytes it got, and powers off by writing S5 to the
PM1a control block the FADT names.  Bochs corei7_skylake_x, one run."""

from __future__ import annotations

from test_vmx import assert_guest_said, assert_host_fine, run_guests, stop_reason

MARKERS = (
    "platform64: RSDP at 0xE0000, checksums good",
    "platform64: XSDT, FADT, DSDT, MADT checksums good",
    "platform64: PM timer counts",
    "platform64: virtio-mmio entropy device ready",
    "platform64: virtio-rng gave 16 random bytes",
    "platform64: virtio-rng gave 32 random bytes",
    "platform64: powering off through PM1a_CNT",
)


def test_platform_guest_bochs(artifacts, boot):
    """ACPI tables, virtio-rng over virtio-mmio, and an ACPI S5 power-off that
    stops the VM with its own reason, not a halt or a fault."""
    res = run_guests(boot, artifacts, "platform64")
    assert_guest_said(res, "platform64", *MARKERS)
    failures = res.find(r"^\[vm platform64\] platform64: FAIL (.*)$")
    assert not failures, res.why(f"platform64 failed: {failures[0].group(1)}")
    reason = stop_reason(res, "platform64")
    assert reason == "ACPI power off (S5)", \
        res.why(f"platform64 should stop by ACPI power off, not: {reason}")
    # Every register access went through an EPT violation: 3 identity reads, the
    # status and feature handshake, the queue set-up and two notifications.
    exits = res.find(r"^vm platform64 exits: \d+ \(.*EPT violation (\d+).*\)$")
    assert exits and int(exits[0].group(1)) >= 25, \
        res.why("the virtio-mmio registers should be reached through EPT violations")
    assert_host_fine(res, guests=1)
