# SPDX-License-Identifier: MIT
"""Resource allocation (DSP1041, DSP1043, DSP1044, DSP1045; docs/allocation.md) against
the firmware in QEMU, over raw SOAP.

- The primordial pools: Capacity (QEMU runs 2 CPUs: 1 for guests), the figures exact
  after each define, modify, add and destroy.
- A VM's RASDs, completed from only the essentials a client sent; Get by InstanceID.
- ModifyResourceSettings and AddResourceSettings on a defined VM (the VM is remade with
  the new sizes, keeping its label); a memory size the host cannot give: 2 Failed and
  the VM as it was; RemoveResourceSettings refused; each invalid input's ReturnValue.
- The capabilities, templates and every association, walked from the host.
- Admission control at start: in QEMU every start is refused (management-only mode),
  so only the pool figures are checked there; test_admission_bochs starts real VMs
  under VT-x in Bochs and shows a start refused for its Reservation alone (the
  refusal's words are checked by tests/unit/test_profiles_allocation.c).
- CIM_RegisteredProfile for DSP1041/1043/1044/1045 and their ElementConformsToProfile.
- CIM_ResourcePoolConfigurationService: a child pool carved out of each primordial pool,
  a VM allocating from them by PoolID, DeleteResourcePool refused while in use.
- DSP1044 CIM_ProcessorAllocationSettingData: a VM's processor RASD and the processor
  templates served in the subclass (Get and Enumerate through either class) with the x86
  extension names and their status; DefineSystem taking it in CIM-XML, WS-CIM and MOF
  form; extensions a guest cannot have, or cannot be without, refused with the reason;
  the served instance sent back to ModifyResourceSettings; a child pool from it.

The firmware runs in QEMU TCG (management-only mode): defining, resizing and
destroying VMs needs no VMX (hv_vm_create only allocates guest RAM and loads the image).
"""

from __future__ import annotations

import html
import secrets
import shutil

import pytest
from lxml import etree

import emulators
from emulators import Bochs, Qemu
from test_wsl import HTTP_UP, USER, MODULE_LIMIT_S
from test_wsman_invoke import (CIM, CS_URI, NS, TRANSFER, associated, cimxml, destroy, dump,
                               enumerate_names, envelope, epr, invoke, mof, output, post,
                               refusal_message, return_value, vssd, wscim)

POOL_URI = CIM + "CIM_ResourcePool"
RASD_URI = CIM + "CIM_ResourceAllocationSettingData"
CAPS_URI = CIM + "CIM_AllocationCapabilities"
RP_URI = CIM + "CIM_RegisteredProfile"
VSSD_URI = CIM + "vmanhv_VirtualSystemSettingData"
GUEST_CPUS = 1          # Qemu(cpus=2): CPU 0 runs the management core


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(http port, https port, password, run dir) with the firmware running in QEMU."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_allocation"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_allocation",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield http_port, None, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def get(ep, uri: str, keys: dict[str, str]):
    port, _, password, _ = ep
    status, root = post(port, USER, password, envelope(TRANSFER + "Get", uri, "", keys))
    assert status == 200, dump(root)
    return root.xpath("/s:Envelope/s:Body/*", namespaces=NS)[0]


def prop(inst, name: str) -> str | None:
    found = inst.xpath(f"*[local-name()='{name}']")
    return found[0].text if found else None


def pools(ep) -> dict[str, dict[str, int]]:
    """Each pool's figures, by InstanceID."""
    out = {}
    for pid in ("vmanhv:pool:processor", "vmanhv:pool:memory"):
        inst = get(ep, POOL_URI, {"InstanceID": pid})
        out[pid] = {k: int(prop(inst, k)) for k in
                    ("Capacity", "Reserved", "CurrentlyConsumedResource",
                     "MaxConsumableResource", "ResourceType")}
    return out


def rasd(ep, vm: str, kind: str):
    return get(ep, RASD_URI, {"InstanceID": f"vmanhv:{vm}:{kind}"})


def rasd_xml(props: dict[str, tuple[str, str]]) -> str:
    return f"<p:ResourceSettings>{cimxml('CIM_ResourceAllocationSettingData', props)}" \
           "</p:ResourceSettings>"


def define(ep, name: str, vcpus: int, mib: int, reservation: int | None = None,
           image: str = "hello", pools: tuple[str, str] | None = None):
    cpu = {"ResourceType": ("uint16", "3"), "VirtualQuantity": ("uint64", str(vcpus))}
    if reservation is not None:
        cpu["Reservation"] = ("uint64", str(reservation))
        cpu["AllocationUnits"] = ("string", "count")
    mem = {"ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", str(mib)),
           "AllocationUnits": ("string", "MegaBytes")}
    if pools is not None:
        cpu["PoolID"] = ("string", pools[0])
        mem["PoolID"] = ("string", pools[1])
    settings = cimxml("vmanhv_VirtualSystemSettingData", vssd(name, image))
    params = f"<p:SystemSettings>{settings}</p:SystemSettings>" + rasd_xml(cpu) + rasd_xml(mem)
    status, root = invoke(ep, "DefineSystem", params)
    assert status == 200, dump(root)
    return return_value(root, "DefineSystem")


