# SPDX-License-Identifier: MIT
"""A VM's devices and system settings against the firmware in QEMU (DSP1057,
DSP1042; docs/profiles.md), over raw SOAP.

- CIM_Processor (one per vCPU) and CIM_Memory of a defined VM, enumerated,
  got by their four keys, gone with the VM; CIM_LogicalDevice enumerates both.
- The DSP0227 association filter from the VM to its devices (CIM_SystemDevice,
  ResultClassName), from a device to its VM, from the VM to its VSSD
  (CIM_ElementSettingData with IsDefault, IsCurrent, IsNext 1), and from a
  device to the RASD reference that defines it (CIM_SettingsDefineState).
- DefineSystem and ModifySystemSettings with the VSSD's InitialRamDisk and
  KernelCommandLine, in the three embedded-instance forms, with a real Linux
  kernel and initrd from the boot disk's datastore (`make linux-guest`'s
  image): the hypervisor loads them (hv_vm_create, no VMX needed), a change
  re-creates the VM with the same resources, and a change that cannot load
  leaves the old VM as it was.  Every refusal with its ReturnValue.
- Dell's `wsl invoke` (HTTPS Basic) changing the command line with
  SystemSettings as MOF text.

The firmware runs in QEMU TCG (no VMX: management-only mode), so no VM runs
there.  One test boots Bochs with VT-x instead, where a VM does run: its
devices follow its EnabledState (2 running, 3 off), ModifySystemSettings of
what it boots is 5 Invalid State while it runs and re-creates it once it is
off, and it starts again with the new image.
"""

from __future__ import annotations

import secrets
import shutil
import time

import pytest
from lxml import etree

import emulators
from emulators import Bochs, Qemu
from test_wsl import BOCHS_WSL_IPS, HTTP_UP, MODULE_LIMIT_S
from test_wsman_invoke import (
    ALL_URI, ASSOC_DIALECT, B_NS, CS_URI, NS, USER, VSMC_URI, VSSD_URI, TRANSFER, FORMS,
    cimxml, cpu_rasd, define_params, dump, enumerate_names, envelope, epr, fault_subcode,
    invoke, memory_rasd, output, post, return_value, text, vsms_instance_file, wsl,
)

LINUX_IMAGE = emulators.BUILD / "linux" / "vmanhv-linux.img"
CIM = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
PROC_URI = CIM + "CIM_Processor"
MEM_URI = CIM + "CIM_Memory"
LOGICAL_DEVICE_URI = CIM + "CIM_LogicalDevice"
ENUMERATE = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"
RELEASE = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"
VSSD_CLASS = "vmanhv_VirtualSystemSettingData"


@pytest.fixture(scope="module")
def endpoint(request):
    """(http port, https port, password, run dir): the Linux test image in QEMU."""
    if not LINUX_IMAGE.exists():
        pytest.fail(f"missing {LINUX_IMAGE}: `make integration` builds it (make linux-guest)",
                    pytrace=False)
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_devices"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    disk = emulators.stamp_image(LINUX_IMAGE, f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{https_port}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_devices",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield http_port, https_port, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


# --- requests ---------------------------------------------------------------------------

def vm_keys(name: str) -> dict[str, str]:
    return {"CreationClassName": "CIM_ComputerSystem", "Name": name}


def device_keys(cls: str, device_id: str, vm: str) -> dict[str, str]:
    return {"CreationClassName": cls, "DeviceID": device_id,
            "SystemCreationClassName": "CIM_ComputerSystem", "SystemName": vm}


def define(ep, name: str, *, cpus: int = 1, mib: int = 16, image: str = "hello",
           initrd: str | None = None, cmdline: str | None = None, form: str = "cimxml"):
    settings = {"ElementName": ("string", name), "KernelImage": ("string", image)}
    if initrd is not None:
        settings["InitialRamDisk"] = ("string", initrd)
    if cmdline is not None:
        settings["KernelCommandLine"] = ("string", cmdline)
    status, root = invoke(ep, "DefineSystem",
                          define_params(form, settings, [memory_rasd(mib), cpu_rasd(cpus)]))
    assert status == 200, dump(root)
    return return_value(root, "DefineSystem")


def destroy(ep, name: str) -> None:
    ref = epr(CS_URI, vm_keys(name))
    invoke(ep, "DestroySystem", f"<p:AffectedSystem>{ref}</p:AffectedSystem>")


