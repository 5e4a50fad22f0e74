# SPDX-License-Identifier: MIT
"""The scheduler follows DSP1044 Weight, Limit and Reservation (docs/scheduler.md), proven
under VT-x in Bochs (3 CPUs: CPU 0 runs management, CPUs 1 and 2 run guests), measured
through the management endpoint from the hypervisor's own counters: each vCPU's
CIM_Processor shows VmanhvProcessorTime (microseconds it ran), VmanhvElapsedTime (since
its VM started) and VmanhvHostProcessor (the CPU it is placed on).

- A VM reserving 1 CPU gets one to itself: the two other VMs' vCPUs are placed on the
  other CPU, and a second reserving VM is refused at start (no CPU is free).
- Two busy VMs sharing that CPU with Weights 100 and 300 get CPU time about 1 : 3; after
  ModifyResourceSettings gives the first Weight 300 too, while both run, about 1 : 1.
- A busy 2-vCPU VM (guest spinall) with Limit 1 on the 2 guest CPUs uses about one CPU's
  worth of time, not two; raised to Limit 2 while it runs, about two.

Bochs counts time by instructions (clock: sync=none), so the figures are in its time, not
the host's; every wait is bounded.
"""

from __future__ import annotations

import html
import secrets
import shutil
import time

import pytest

import emulators
from emulators import Bochs
from test_allocation import enabled_state, get, prop, request_state
from test_wsl import HTTP_UP, USER
from test_wsman_invoke import CIM, cimxml, destroy, dump, invoke, return_value, vssd

PROC_URI = CIM + "CIM_Processor"
WINDOW_US = 1_500_000           # Bochs time each share is measured over
WINDOW_WALL_S = 240             # bound on the host time one window may take
LIMIT_S = 1500 * emulators.TIMEOUT_SCALE


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    password = secrets.token_urlsafe(12)
    run_dir = emulators.BUILD / "test-runs" / "test_scheduler"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    (run_dir / "slirp.conf").write_text(f"# slirp config\nhostfwd = tcp:127.0.0.1:{port}-:5985\n")
    bochs = Bochs(disk, cpus=3, nic="ethmod=slirp, script=slirp.conf")
    try:
        with emulators.running(bochs, run_dir, until=HTTP_UP, name="test_scheduler",
                               request=request, limit_s=LIMIT_S, timeout=300):
            yield port, None, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def rasd(props: dict[str, tuple[str, str]]) -> str:
    return f"<p:ResourceSettings>{cimxml('CIM_ResourceAllocationSettingData', props)}" \
           "</p:ResourceSettings>"


def host_cpu(n: int) -> str:
    """Host CPU n's object path, as a RASD's HostResource names it (docs/scheduler.md)."""
    return f'root/cimv2:CIM_Processor.CreationClassName="CIM_Processor",DeviceID="cpu{n}",' \
           'SystemCreationClassName="CIM_ComputerSystem",SystemName="vmanhv"'


def hard_affinity(cpus: list[int]) -> str:
    """HostResource (a string array) and MappingBehavior 5 Hard Affinity, as CIM-XML."""
    values = "".join(f"<VALUE>{html.escape(host_cpu(n))}</VALUE>" for n in cpus)
    return f'<PROPERTY.ARRAY NAME="HostResource" TYPE="string"><VALUE.ARRAY>{values}' \
           '</VALUE.ARRAY></PROPERTY.ARRAY>' \
           '<PROPERTY NAME="MappingBehavior" TYPE="uint16"><VALUE>5</VALUE></PROPERTY>'