def define_image(ep, name: str, image: str, reservation: int | None) -> int:
    return define(ep, name, 1, 2, reservation, image)


def modify(ep, props: dict[str, tuple[str, str]]):
    status, root = invoke(ep, "ModifyResourceSettings", rasd_xml(props))
    assert status == 200, dump(root)
    return return_value(root, "ModifyResourceSettings"), root


def add(ep, vm: str, props: dict[str, tuple[str, str]]):
    ref = epr(VSSD_URI, {"InstanceID": f"vmanhv:{vm}"})
    status, root = invoke(ep, "AddResourceSettings",
                          f"<p:AffectedConfiguration>{ref}</p:AffectedConfiguration>"
                          + rasd_xml(props))
    assert status == 200, dump(root)
    return return_value(root, "AddResourceSettings"), root


def resulting(root, method: str) -> list[str]:
    return [r.xpath("string(.//w:Selector[@Name='InstanceID'])", namespaces=NS)
            for r in output(root, method, "ResultingResourceSettings")]


def vm_info(ep, name: str) -> tuple[int, int]:
    """(vCPUs, MiB) as the VM's completed RASDs say."""
    return (int(prop(rasd(ep, name, "processor"), "VirtualQuantity")),
            int(prop(rasd(ep, name, "memory"), "VirtualQuantity")))


# --- tests ------------------------------------------------------------------------------

def test_primordial_pools(endpoint):
    """Two primordial pools; processor Capacity is the CPUs besides the management CPU."""
    assert sorted(enumerate_names(endpoint, POOL_URI, "InstanceID")) == \
        ["vmanhv:pool:memory", "vmanhv:pool:processor"]
    cpu = get(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:processor"})
    assert prop(cpu, "Primordial") == "true"
    assert prop(cpu, "PoolID") == "vmanhv:pool:processor"
    assert prop(cpu, "ResourceType") == "3"
    assert prop(cpu, "AllocationUnits") == "count"
    assert prop(cpu, "ConsumedResourceUnits") == "count"
    assert int(prop(cpu, "Capacity")) == GUEST_CPUS
    mem = get(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:memory"})
    assert prop(mem, "ResourceType") == "4"
    assert prop(mem, "AllocationUnits") == "byte*2^20"
    # QEMU gives the machine 512 MiB; guests can have most of it, never more
    assert 128 <= int(prop(mem, "Capacity")) < 512, dump(mem)


def test_consumption_modify_add_remove(endpoint):
    """Figures exact at each step; RASDs completed; Modify/Add remake the VM; Remove refused."""
    before = pools(endpoint)
    cpu0 = before["vmanhv:pool:processor"]
    mem0 = before["vmanhv:pool:memory"]
    assert define(endpoint, "alloc-a", 2, 16, reservation=1) == 0
    try:
        now = pools(endpoint)
        assert now["vmanhv:pool:processor"]["CurrentlyConsumedResource"] == \
            cpu0["CurrentlyConsumedResource"] + 2
        assert now["vmanhv:pool:processor"]["Reserved"] == cpu0["Reserved"]   # not running
        assert now["vmanhv:pool:memory"]["CurrentlyConsumedResource"] == \
            mem0["CurrentlyConsumedResource"] + 16
        assert now["vmanhv:pool:memory"]["Reserved"] == mem0["Reserved"] + 16

        # the RASDs a client gets back: complete (Resource Allocation Descriptor)
        p = rasd(endpoint, "alloc-a", "processor")
        assert [prop(p, k) for k in ("ResourceType", "PoolID", "AllocationUnits",
                                     "VirtualQuantity", "VirtualQuantityUnits", "Reservation",
                                     "Limit", "Weight", "AutomaticAllocation")] == \
            ["3", "vmanhv:pool:processor", "count", "2", "count", "1", "2", "100", "true"]
        m = rasd(endpoint, "alloc-a", "memory")
        assert [prop(m, k) for k in ("ResourceType", "PoolID", "AllocationUnits",
                                     "VirtualQuantity", "Reservation", "Limit")] == \
            ["4", "vmanhv:pool:memory", "byte*2^20", "16", "16", "16"]

        # Modify with only the essentials: the memory grows, the vCPUs stay
        rv, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:alloc-a:memory"),
                                     "ResourceType": ("uint16", "4"),
                                     "VirtualQuantity": ("uint64", "32")})
        assert rv == 0, dump(root)
        assert resulting(root, "ModifyResourceSettings") == ["vmanhv:alloc-a:memory"]
        assert vm_info(endpoint, "alloc-a") == (2, 32)
        assert pools(endpoint)["vmanhv:pool:memory"]["CurrentlyConsumedResource"] == \
            mem0["CurrentlyConsumedResource"] + 32
        assert "alloc-a" in enumerate_names(endpoint, CS_URI)

        # Add one processor
        rv, root = add(endpoint, "alloc-a", {"ResourceType": ("uint16", "3"),
                                             "VirtualQuantity": ("uint64", "1")})
        assert rv == 0, dump(root)
        assert resulting(root, "AddResourceSettings") == ["vmanhv:alloc-a:processor"]
        assert vm_info(endpoint, "alloc-a") == (3, 32)
        assert pools(endpoint)["vmanhv:pool:processor"]["CurrentlyConsumedResource"] == \
            cpu0["CurrentlyConsumedResource"] + 3

        # more memory than the host has: 2 Failed, the VM exactly as it was
        rv, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:alloc-a:memory"),
                                     "ResourceType": ("uint16", "4"),
                                     "VirtualQuantity": ("uint64", "1024")})
        assert rv == 2, dump(root)
        assert not output(root, "ModifyResourceSettings", "ResultingResourceSettings")
        assert vm_info(endpoint, "alloc-a") == (3, 32)

        # a Reservation above the vCPUs (3): 6 Incompatible Parameters
        rv, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:alloc-a:processor"),
                                     "ResourceType": ("uint16", "3"),
                                     "Reservation": ("uint64", "4")})
        assert rv == 6, dump(root)
        assert vm_info(endpoint, "alloc-a") == (3, 32)

        # invalid inputs: 4
        for props in ({"InstanceID": ("string", "vmanhv:nosuch:memory"),
                       "ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", "8")},
                      {"InstanceID": ("string", "vmanhv:alloc-a:memory"),
                       "ResourceType": ("uint16", "3"), "VirtualQuantity": ("uint64", "1")},
                      {"InstanceID": ("string", "vmanhv:alloc-a:memory"),
                       "ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", "8"),
                       "AllocationUnits": ("string", "percent")},
                      {"InstanceID": ("string", "vmanhv:alloc-a:memory"),
                       "ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", "8"),
                       "PoolID": ("string", "vmanhv:pool:processor")}):
            rv, root = modify(endpoint, props)
            assert rv == 4, (props, dump(root))
        assert vm_info(endpoint, "alloc-a") == (3, 32)

        # Remove: a VM never goes without processors or memory
        ref = epr(RASD_URI, {"InstanceID": "vmanhv:alloc-a:processor"})
        status, root = invoke(endpoint, "RemoveResourceSettings",
                              f"<p:ResourceSettings>{ref}</p:ResourceSettings>")
        assert status == 200, dump(root)
        assert return_value(root, "RemoveResourceSettings") == 4, dump(root)
        assert vm_info(endpoint, "alloc-a") == (3, 32)
    finally:
        destroy(endpoint, "alloc-a")
    assert pools(endpoint) == before