def modify(ep, props: dict[str, tuple[str, str]], form: str = "cimxml",
           cls: str = VSSD_CLASS):
    """ModifySystemSettings with SystemSettings = props: (HTTP status, reply)."""
    params = f"<p:SystemSettings>{FORMS[form](cls, props)}</p:SystemSettings>"
    return invoke(ep, "ModifySystemSettings", params)


def get(ep, uri: str, keys: dict[str, str]):
    port, _, password, _ = ep
    status, root = post(port, USER, password, envelope(TRANSFER + "Get", uri, "", keys))
    return status, root


def prop(root, name: str) -> str | None:
    """A property of the instance in a Get reply; None when absent or xsi:nil."""
    found = root.xpath(f"/s:Envelope/s:Body/*/*[local-name()='{name}']", namespaces=NS)
    if not found or found[0].get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true":
        return None
    return found[0].text or ""


def vssd(ep, name: str) -> etree._Element:
    status, root = get(ep, VSSD_URI, {"InstanceID": f"vmanhv:{name}"})
    assert status == 200, dump(root)
    return root


def enumerate_items(ep, uri: str, filter_xml: str = "") -> list:
    """Every item of an optimized Enumerate (up to 64, bounded) and its Pulls."""
    port, _, password, _ = ep
    body = ("<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>64</w:MaxElements>"
            f"{filter_xml}</n:Enumerate>")
    status, root = post(port, USER, password, envelope(ENUMERATE, uri, body))
    assert status == 200, dump(root)
    assert root.xpath("//w:EndOfSequence", namespaces=NS), dump(root)
    items = root.xpath("//w:Items/*", namespaces=NS)
    ctx = text(root, "//n:EnumerationContext")
    if ctx:
        post(port, USER, password, envelope(
            RELEASE, uri, f"<n:Release><n:EnumerationContext>{ctx}</n:EnumerationContext>"
                          "</n:Release>"))
    return items


def assoc_filter(kind: str, uri: str, keys: dict[str, str], assoc: str | None = None,
                 result_class: str | None = None) -> str:
    """A DSP0227 association filter: kind AssociatedInstances or AssociationInstances."""
    extra = f"<b:AssociationClassName>{assoc}</b:AssociationClassName>" \
        if assoc and kind == "AssociatedInstances" else ""
    extra += f"<b:ResultClassName>{result_class}</b:ResultClassName>" if result_class else ""
    return (f'<w:Filter Dialect="{ASSOC_DIALECT}"><b:{kind} xmlns:b="{B_NS}">'
            f"<b:Object>{epr(uri, keys)}</b:Object>{extra}</b:{kind}></w:Filter>")


def linux_loads(ep, name: str) -> list[str]:
    """The firmware's `vm NAME: linux ...` lines so far (docs/console.md): one per load
    of a Linux kernel into VM name by hv_vm_create."""
    serial = (ep[3] / "serial.log").read_text(errors="replace")
    return [line for line in serial.splitlines() if line.startswith(f"vm {name}: linux ")]


def child(inst, name: str) -> str | None:
    found = inst.xpath(f"*[local-name()='{name}']")
    return found[0].text if found else None


def ref_selector(inst, end: str, selector: str) -> str:
    return inst.xpath(f"string(*[local-name()='{end}']//w:Selector[@Name='{selector}'])",
                      namespaces=NS)


# --- the devices ------------------------------------------------------------------------