def define(ep, name: str, image: str, vcpus: int = 1, pin: list[int] | None = None,
           expect: int = 0, **terms: int) -> None:
    """A VM of `image` with 2 MiB, the processor terms given (Weight=, Limit=, ...) and,
    with `pin`, a hard affinity to those host CPUs; DefineSystem returns `expect`."""
    cpu = {"ResourceType": ("uint16", "3"), "VirtualQuantity": ("uint64", str(vcpus)),
           "AllocationUnits": ("string", "count")}
    cpu.update({k: ("uint32" if k == "Weight" else "uint64", str(v)) for k, v in terms.items()})
    mem = {"ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", "2"),
           "AllocationUnits": ("string", "MegaBytes")}
    settings = cimxml("vmanhv_VirtualSystemSettingData", vssd(name, image))
    cpu_xml = rasd(cpu)
    if pin is not None:     # the array goes into the instance text before it is escaped
        inner = html.unescape(cimxml("CIM_ResourceAllocationSettingData", cpu))
        inner = inner.replace("</INSTANCE>", hard_affinity(pin) + "</INSTANCE>")
        cpu_xml = f"<p:ResourceSettings>{html.escape(inner)}</p:ResourceSettings>"
    status, root = invoke(ep, "DefineSystem",
                          f"<p:SystemSettings>{settings}</p:SystemSettings>" + cpu_xml
                          + rasd(mem))
    assert status == 200 and return_value(root, "DefineSystem") == expect, dump(root)


def modify_cpu(ep, vm: str, **terms: int) -> int:
    props = {"InstanceID": ("string", f"vmanhv:{vm}:processor"),
             "ResourceType": ("uint16", "3")}
    props.update({k: ("uint32" if k == "Weight" else "uint64", str(v)) for k, v in terms.items()})
    status, root = invoke(ep, "ModifyResourceSettings", rasd(props))
    assert status == 200, dump(root)
    return return_value(root, "ModifyResourceSettings")


def vcpu(ep, vm: str, n: int = 0):
    return get(ep, PROC_URI, {"CreationClassName": "CIM_Processor", "DeviceID": f"{vm}:cpu{n}",
                              "SystemCreationClassName": "CIM_ComputerSystem",
                              "SystemName": vm})


def figures(ep, vm: str, vcpus: int = 1) -> tuple[int, int]:
    """(microseconds its vCPUs ran in all, microseconds since it started)."""
    ran, elapsed = 0, 0
    for n in range(vcpus):
        inst = vcpu(ep, vm, n)
        ran += int(prop(inst, "VmanhvProcessorTime"))
        elapsed = max(elapsed, int(prop(inst, "VmanhvElapsedTime")))
    return ran, elapsed


def measure(ep, vms: dict[str, int]) -> tuple[dict[str, int], int]:
    """CPU time each VM (name: vCPUs) ran over one window of WINDOW_US Bochs time, and
    the window's length."""
    first = {vm: figures(ep, vm, n) for vm, n in vms.items()}
    start = max(e for _, e in first.values())
    deadline = time.monotonic() + WINDOW_WALL_S * emulators.TIMEOUT_SCALE
    while True:
        last = {vm: figures(ep, vm, n) for vm, n in vms.items()}
        window = max(e for _, e in last.values()) - start
        if window >= WINDOW_US:
            return {vm: last[vm][0] - first[vm][0] for vm in vms}, window
        assert time.monotonic() < deadline, f"Bochs time stood still: {first} -> {last}"
        time.sleep(2)


def placed_on(ep, vm: str, n: int = 0) -> str | None:
    return prop(vcpu(ep, vm, n), "VmanhvHostProcessor")