def test_start_admission_pool_figures(endpoint):
    """A start that would overcommit the processor pool's reservations is refused (4), and
    the pool's Reserved does not move; in management-only mode every start is refused, so
    only the figures tell (the reason is checked in the unit tests)."""
    before = pools(endpoint)
    assert define(endpoint, "alloc-r", 2, 4, reservation=GUEST_CPUS + 1) == 0
    try:
        assert request_state(endpoint, "alloc-r", 2) == "4"
        assert pools(endpoint)["vmanhv:pool:processor"]["Reserved"] == \
            before["vmanhv:pool:processor"]["Reserved"]
        assert enabled_state(endpoint, "alloc-r") == "3"
    finally:
        destroy(endpoint, "alloc-r")


def request_state_reply(ep, name: str, state: int):
    port, _, password, _ = ep
    keys = {"CreationClassName": "CIM_ComputerSystem", "Name": name}
    body = f'<p:RequestStateChange_INPUT xmlns:p="{CS_URI}">' \
           f"<p:RequestedState>{state}</p:RequestedState></p:RequestStateChange_INPUT>"
    status, root = post(port, USER, password,
                        envelope(f"{CS_URI}/RequestStateChange", CS_URI, body, keys))
    assert status == 200, dump(root)
    return root


def request_state(ep, name: str, state: int) -> str:
    root = request_state_reply(ep, name, state)
    return root.xpath("string(//*[local-name()='ReturnValue'])")


def refusal(root) -> str:
    """The Message of the CIM_Error beside a non-zero ReturnValue."""
    text = root.xpath("string(//*[local-name()='RequestStateChange_OUTPUT']"
                      "/*[local-name()='Error'])")
    assert text, dump(root)
    inst = etree.fromstring(text.encode())
    return next(p.findtext("VALUE") for p in inst.findall("PROPERTY")
                if p.get("NAME") == "Message")


def enabled_state(ep, name: str) -> str:
    keys = {"CreationClassName": "CIM_ComputerSystem", "Name": name}
    return prop(get(ep, CS_URI, keys), "EnabledState")