def test_devices_of_a_vm(endpoint):
    """2 vCPUs and 16 MiB: two CIM_Processor, one CIM_Memory, Disabled; gone with the VM."""
    assert define(endpoint, "dev-a", cpus=2, mib=16) == 0
    try:
        procs = {child(i, "DeviceID"): i for i in enumerate_items(endpoint, PROC_URI)}
        assert {"dev-a:cpu0", "dev-a:cpu1"} <= set(procs), list(procs)
        assert "dev-a:cpu2" not in procs
        cpu = procs["dev-a:cpu1"]
        assert child(cpu, "SystemName") == "dev-a"
        assert child(cpu, "SystemCreationClassName") == "CIM_ComputerSystem"
        assert child(cpu, "CreationClassName") == "CIM_Processor"
        assert child(cpu, "EnabledState") == "3"        # defined, not running
        assert child(cpu, "DataWidth") == "64"

        mems = {child(i, "DeviceID"): i for i in enumerate_items(endpoint, MEM_URI)}
        mem = mems["dev-a:memory"]
        assert int(child(mem, "BlockSize")) * int(child(mem, "NumberOfBlocks")) == 16 << 20
        assert child(mem, "EnabledState") == "3"
        assert child(mem, "Volatile") == "true"

        # Get by the four keys
        status, root = get(endpoint, PROC_URI,
                           device_keys("CIM_Processor", "dev-a:cpu0", "dev-a"))
        assert status == 200 and prop(root, "DeviceID") == "dev-a:cpu0", dump(root)
        status, root = get(endpoint, PROC_URI,
                           device_keys("CIM_Processor", "dev-a:cpu2", "dev-a"))
        assert status != 200 and fault_subcode(root).endswith("DestinationUnreachable"), \
            dump(root)
        # polymorphism: CIM_LogicalDevice enumerates both classes
        classes = {child(i, "DeviceID"): etree.QName(i).localname
                   for i in enumerate_items(endpoint, LOGICAL_DEVICE_URI)}
        assert classes.get("dev-a:cpu1") == "CIM_Processor", classes
        assert classes.get("dev-a:memory") == "CIM_Memory", classes
    finally:
        destroy(endpoint, "dev-a")
    assert not [d for d in enumerate_names(endpoint, PROC_URI, "DeviceID")
                if d.startswith("dev-a:")]
    assert "dev-a:memory" not in enumerate_names(endpoint, MEM_URI, "DeviceID")


def test_device_associations(endpoint):
    """VM -> devices (SystemDevice), device -> VM, VM -> VSSD (ElementSettingData),
    device -> its RASD's reference (SettingsDefineState)."""
    assert define(endpoint, "dev-b", cpus=2, mib=8) == 0
    try:
        vm = vm_keys("dev-b")
        found = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociatedInstances", CS_URI, vm, "CIM_SystemDevice"))
        assert sorted(child(i, "DeviceID") for i in found) == \
            ["dev-b:cpu0", "dev-b:cpu1", "dev-b:memory"], [etree.tostring(i) for i in found]
        found = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociatedInstances", CS_URI, vm, "CIM_SystemDevice", "CIM_Memory"))
        assert [child(i, "DeviceID") for i in found] == ["dev-b:memory"]

        found = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociatedInstances", MEM_URI, device_keys("CIM_Memory", "dev-b:memory", "dev-b"),
            "CIM_SystemDevice"))
        assert [(etree.QName(i).localname, child(i, "Name")) for i in found] == \
            [("CIM_ComputerSystem", "dev-b")]

        found = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociatedInstances", CS_URI, vm, "CIM_ElementSettingData"))
        assert [(etree.QName(i).localname, child(i, "InstanceID")) for i in found] == \
            [(VSSD_CLASS, "vmanhv:dev-b")]
        # every association at once: the VSSD (SettingsDefineState and
        # ElementSettingData both lead there) and each device come once
        found = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociatedInstances", CS_URI, vm))
        names = [(etree.QName(i).localname, child(i, "InstanceID") or child(i, "DeviceID")
                  or child(i, "Name")) for i in found]
        assert len(names) == len(set(names)), names
        assert names.count((VSSD_CLASS, "vmanhv:dev-b")) == 1, names
        assert {("CIM_Processor", "dev-b:cpu0"), ("CIM_Processor", "dev-b:cpu1"),
                ("CIM_Memory", "dev-b:memory")} <= set(names), names
        esd = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociationInstances", CS_URI, vm, result_class="CIM_ElementSettingData"))
        assert len(esd) == 1, [etree.tostring(i) for i in esd]
        assert (child(esd[0], "IsDefault"), child(esd[0], "IsCurrent"),
                child(esd[0], "IsNext")) == ("1", "1", "1")

        sds = enumerate_items(endpoint, ALL_URI, assoc_filter(
            "AssociationInstances", PROC_URI,
            device_keys("CIM_Processor", "dev-b:cpu1", "dev-b"),
            result_class="CIM_SettingsDefineState"))
        assert len(sds) == 1, [etree.tostring(i) for i in sds]
        assert ref_selector(sds[0], "SettingData", "InstanceID") == "vmanhv:dev-b:processor"
        assert ref_selector(sds[0], "ManagedElement", "DeviceID") == "dev-b:cpu1"
    finally:
        destroy(endpoint, "dev-b")


