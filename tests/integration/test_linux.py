# SPDX-License-Identifier: MIT
"""An unmodified Debian kernel under vmanhv in Bochs (issue 4; docs/linux-guest.md),
and under QEMU/KVM with nested VT-x where the host offers it (else that variant
is skipped, saying why: test_vmx.py's `vmx_platform`; the same disk and
command lines).

The image is `make linux-guest`'s: build/vmanhv.img with the kernel that
linux-image-amd64 points to and an initramfs of busybox-static, the kernel's
own virtio/evdev/button modules and tests/linux/init in its datastore.  The
firmware boots it with `guest=vmlinuz:2` on 2 vCPUs.  Its init loads the
modules, reads /dev/hwrng through the virtio entropy device (virtio-mmio,
found through the DSDT), prints its markers on the UART and powers off
through ACPI (S5), after which the VM stops with that reason.  In the second
run init waits instead, and the test presses the VM's ACPI power button from
outside, through WS-Management: RequestStateChange(4, shut down) on the VM's
CIM_ComputerSystem (DSP1057), over HTTP with Digest on Bochs's slirp
network; it returns 4096 with a CIM_ConcreteJob, which the test follows
until it completes as the VM stops the same way.  `make bench` boots the same image for
its exit counts.

This is the slowest test of `make check`: Bochs emulates every instruction of
the kernel's XZ decompression (about 3.7 G) and of its boot.  Its time-out is
generous but hard.
"""

from __future__ import annotations

import re
import secrets
import time

import pytest

import emulators
import wsman_client
from test_vmx import vmx_platform  # noqa: F401  (a fixture)

LINUX_IMAGE = emulators.BUILD / "linux" / "vmanhv-linux.img"
LINUX_TIMEOUT_S = 1500
STOPPED = r"^vm vmlinuz stopped: (.*)$"
EXITS = r"^vm vmlinuz exits: (\d+) \((.*)\)$"
KERNEL_CMDLINE = emulators.LINUX_KERNEL_CMDLINE
FIRMWARE_CMDLINE = emulators.LINUX_FIRMWARE_CMDLINE
OVERHEAD = r"^vm vmlinuz overhead: (\d+) bytes beyond its RAM"


@pytest.fixture(scope="module")
def linux_image():
    if not LINUX_IMAGE.exists():
        pytest.fail(f"missing {LINUX_IMAGE}: `make integration` builds it (make linux-guest)",
                    pytrace=False)
    return LINUX_IMAGE


def test_debian_kernel_boots_and_powers_off(linux_image, boot, run_dir, vmx_platform):
    disk = emulators.stamp_image(linux_image, f"{FIRMWARE_CMDLINE} -- {KERNEL_CMDLINE}",
                                 run_dir / "disk.img")
    res = boot(vmx_platform.emulator(disk, cpus=2, ips=emulators.LINUX_BOCHS_IPS),
               until=STOPPED, timeout=LINUX_TIMEOUT_S, linger=2)
    stopped = res.find(STOPPED)
    assert stopped, res.why("the Linux VM never stopped")
    guest = [l for l in res.lines if l.startswith("[vm vmlinuz] vmanhv-linux:")]
    text = "\n".join(guest)
    assert re.search(r"init started, 2 cpus, kernel \S+-amd64", text), \
        res.why("init did not report 2 CPUs (or did not start)")
    for module in ("virtio_ring", "virtio", "virtio_mmio", "virtio-rng"):
        assert f"module {module} loaded" in text, res.why(f"module {module} did not load")
    assert "hwrng current: virtio_rng.0" in text, res.why("/dev/hwrng is not the virtio device")
    m = re.search(r"hwrng read (\d+) bytes: ([0-9a-f]*)", text)
    assert m and int(m.group(1)) == 32 and len(m.group(2)) == 16, \
        res.why("no bytes from /dev/hwrng")
    assert "powering off" in text, res.why("init did not power off")
    assert stopped[0].group(1).startswith("ACPI power off (S5)"), \
        res.why(f"the VM stopped for another reason: {stopped[0].group(1)}")
    exits = res.find(EXITS)
    assert exits, res.why("no exit counts")
    overhead = res.find(OVERHEAD)
    assert overhead, res.why("no `vm vmlinuz overhead:` line")
    print(f"linux exits: {exits[0].group(1)} ({exits[0].group(2)}); "
          f"overhead {overhead[0].group(1)} bytes beyond RAM")