def test_admission_bochs(artifacts, request):
    """Under VT-x (Bochs, 2 CPUs: 1 for guests): the processor RASD's extensions say VT-x
    Disabled and RDTSCP Enabled; a VM reserving the one guest CPU starts;
    a second one reserving a CPU is refused (4) by admission, and an unreserved one by
    placement (the reserved CPU runs nothing else, docs/scheduler.md); once the first
    stops, the second starts.  The first, stopped, is remade with 2 vCPUs by
    ModifyResourceSettings and runs them beside the unreserved one."""
    password = secrets.token_urlsafe(12)
    run_dir = emulators.BUILD / "test-runs" / "test_admission_bochs"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    (run_dir / "slirp.conf").write_text(f"# slirp config\nhostfwd = tcp:127.0.0.1:{port}-:5985\n")
    bochs = Bochs(disk, cpus=2, nic="ethmod=slirp, script=slirp.conf")
    ep = (port, None, password, run_dir)
    try:
        with emulators.running(bochs, run_dir, until=HTTP_UP, name="test_admission_bochs",
                               request=request, limit_s=MODULE_LIMIT_S, timeout=300):
            for name, reservation in (("adm-a", 1), ("adm-b", 1), ("adm-c", None)):
                assert define_image(ep, name, "spin", reservation) == 0
            # DSP1044 under VT-x: VMX is the host's and never a guest's; RDTSCP runs
            # natively where the VMX controls allow it (hv_guest_cpu_features)
            ext = extensions(rasd(ep, "adm-a", "processor"))
            assert (ext["DMTF:x86:VT-x"], ext.get("vmanhv:x86:RDTSCP")) == \
                ("Disabled", "Enabled"), ext
            assert request_state(ep, "adm-a", 2) == "0"
            assert enabled_state(ep, "adm-a") == "2"
            assert pools(ep)["vmanhv:pool:processor"]["Reserved"] == 1
            refused = request_state_reply(ep, "adm-b", 2)       # the pool is full
            assert refused.xpath("string(//*[local-name()='ReturnValue'])") == "4"
            why = refusal(refused)
            assert "pool vmanhv:pool:processor overcommitted by 1 CPU(s)" in why, why
            assert enabled_state(ep, "adm-b") == "3"
            assert request_state(ep, "adm-c", 2) == "4"          # admitted, no CPU free
            assert enabled_state(ep, "adm-c") == "3"
            assert request_state(ep, "adm-a", 3) == "0"
            assert pools(ep)["vmanhv:pool:processor"]["Reserved"] == 0
            assert request_state(ep, "adm-b", 2) == "0"
            assert enabled_state(ep, "adm-b") == "2"
            assert request_state(ep, "adm-b", 3) == "0"
            assert request_state(ep, "adm-c", 2) == "0"          # the CPU is free again
            # the stopped VM remade with 2 vCPUs and no reservation, and started again
            rv, root = modify(ep, {"InstanceID": ("string", "vmanhv:adm-a:processor"),
                                   "ResourceType": ("uint16", "3"),
                                   "VirtualQuantity": ("uint64", "2"),
                                   "Reservation": ("uint64", "0")})
            assert rv == 0, dump(root)
            assert request_state(ep, "adm-a", 2) == "0"
            for name in ("adm-a", "adm-b", "adm-c"):
                assert request_state(ep, name, 3) == "0"
            log = (run_dir / "serial.log").read_text(errors="replace")
            assert "vm adm-a: 2 vCPUs on cpus 1 1" in log, log[-2000:]
    finally:
        disk.unlink(missing_ok=True)


def test_capabilities_templates_associations(endpoint):
    """Host -> pools -> capabilities -> templates; VSSD -> RASDs; pool -> RASDs, devices."""
    host = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
    assert sorted(associated(endpoint, CS_URI, host, "CIM_HostedResourcePool")) == \
        [("CIM_ResourcePool", "vmanhv:pool:memory"),
         ("CIM_ResourcePool", "vmanhv:pool:processor")]
    cpu_pool = {"InstanceID": "vmanhv:pool:processor"}
    assert associated(endpoint, POOL_URI, cpu_pool, "CIM_ElementCapabilities") == \
        [("CIM_AllocationCapabilities", "vmanhv:allocation:processor")]
    caps = get(endpoint, CAPS_URI, {"InstanceID": "vmanhv:allocation:processor"})
    assert [prop(caps, k) for k in ("ResourceType", "RequestTypesSupported", "SharingMode",
                                    "SupportedAddStates")] == ["3", "4", "3", "3"]
    assert sorted(k for _, k in associated(endpoint, CAPS_URI,
                                           {"InstanceID": "vmanhv:allocation:memory"},
                                           "CIM_SettingsDefineCapabilities")) == \
        ["vmanhv:template:memory:default", "vmanhv:template:memory:increment",
         "vmanhv:template:memory:maximum", "vmanhv:template:memory:minimum"]
    default = get(endpoint, RASD_URI, {"InstanceID": "vmanhv:template:memory:default"})
    assert (prop(default, "VirtualQuantity"), prop(default, "AllocationUnits")) == \
        ("128", "byte*2^20")

    assert define(endpoint, "alloc-l", 2, 4) == 0
    try:
        vssd_keys = {"InstanceID": "vmanhv:alloc-l"}
        assert sorted(associated(endpoint, VSSD_URI, vssd_keys,
                                 "CIM_VirtualSystemSettingDataComponent")) == \
            [("CIM_ProcessorAllocationSettingData", "vmanhv:alloc-l:processor"),
             ("CIM_ResourceAllocationSettingData", "vmanhv:alloc-l:memory")]
        assert ("CIM_ProcessorAllocationSettingData", "vmanhv:alloc-l:processor") in \
            associated(endpoint, POOL_URI, cpu_pool, "CIM_ResourceAllocationFromPool")
    finally:
        destroy(endpoint, "alloc-l")
    assert associated(endpoint, POOL_URI, cpu_pool, "CIM_ResourceAllocationFromPool") == []