# --- DefineSystem / ModifySystemSettings with a Linux kernel ----------------------------

@pytest.mark.parametrize("form", ["cimxml", "wscim", "mof"])
def test_define_linux_settings(endpoint, form):
    """The kernel, initrd and command line of the datastore's Linux guest, in each form."""
    name = f"lx-{form}"
    cmdline = "console=ttyS0 quiet panic=-1"
    assert define(endpoint, name, mib=128, image="vmlinuz", initrd="initramfs",
                  cmdline=cmdline, form=form) == 0
    try:
        root = vssd(endpoint, name)
        assert prop(root, "KernelImage") == "vmlinuz", dump(root)
        assert prop(root, "InitialRamDisk") == "initramfs", dump(root)
        assert prop(root, "KernelCommandLine") == cmdline, dump(root)
    finally:
        destroy(endpoint, name)


def test_modify_system_settings(endpoint):
    """Change the label, the command line, the initrd, then the kernel; each shows in
    the VSSD and the VM keeps its vCPUs and memory."""
    assert define(endpoint, "lx-mod", cpus=2, mib=128, image="vmlinuz",
                  initrd="initramfs", cmdline="quiet") == 0
    try:
        status, root = modify(endpoint, {
            "InstanceID": ("string", "vmanhv:lx-mod"),
            "ElementName": ("string", "Linux under test"),
            "KernelCommandLine": ("string", "console=ttyS0 loglevel=7")})
        assert status == 200, dump(root)
        assert return_value(root, "ModifySystemSettings") == 0, dump(root)
        assert not output(root, "ModifySystemSettings", "Job")     # synchronous
        root = vssd(endpoint, "lx-mod")
        assert prop(root, "ElementName") == "Linux under test", dump(root)
        assert prop(root, "KernelCommandLine") == "console=ttyS0 loglevel=7", dump(root)
        assert prop(root, "InitialRamDisk") == "initramfs", dump(root)
        assert prop(root, "VirtualSystemIdentifier") == "lx-mod"

        # "" removes the initrd (WS-CIM form); then a built-in image (MOF form)
        status, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:lx-mod"),
                                         "InitialRamDisk": ("string", "")}, form="wscim")
        assert return_value(root, "ModifySystemSettings") == 0, dump(root)
        assert prop(vssd(endpoint, "lx-mod"), "InitialRamDisk") is None
        # the hypervisor loaded the kernel three times: defined, new command line, no initrd
        loads = linux_loads(endpoint, "lx-mod")
        assert len(loads) == 3, loads
        assert "with initrd initramfs" in loads[1] and "with initrd" not in loads[2], loads
        status, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:lx-mod"),
                                         "KernelImage": ("string", "hello64")}, form="mof")
        assert return_value(root, "ModifySystemSettings") == 0, dump(root)
        root = vssd(endpoint, "lx-mod")
        assert prop(root, "KernelImage") == "hello64", dump(root)
        assert prop(root, "ElementName") == "Linux under test"

        # the same VM: its name, vCPUs and memory stayed
        status, root = get(endpoint, CS_URI, vm_keys("lx-mod"))
        assert status == 200 and prop(root, "EnabledState") == "3", dump(root)
        cpus = [d for d in enumerate_names(endpoint, PROC_URI, "DeviceID")
                if d.startswith("lx-mod:")]
        assert sorted(cpus) == ["lx-mod:cpu0", "lx-mod:cpu1"]
        status, root = get(endpoint, MEM_URI,
                           device_keys("CIM_Memory", "lx-mod:memory", "lx-mod"))
        assert int(prop(root, "BlockSize")) * int(prop(root, "NumberOfBlocks")) == 128 << 20
    finally:
        destroy(endpoint, "lx-mod")