def test_reservation_and_weights(endpoint):
    ep = endpoint
    define(ep, "res-r", "spin", Reservation=1)
    define(ep, "res-q", "spin", Reservation=1)
    define(ep, "w-100", "spin", Weight=100)
    define(ep, "w-300", "spin", Weight=300)
    try:
        assert request_state(ep, "res-r", 2) == "0"
        assert request_state(ep, "w-100", 2) == "0"
        assert request_state(ep, "w-300", 2) == "0"
        held = placed_on(ep, "res-r")
        assert held in ("1", "2")
        assert placed_on(ep, "w-100") == placed_on(ep, "w-300") != held
        # a second reservation: the pool admits it (Capacity 2), no CPU is free for it
        assert request_state(ep, "res-q", 2) != "0"
        assert enabled_state(ep, "res-q") == "3"

        ran, window = measure(ep, {"w-100": 1, "w-300": 1})
        ratio = ran["w-300"] / max(ran["w-100"], 1)
        print(f"Weights 100:300 -> CPU time 1:{ratio:.2f} over {window} us")
        assert 2.0 <= ratio <= 4.5, (ran, window)
        # the two share one CPU: together about all of it
        assert 0.8 <= (ran["w-100"] + ran["w-300"]) / window <= 1.1, (ran, window)
        # the reserved VM has its CPU to itself: all of it
        assert figures(ep, "res-r")[0] > 0

        assert modify_cpu(ep, "w-100", Weight=300) == 0     # while it runs (DSP1041)
        assert enabled_state(ep, "w-100") == "2"
        ran, window = measure(ep, {"w-100": 1, "w-300": 1})
        ratio = ran["w-300"] / max(ran["w-100"], 1)
        print(f"Weights 300:300 -> CPU time 1:{ratio:.2f} over {window} us")
        assert 0.6 <= ratio <= 1.6, (ran, window)
        # what a running VM may not change: its quantity, its Reservation
        assert modify_cpu(ep, "w-100", VirtualQuantity=2) == 5
        assert modify_cpu(ep, "res-r", Reservation=0) == 5
    finally:
        for vm in ("res-r", "res-q", "w-100", "w-300"):
            request_state(ep, vm, 3)
            destroy(ep, vm)


def test_limit(endpoint):
    ep = endpoint
    define(ep, "lim-2", "spinall", vcpus=2, Limit=1)
    try:
        assert request_state(ep, "lim-2", 2) == "0"
        assert {placed_on(ep, "lim-2", 0), placed_on(ep, "lim-2", 1)} == {"1", "2"}
        ran, window = measure(ep, {"lim-2": 2})
        print(f"Limit 1, 2 busy vCPUs -> {ran['lim-2'] / window:.2f} CPUs over {window} us")
        assert 0.6 <= ran["lim-2"] / window <= 1.3, (ran, window)

        assert modify_cpu(ep, "lim-2", Limit=2) == 0        # while it runs
        ran, window = measure(ep, {"lim-2": 2})
        print(f"Limit 2, 2 busy vCPUs -> {ran['lim-2'] / window:.2f} CPUs over {window} us")
        assert ran["lim-2"] / window >= 1.6, (ran, window)
    finally:
        request_state(ep, "lim-2", 3)
        destroy(ep, "lim-2")


def test_hard_affinity(endpoint):
    """HostResource naming host CPU 2 with MappingBehavior 5: both vCPUs run there, and
    the completed RASD says so; the host's CPUs are served as CIM_Processor."""
    ep = endpoint
    host = vcpu_of_host(ep, 2)
    assert (prop(host, "SystemName"), prop(host, "DeviceID")) == ("vmanhv", "cpu2")
    define(ep, "pin-0", "spin", pin=[0], expect=4)     # cpu0 runs the management core
    define(ep, "pin-2", "spinall", vcpus=2, pin=[2])
    try:
        got = get(ep, CIM + "CIM_ResourceAllocationSettingData",
                  {"InstanceID": "vmanhv:pin-2:processor"})
        assert prop(got, "MappingBehavior") == "5"
        assert host_cpu(2) in [h.text for h in got.xpath("*[local-name()='HostResource']")]
        assert request_state(ep, "pin-2", 2) == "0"
        assert (placed_on(ep, "pin-2", 0), placed_on(ep, "pin-2", 1)) == ("2", "2")
        ran, window = measure(ep, {"pin-2": 2})
        assert ran["pin-2"] / window <= 1.2, (ran, window)   # two vCPUs, one CPU
    finally:
        request_state(ep, "pin-2", 3)
        destroy(ep, "pin-2")


def vcpu_of_host(ep, n: int):
    return get(ep, PROC_URI, {"CreationClassName": "CIM_Processor", "DeviceID": f"cpu{n}",
                              "SystemCreationClassName": "CIM_ComputerSystem",
                              "SystemName": "vmanhv"})