def test_registered_profiles(endpoint):
    """DSP1041/1043/1044/1045 registered with their versions, each with a conforming pool
    or capabilities instance."""
    interop = {"__cimnamespace": "root/interop"}
    found = {}
    for pid, name, version in (
            ("vmanhv:DSP1041-1.1.0", "Resource Allocation", "1.1.0"),
            ("vmanhv:DSP1043-1.0.0", "Allocation Capabilities", "1.0.0"),
            ("vmanhv:DSP1044-1.0.0", "Processor Resource Virtualization", "1.0.0"),
            ("vmanhv:DSP1045-1.0.0", "Memory Resource Virtualization", "1.0.0")):
        inst = get(endpoint, RP_URI, {**interop, "InstanceID": pid})
        assert (prop(inst, "RegisteredName"), prop(inst, "RegisteredVersion"),
                prop(inst, "RegisteredOrganization")) == (name, version, "2")
        found[pid] = associated(endpoint, RP_URI, {**interop, "InstanceID": pid},
                                "CIM_ElementConformsToProfile")
    assert found["vmanhv:DSP1045-1.0.0"] == [("CIM_ResourcePool", "vmanhv:pool:memory")]
    assert found["vmanhv:DSP1044-1.0.0"] == [("CIM_ResourcePool", "vmanhv:pool:processor")]
    assert found["vmanhv:DSP1043-1.0.0"] == \
        [("CIM_AllocationCapabilities", "vmanhv:allocation:processor")]
    refs = associated(endpoint, RP_URI, {**interop, "InstanceID": "vmanhv:DSP1044-1.0.0"},
                      "CIM_ReferencedProfile")
    # DSP1044 uses DSP1041 and DSP1043; DSP1042 and DSP1057 use it
    assert sorted(k for _, k in refs) == ["vmanhv:DSP1041-1.1.0", "vmanhv:DSP1042-1.0.0",
                                          "vmanhv:DSP1043-1.0.0", "vmanhv:DSP1057-1.0.0"]


def test_system_virtualization_profiles(endpoint):
    """DSP1042 conforms the host; DSP1057 each VM, as VMs come and go (DSP1033)."""
    interop = {"__cimnamespace": "root/interop"}
    sv = {**interop, "InstanceID": "vmanhv:DSP1042-1.0.0"}
    vs = {**interop, "InstanceID": "vmanhv:DSP1057-1.0.0"}
    assert (prop(get(endpoint, RP_URI, sv), "RegisteredName"),
            prop(get(endpoint, RP_URI, vs), "RegisteredName")) == \
        ("System Virtualization", "Virtual System")
    assert associated(endpoint, RP_URI, sv, "CIM_ElementConformsToProfile") == \
        [("CIM_ComputerSystem", "vmanhv")]
    before = associated(endpoint, RP_URI, vs, "CIM_ElementConformsToProfile")
    assert ("CIM_ComputerSystem", "reg-vm") not in before
    assert define(endpoint, "reg-vm", 1, 16) == 0
    try:
        after = associated(endpoint, RP_URI, vs, "CIM_ElementConformsToProfile")
        assert sorted(after) == sorted(before + [("CIM_ComputerSystem", "reg-vm")])
        assert associated(endpoint, CS_URI, {"CreationClassName": "CIM_ComputerSystem",
                                             "Name": "reg-vm"},
                          "CIM_ElementConformsToProfile") == \
            [("CIM_RegisteredProfile", "vmanhv:DSP1057-1.0.0")]
    finally:
        destroy(endpoint, "reg-vm")
    assert associated(endpoint, RP_URI, vs, "CIM_ElementConformsToProfile") == before


RPCS_URI = CIM + "CIM_ResourcePoolConfigurationService"
RPCS_KEYS = {"CreationClassName": "CIM_ResourcePoolConfigurationService",
             "Name": "vmanhv-rpcs", "SystemCreationClassName": "CIM_ComputerSystem",
             "SystemName": "vmanhv"}


def rpcs(ep, method: str, params: str):
    """A method of the pool configuration service: (ReturnValue, reply)."""
    port, _, password, _ = ep
    body = f'<p:{method}_INPUT xmlns:p="{RPCS_URI}">{params}</p:{method}_INPUT>'
    status, root = post(port, USER, password, envelope(f"{RPCS_URI}/{method}", RPCS_URI, body,
                                                       RPCS_KEYS))
    assert status == 200, dump(root)
    rv = root.xpath(f"/s:Envelope/s:Body/p:{method}_OUTPUT/p:ReturnValue",
                    namespaces={**NS, "p": RPCS_URI})
    assert rv, dump(root)
    return int(rv[0].text), root


def create_child(ep, name: str, rtype: int, amount: int, units: str):
    share = {"ResourceType": ("uint16", str(rtype)), "Reservation": ("uint64", str(amount)),
             "AllocationUnits": ("string", units)}
    return rpcs(ep, "CreateChildResourcePool",
                f"<p:ElementName>{name}</p:ElementName><p:Settings>"
                f"{cimxml('CIM_ResourceAllocationSettingData', share)}</p:Settings>")


def delete_child(ep, pool_id: str) -> int:
    ref = epr(POOL_URI, {"InstanceID": pool_id})
    return rpcs(ep, "DeleteResourcePool", f"<p:Pool>{ref}</p:Pool>")[0]