def test_modify_that_cannot_load_keeps_the_vm(endpoint):
    """An initrd or kernel that is no guest file: 4, and the VM is as it was."""
    assert define(endpoint, "lx-keep", cpus=2, mib=128, image="vmlinuz",
                  initrd="initramfs", cmdline="quiet") == 0
    before = len(linux_loads(endpoint, "lx-keep"))
    try:
        for change in ({"InitialRamDisk": ("string", "nosuchfile")},
                       {"KernelImage": ("string", "nosuchkernel")},
                       {"KernelImage": ("string", "initramfs")}):    # not a bzImage
            status, root = modify(endpoint, {"InstanceID": ("string", "vmanhv:lx-keep"),
                                             "ElementName": ("string", "changed"), **change})
            assert status == 200, dump(root)
            assert return_value(root, "ModifySystemSettings") == 4, dump(root)
            root = vssd(endpoint, "lx-keep")
            assert prop(root, "KernelImage") == "vmlinuz", dump(root)
            assert prop(root, "InitialRamDisk") == "initramfs", dump(root)
            assert prop(root, "KernelCommandLine") == "quiet", dump(root)
            assert prop(root, "ElementName") == "lx-keep", dump(root)
            # the old VM was created and loaded again (the failed load prints nothing)
            loads = linux_loads(endpoint, "lx-keep")
            assert len(loads) == before + 1 and "with initrd initramfs" in loads[-1], loads
            before = len(loads)
            cpus = [d for d in enumerate_names(endpoint, PROC_URI, "DeviceID")
                    if d.startswith("lx-keep:")]
            assert sorted(cpus) == ["lx-keep:cpu0", "lx-keep:cpu1"]
    finally:
        destroy(endpoint, "lx-keep")


@pytest.mark.parametrize("case", [
    "no-instance-id", "no-such-vm", "rename", "other-type", "empty-kernel", "long-cmdline",
])
def test_modify_refusals(endpoint, case):
    """Each invalid ModifySystemSettings: ReturnValue 4, nothing changed."""
    assert define(endpoint, "mod-bad") == 0
    props = {"InstanceID": ("string", "vmanhv:mod-bad")}
    try:
        if case == "no-instance-id":
            del props["InstanceID"]
            props["KernelImage"] = ("string", "hello64")
        elif case == "no-such-vm":
            props["InstanceID"] = ("string", "vmanhv:nobody")
        elif case == "rename":
            props["VirtualSystemIdentifier"] = ("string", "mod-other")
        elif case == "other-type":
            props["VirtualSystemType"] = ("string", "DMTF:KVM")
        elif case == "empty-kernel":
            props["KernelImage"] = ("string", "")
        else:
            props["KernelCommandLine"] = ("string", "x" * 600)
        status, root = modify(endpoint, props)
        assert status == 200, dump(root)
        assert return_value(root, "ModifySystemSettings") == 4, dump(root)
        root = vssd(endpoint, "mod-bad")
        assert prop(root, "KernelImage") == "hello"
        assert prop(root, "KernelCommandLine") is None
        assert prop(root, "VirtualSystemIdentifier") == "mod-bad"
    finally:
        destroy(endpoint, "mod-bad")


def test_modify_wrong_class_fault(endpoint):
    """SystemSettings of the base class: the reader refuses it, wsman:InvalidParameter."""
    params = "<p:SystemSettings>" + cimxml("CIM_VirtualSystemSettingData", {
        "InstanceID": ("string", "vmanhv:x")}) + "</p:SystemSettings>"
    status, root = invoke(endpoint, "ModifySystemSettings", params)
    assert status == 400, dump(root)
    assert fault_subcode(root).endswith("InvalidParameter"), dump(root)


@pytest.mark.skipif(shutil.which("wsl") is None, reason="Dell's wsl is not installed")
def test_wslinvoke_modify_system_settings(endpoint):
    """Dell's `wsl invoke` (an independent client, HTTPS Basic): ModifySystemSettings with
    SystemSettings as MOF text changes the command line."""
    run_dir = endpoint[3]
    assert define(endpoint, "wsl-mod", image="hello64") == 0
    try:
        settings = ('SystemSettings=instance of vmanhv_VirtualSystemSettingData '
                    '{ InstanceID = "vmanhv:wsl-mod"; KernelCommandLine = "console=ttyS0"; };')
        proc, xml, seen = wsl(endpoint, "https-basic", "wsl-modify", "invoke",
                              "CIM_VirtualSystemManagementService", "ModifySystemSettings",
                              settings, "-inst", str(vsms_instance_file(run_dir)))
        assert "ModifySystemSettings_OUTPUT" in xml, \
            f"statuses {seen}\n{proc.stdout[-2000:]}\n{xml[-2000:]}"
        assert return_value(etree.fromstring(xml.encode()), "ModifySystemSettings") == 0, \
            xml[-2000:]
        assert prop(vssd(endpoint, "wsl-mod"), "KernelCommandLine") == "console=ttyS0"
    finally:
        destroy(endpoint, "wsl-mod")