RSC_URI = wsman_client.CIM_PREFIX + "CIM_ComputerSystem"
JOB_URI = wsman_client.CIM_PREFIX + "CIM_ConcreteJob"
WAITING = r"^\[vm vmlinuz\] vmanhv-linux: waiting for the power button on /dev/input/event\d+$"


def _post(port: int, password: str, envelope: str) -> bytes:
    client = wsman_client.WsmanClient("127.0.0.1", port, "admin", password, timeout=120)
    try:
        reply = client.post(envelope)
    finally:
        client.close()
    assert reply.status == 200, f"HTTP {reply.status}: {reply.body[:400]!r}"
    return reply.body


def _press_power_button(port: int, password: str) -> tuple[str, str | None]:
    """RequestStateChange(RequestedState 4) on the VM: its ReturnValue and the
    InstanceID of the job it started (docs/profiles.md, "Jobs")."""
    body = (f'<p:RequestStateChange_INPUT xmlns:p="{RSC_URI}">'
            "<p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>")
    envelope = wsman_client._envelope(RSC_URI + "/RequestStateChange", RSC_URI, body,
                                      {"CreationClassName": "CIM_ComputerSystem",
                                       "Name": "vmlinuz"})
    reply = _post(port, password, envelope)
    m = re.search(rb"<[^>]*ReturnValue>(\d+)<", reply)
    assert m, f"no ReturnValue in {reply[:400]!r}"
    job = re.search(rb'<[^>]*Selector Name="InstanceID">([^<]+)<', reply)
    return m.group(1).decode(), job.group(1).decode() if job else None


def _job_state(port: int, password: str, job: str) -> tuple[str, str]:
    """The job's JobState and JobStatus (CIM_ConcreteJob, a WS-Transfer Get)."""
    reply = _post(port, password, wsman_client.get_envelope(JOB_URI, {"InstanceID": job}))
    state = re.search(rb"<[^>]*JobState>(\d+)<", reply)
    status = re.search(rb"<[^>]*JobStatus>([^<]*)<", reply)
    assert state and status, f"no JobState in {reply[:600]!r}"
    return state.group(1).decode(), status.group(1).decode()


def test_debian_kernel_power_button_over_wsman(linux_image, boot, run_dir, vmx_platform):
    password = secrets.token_urlsafe(12)
    kernel = KERNEL_CMDLINE.replace(" vmanhv.test=poweroff", "")
    disk = emulators.stamp_image(
        linux_image, f"user=admin password={password} {FIRMWARE_CMDLINE} -- {kernel}",
        run_dir / "disk.img")
    port = emulators.free_port()
    (run_dir / "slirp.conf").write_text(f"# slirp config\nhostfwd = tcp:127.0.0.1:{port}-:5985\n")
    said = {}

    def press_and_wait(res: emulators.Result) -> None:
        said["rv"], said["job"] = _press_power_button(port, password)
        end = time.monotonic() + 600 * emulators.TIMEOUT_SCALE
        while said["job"] and time.monotonic() < end:
            said["state"], said["status"] = _job_state(port, password, said["job"])
            if said["state"] != "4":    # no longer Running
                return
            time.sleep(1)

    emu = vmx_platform.emulator(
        disk, cpus=2, ips=emulators.LINUX_BOCHS_IPS, bochs_nic="ethmod=slirp, script=slirp.conf",
        qemu_nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{port}-:5985")
    res = boot(emu, until=WAITING, timeout=LINUX_TIMEOUT_S, while_running=press_and_wait)
    assert res.find(WAITING), res.why("init never waited for the power button")
    assert said.get("rv") == "4096" and said.get("job"), \
        res.why(f"RequestStateChange(4) returned {said.get('rv')}, job {said.get('job')}")
    assert said.get("state") == "7", \
        res.why(f"the shut-down job ended in JobState {said.get('state')}: {said.get('status')}")
    assert "ACPI power off (S5)" in said.get("status", ""), res.why(said.get("status"))
    text = (run_dir / "serial.log").read_text(errors="replace")
    assert "vmanhv-linux: power button pressed, powering off" in text, \
        res.why("init did not see the power button")
    stopped = re.search(STOPPED, text, re.M)
    assert stopped and stopped.group(1).startswith("ACPI power off (S5)"), \
        res.why(f"the VM did not power off through ACPI: {stopped and stopped.group(1)}")