def test_child_pools(endpoint):
    """CreateChildResourcePool carves a share out of each primordial pool; a VM allocates
    from the child pools by PoolID; DeleteResourcePool is refused (6) while it does."""
    host = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
    assert ("CIM_ResourcePoolConfigurationService", "vmanhv-rpcs") in \
        associated(endpoint, CS_URI, host, "CIM_HostedService")
    before = pools(endpoint)
    rv, root = create_child(endpoint, "fast", 3, GUEST_CPUS, "count")
    assert rv == 0, dump(root)
    assert root.xpath("string(//*[local-name()='Pool']//w:Selector[@Name='InstanceID'])",
                      namespaces=NS) == "vmanhv:pool:fast"
    try:
        assert create_child(endpoint, "more", 3, 1, "count")[0] == 8   # nothing left
        assert create_child(endpoint, "small", 4, 16, "MegaBytes")[0] == 0
        assert sorted(enumerate_names(endpoint, POOL_URI, "InstanceID")) == \
            ["vmanhv:pool:fast", "vmanhv:pool:memory", "vmanhv:pool:processor",
             "vmanhv:pool:small"]
        # the parent -> its child pool (CIM_Processor devices are not served yet)
        assert ("CIM_ResourcePool", "vmanhv:pool:fast") in \
            associated(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:processor"},
                       "CIM_ElementAllocatedFromPool")
        fast = get(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:fast"})
        assert (prop(fast, "Primordial"), prop(fast, "Capacity")) == ("false", str(GUEST_CPUS))
        now = pools(endpoint)
        assert now["vmanhv:pool:processor"]["Reserved"] == \
            before["vmanhv:pool:processor"]["Reserved"] + GUEST_CPUS
        assert now["vmanhv:pool:memory"]["Reserved"] == \
            before["vmanhv:pool:memory"]["Reserved"] + 16

        # a VM too big for the memory child pool is not defined at all
        assert define(endpoint, "alloc-p", 1, 32, pools=("vmanhv:pool:fast",
                                                         "vmanhv:pool:small")) == 2
        assert "alloc-p" not in enumerate_names(endpoint, CS_URI)
        assert define(endpoint, "alloc-p", 1, 8, pools=("vmanhv:pool:fast",
                                                        "vmanhv:pool:small")) == 0
        try:
            assert prop(rasd(endpoint, "alloc-p", "processor"), "PoolID") == \
                "vmanhv:pool:fast"
            assert prop(rasd(endpoint, "alloc-p", "memory"), "PoolID") == "vmanhv:pool:small"
            small = get(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:small"})
            assert prop(small, "CurrentlyConsumedResource") == "8"
            assert ("CIM_ResourceAllocationSettingData", "vmanhv:alloc-p:memory") in \
                associated(endpoint, POOL_URI, {"InstanceID": "vmanhv:pool:small"},
                           "CIM_ResourceAllocationFromPool")
            assert delete_child(endpoint, "vmanhv:pool:small") == 6
        finally:
            destroy(endpoint, "alloc-p")
        assert delete_child(endpoint, "vmanhv:pool:small") == 0
        assert delete_child(endpoint, "vmanhv:pool:memory") == 5     # primordial
    finally:
        delete_child(endpoint, "vmanhv:pool:fast")
        delete_child(endpoint, "vmanhv:pool:small")
    assert pools(endpoint) == before


# --- DSP1044 CIM_ProcessorAllocationSettingData ------------------------------------------

PASD = "CIM_ProcessorAllocationSettingData"
PASD_URI = CIM + PASD
# What vmanhv never shows a guest (arch/x86_64/vmx/vmx_cpuid.c): Disabled where the host
# has it, absent where not; RDTSCP too here, since without VMX its control is unknown.
HIDDEN = ("DMTF:x86:AVX", "DMTF:x86:AVX2", "DMTF:x86:FMA3", "DMTF:x86:F16C",
          "DMTF:x86:VT-x", "DMTF:x86:SVM", "vmanhv:x86:XSAVE", "vmanhv:x86:RDTSCP")


def extensions(inst) -> dict[str, str]:
    """InstructionSetExtensionName -> ...Status, the two arrays index-correlated."""
    names = [e.text for e in inst.xpath("*[local-name()='InstructionSetExtensionName']")]
    status = [e.text for e in inst.xpath("*[local-name()='InstructionSetExtensionStatus']")]
    assert names and len(names) == len(status), etree.tostring(inst).decode()
    return dict(zip(names, status))


def enumerate_classes(ep, uri: str) -> list[tuple[str, str]]:
    """(class element, InstanceID) of each instance an optimized Enumerate and its
    Pulls give (at most 16 rounds)."""
    port, _, password, _ = ep
    body = "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>16</w:MaxElements></n:Enumerate>"
    status, root = post(port, USER, password, envelope(
        "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", uri, body))
    found = []
    for _ in range(16):
        assert status == 200, dump(root)
        found += [(etree.QName(i).localname, i.xpath("string(*[local-name()='InstanceID'])"))
                  for i in root.xpath("//w:Items/*|//n:Items/*", namespaces=NS)]
        ctx = root.xpath("string(//n:EnumerationContext)", namespaces=NS)
        if root.xpath("//w:EndOfSequence|//n:EndOfSequence", namespaces=NS):
            if ctx:
                post(port, USER, password, envelope(
                    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release", uri,
                    f"<n:Release><n:EnumerationContext>{ctx}</n:EnumerationContext>"
                    "</n:Release>"))
            return found
        pull = f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>" \
               "<n:MaxElements>16</n:MaxElements></n:Pull>"
        status, root = post(port, USER, password, envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", uri, pull))
    raise AssertionError("the enumeration did not end in 16 rounds")


def test_processor_rasd_subclass(endpoint):
    """The processor RASD is a CIM_ProcessorAllocationSettingData with the x86-64
    instruction set and the extensions guests see Enabled, those vmanhv hides Disabled;
    the same instance through the base class (DSP0227 polymorphism); the templates too."""
    assert define(endpoint, "alloc-x", 2, 8) == 0
    try:
        p = get(endpoint, PASD_URI, {"InstanceID": "vmanhv:alloc-x:processor"})
        assert etree.QName(p).localname == PASD and etree.QName(p).namespace == PASD_URI
        assert [prop(p, k) for k in ("ProcessorArchitecture", "InstructionSet",
                                     "ResourceType", "VirtualQuantity")] == \
            ["DMTF:x86", "DMTF:x86:64", "3", "2"]
        ext = extensions(p)
        assert ext["DMTF:x86:SSE2"] == "Enabled", ext          # every x86-64 CPU has it
        assert ext["vmanhv:x86:x2APIC"] == "Enabled", ext      # emulated, host or not
        assert all(ext.get(name, "Disabled") == "Disabled" for name in HIDDEN), ext
        assert set(ext.values()) <= {"Enabled", "Disabled"}

        base = rasd(endpoint, "alloc-x", "processor")
        assert etree.QName(base).localname == PASD and extensions(base) == ext
        assert etree.QName(rasd(endpoint, "alloc-x", "memory")).localname == \
            "CIM_ResourceAllocationSettingData"
        every = enumerate_classes(endpoint, RASD_URI)
        assert (PASD, "vmanhv:alloc-x:processor") in every
        assert ("CIM_ResourceAllocationSettingData", "vmanhv:alloc-x:memory") in every
        assert (PASD, "vmanhv:template:processor:default") in every
        assert ("CIM_ResourceAllocationSettingData", "vmanhv:template:memory:default") in every
        processors = enumerate_classes(endpoint, PASD_URI)
        assert {c for c, _ in processors} == {PASD}
        assert sorted(i for _, i in processors if ":template:" in i) == \
            [f"vmanhv:template:processor:{r}" for r in ("default", "increment", "maximum",
                                                        "minimum")]
        assert "vmanhv:alloc-x:processor" in [i for _, i in processors]
        template = get(endpoint, PASD_URI, {"InstanceID": "vmanhv:template:processor:default"})
        assert extensions(template) == ext
        # the VSSD's component is named in its real class
        assert (PASD, "vmanhv:alloc-x:processor") in \
            associated(endpoint, VSSD_URI, {"InstanceID": "vmanhv:alloc-x"},
                       "CIM_VirtualSystemSettingDataComponent")
    finally:
        destroy(endpoint, "alloc-x")


def pasd_param(form: str, names: list[str], status: list[str]) -> str:
    """A 1-vCPU CIM_ProcessorAllocationSettingData as a ResourceSettings value."""
    scalars = {"InstructionSet": ("string", "DMTF:x86:64"),
               "ProcessorArchitecture": ("string", "DMTF:x86"),
               "ResourceType": ("uint16", "3"), "VirtualQuantity": ("uint64", "1")}
    return f"<p:ResourceSettings>{pasd_value(form, scalars, names, status)}</p:ResourceSettings>"


def pasd_value(form: str, scalars: dict[str, tuple[str, str]], names: list[str],
               status: list[str]) -> str:
    """A CIM_ProcessorAllocationSettingData with the extension arrays, embedded in form."""
    arrays = {"InstructionSetExtensionName": names, "InstructionSetExtensionStatus": status}
    if form == "wscim":
        inner = wscim(PASD, scalars)
        items = "".join(f"<q:{n}>{v}</q:{n}>" for n, vs in arrays.items() for v in vs)
        value = inner.replace(f"</q:{PASD}>", items + f"</q:{PASD}>")
    elif form == "cimxml":
        props = "".join(f'<PROPERTY NAME="{n}" TYPE="{t}"><VALUE>{v}</VALUE></PROPERTY>'
                        for n, (t, v) in scalars.items())
        props += "".join(f'<PROPERTY.ARRAY NAME="{n}" TYPE="string"><VALUE.ARRAY>'
                         + "".join(f"<VALUE>{v}</VALUE>" for v in vs)
                         + "</VALUE.ARRAY></PROPERTY.ARRAY>" for n, vs in arrays.items())
        value = html.escape(f'<INSTANCE CLASSNAME="{PASD}">{props}</INSTANCE>')
    else:
        text = mof(PASD, scalars)
        listed = "".join(f" {n} = {{" + ", ".join(f'"{v}"' for v in vs) + "};"
                         for n, vs in arrays.items())
        value = text.replace(" };", listed + " };")
    return value


def define_pasd(ep, name: str, form: str, names: list[str], status: list[str]):
    mem = {"ResourceType": ("uint16", "4"), "VirtualQuantity": ("uint64", "8"),
           "AllocationUnits": ("string", "byte*2^20")}
    params = f"<p:SystemSettings>{cimxml('vmanhv_VirtualSystemSettingData', vssd(name))}" \
             f"</p:SystemSettings>{pasd_param(form, names, status)}{rasd_xml(mem)}"
    status_code, root = invoke(ep, "DefineSystem", params)
    assert status_code == 200, dump(root)
    return return_value(root, "DefineSystem"), root


@pytest.mark.parametrize("form", ["cimxml", "wscim", "mof"])
def test_define_with_processor_subclass(endpoint, form):
    """DefineSystem takes the processor RASD as CIM_ProcessorAllocationSettingData in
    each embedded form; an extension guests see asked Enabled and one vmanhv hides asked
    Disabled are what the VM gets, and its RASD says so."""
    name = f"alloc-{form}"
    rv, root = define_pasd(endpoint, name, form, ["DMTF:x86:SSE2", "DMTF:x86:VT-x"],
                           ["Enabled", "Disabled"])
    assert rv == 0, dump(root)
    try:
        p = rasd(endpoint, name, "processor")
        assert etree.QName(p).localname == PASD
        assert prop(p, "VirtualQuantity") == "1"
        assert extensions(p)["DMTF:x86:SSE2"] == "Enabled"
    finally:
        destroy(endpoint, name)


@pytest.mark.parametrize("names,status,words", [
    (["DMTF:x86:AVX"], ["Enabled"], "DMTF:x86:AVX cannot be given to a guest"),
    (["DMTF:x86:SSE2"], ["Disabled"], "DMTF:x86:SSE2 cannot be hidden"),
    (["DMTF:x86:SSE9"], ["Enabled"], "\"DMTF:x86:SSE9\" is no x86 extension vmanhv knows"),
])
def test_define_refuses_extension(endpoint, names, status, words):
    """An extension a guest cannot have, or cannot be without: ReturnValue 4 (Invalid
    Parameter), the reason naming the extension, and no VM."""
    rv, root = define_pasd(endpoint, "alloc-no", "cimxml", names, status)
    assert rv == 4, dump(root)
    why = refusal_message(root, "DefineSystem")
    assert words in why, why
    assert "alloc-no" not in enumerate_names(endpoint, CS_URI)


def error_message(root) -> str:
    """The Message of the CIM_Error beside a non-zero ReturnValue, whatever the method."""
    text = root.xpath("string(//*[local-name()='Error'])")
    assert text, dump(root)
    inst = etree.fromstring(text.encode())
    return next(p.findtext("VALUE") for p in inst.findall("PROPERTY")
                if p.get("NAME") == "Message")


def test_processor_subclass_round_trip(endpoint):
    """The instance Get gives, sent back to ModifyResourceSettings as it is (WS-CIM, with
    every extension and status it was served with) but for its Weight, is taken: a
    client can read, edit and return the subclass."""
    assert define(endpoint, "alloc-rt", 2, 8) == 0
    try:
        served = get(endpoint, PASD_URI, {"InstanceID": "vmanhv:alloc-rt:processor"})
        served.xpath("*[local-name()='Weight']")[0].text = "200"
        status, root = invoke(endpoint, "ModifyResourceSettings",
                              "<p:ResourceSettings>" + etree.tostring(served).decode()
                              + "</p:ResourceSettings>")
        assert status == 200, dump(root)
        assert return_value(root, "ModifyResourceSettings") == 0, dump(root)
        assert resulting(root, "ModifyResourceSettings") == ["vmanhv:alloc-rt:processor"]
        after = rasd(endpoint, "alloc-rt", "processor")
        assert (prop(after, "Weight"), prop(after, "VirtualQuantity")) == ("200", "2")
        assert extensions(after) == extensions(served)
    finally:
        destroy(endpoint, "alloc-rt")


def test_child_pool_from_processor_subclass(endpoint):
    """CreateChildResourcePool takes its Settings as the subclass; an extension guests
    cannot have is refused with 5 (Invalid Parameter) and the reason, and no pool."""
    before = pools(endpoint)
    share = {"AllocationUnits": ("string", "count"), "Reservation": ("uint64", "1"),
             "ResourceType": ("uint16", "3")}

    def create(name: str, names: list[str], status: list[str]):
        return rpcs(endpoint, "CreateChildResourcePool",
                    f"<p:ElementName>{name}</p:ElementName><p:Settings>"
                    f"{pasd_value('cimxml', share, names, status)}</p:Settings>")

    rv, root = create("px", ["DMTF:x86:AVX2"], ["Enabled"])
    assert rv == 5, dump(root)
    why = error_message(root)
    assert "Settings: DMTF:x86:AVX2 cannot be given to a guest" in why, why
    assert pools(endpoint) == before
    rv, root = create("px", ["DMTF:x86:SSE2"], ["Enabled"])
    assert rv == 0, dump(root)
    try:
        assert "vmanhv:pool:px" in enumerate_names(endpoint, POOL_URI, "InstanceID")
    finally:
        assert delete_child(endpoint, "vmanhv:pool:px") == 0
    assert pools(endpoint) == before