def test_capabilities_list_modify_system_settings(endpoint):
    """VSMC's SynchronousMethodsSupported comes from the method table: 6 is in it."""
    assert "6" in enumerate_names(endpoint, VSMC_URI, "SynchronousMethodsSupported")


# --- a running VM, in Bochs with VT-x ---------------------------------------------------

@pytest.fixture
def bochs_endpoint(artifacts, request):
    """(http port, None, password, run dir): the plain image in Bochs, 2 CPUs (one runs guests)."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_devices-bochs"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    # Bochs 2.7's slirp reads `script=` (as test_wsl.py): QEMU-style hostfwd lines
    (run_dir / "slirp.conf").write_text(f"# slirp config\nhostfwd = tcp:127.0.0.1:{port}-:5985\n")
    bochs = Bochs(disk, cpus=2, nic="ethmod=slirp, script=slirp.conf", ips=BOCHS_WSL_IPS)
    try:
        with emulators.running(bochs, run_dir, until=HTTP_UP, name="test_devices-bochs",
                               request=request, limit_s=3 * MODULE_LIMIT_S, timeout=300):
            yield port, None, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def request_state(ep, name: str, state: int) -> int:
    """RequestStateChange(state) on VM name: its ReturnValue."""
    port, _, password, _ = ep
    body = (f'<p:RequestStateChange_INPUT xmlns:p="{CS_URI}">'
            f"<p:RequestedState>{state}</p:RequestedState></p:RequestStateChange_INPUT>")
    status, root = post(port, USER, password, envelope(f"{CS_URI}/RequestStateChange", CS_URI,
                                                       body, vm_keys(name)))
    assert status == 200, dump(root)
    rv = root.xpath("//*[local-name()='ReturnValue']")
    assert rv, dump(root)
    return int(rv[0].text)


def device_states(ep, name: str) -> dict[str, str]:
    return {child(i, "DeviceID"): child(i, "EnabledState")
            for uri in (PROC_URI, MEM_URI) for i in enumerate_items(ep, uri)
            if child(i, "SystemName") == name}


def test_running_vm_devices_and_settings_bochs(bochs_endpoint):
    """A running VM: devices Enabled, boot settings locked (5); off: changed, and it runs."""
    ep = bochs_endpoint
    assert define(ep, "spinner", image="spin", mib=2) == 0
    try:
        assert device_states(ep, "spinner") == {"spinner:cpu0": "3", "spinner:memory": "3"}
        assert request_state(ep, "spinner", 2) == 0                     # start
        assert device_states(ep, "spinner") == {"spinner:cpu0": "2", "spinner:memory": "2"}

        change = {"InstanceID": ("string", "vmanhv:spinner"), "KernelImage": ("string", "hello64"),
                  "ElementName": ("string", "not while running")}
        status, root = modify(ep, change)
        assert return_value(root, "ModifySystemSettings") == 5, dump(root)
        root = vssd(ep, "spinner")
        assert prop(root, "KernelImage") == "spin" and prop(root, "ElementName") == "spinner"
        # the label alone may change while it runs
        status, root = modify(ep, {"InstanceID": ("string", "vmanhv:spinner"),
                                   "ElementName": ("string", "busy spinner")})
        assert return_value(root, "ModifySystemSettings") == 0, dump(root)

        assert request_state(ep, "spinner", 3) == 0                     # hard off
        assert device_states(ep, "spinner") == {"spinner:cpu0": "3", "spinner:memory": "3"}
        status, root = modify(ep, change)
        assert return_value(root, "ModifySystemSettings") == 0, dump(root)
        root = vssd(ep, "spinner")
        assert prop(root, "KernelImage") == "hello64", dump(root)
        assert prop(root, "ElementName") == "not while running", dump(root)

        # the re-created VM runs its new image
        assert request_state(ep, "spinner", 2) == 0
        serial = ep[3] / "serial.log"
        deadline = time.monotonic() + 120 * emulators.TIMEOUT_SCALE
        while "[vm spinner] hello from a 64-bit guest" not in serial.read_text(errors="replace"):
            assert time.monotonic() < deadline, "the re-created VM never printed hello64's line"
            time.sleep(1)
    finally:
        request_state(ep, "spinner", 3)
        destroy(ep, "spinner")
