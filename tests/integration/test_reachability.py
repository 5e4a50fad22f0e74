# SPDX-License-Identifier: MIT
"""Issue 5's Proof, second point: every class and association the firmware
serves is reachable by Enumerate and by association filters from the host
system; and the method refusals no other module checks against the firmware.

Against the firmware in QEMU TCG (management-only mode: VMs are defined, not
started), over raw SOAP with wsman_client.py.  With a VM and a child pool
defined, a breadth-first walk starts at the host's CIM_ComputerSystem and
follows every association (DSP0227 clause 8.2: AssociatedInstances for the
instances at the other ends, AssociationInstances for the associations
themselves, both in EnumerateEPR mode, no class named).  Then every class is
enumerated on its own, and every instance it gives must have been met on the
walk.

Not reachable, by design, and so not in CLASSES: vmanhv_ConsoleOutput (a
vendor class reached by Get and Enumerate only; docs/vmanctl.md "Console"),
and CIM_ConcreteJob / CIM_AffectedJobElement, which exist only while a VM
shuts down under VT-x (test_jobs.py walks them from the VM under Bochs).
"""

from __future__ import annotations

import secrets
import shutil
import xml.etree.ElementTree as ET
from html import escape

import pytest

import emulators
from emulators import Qemu
from test_wsl import HTTP_UP, MODULE_LIMIT_S, USER
from wsman_client import (CIM_PREFIX, NS, WsmanClient, enumerate_envelope, invoke_envelope,
                          pull_envelope, release_envelope)

ALL_URI = "http://schemas.dmtf.org/wbem/wscim/1/*"
ASSOC_DIALECT = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"
B_NS = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"
INTEROP = "root/interop"
CS_URI = CIM_PREFIX + "CIM_ComputerSystem"
HOST = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
VM, CHILD_POOL = "reach", "reach-pool"
# bounds: a walk of a few dozen instances; Pulls per enumeration
WALK_MAX = 400
PULLS_MAX = 64

# Every class served with instances here (docs/profiles.md, docs/allocation.md,
# docs/wsman.md "Profile registration"), with its namespace.
CLASSES = {
    "CIM_ComputerSystem": "root/cimv2",
    "CIM_VirtualSystemManagementService": "root/cimv2",
    "CIM_VirtualSystemManagementCapabilities": "root/cimv2",
    "vmanhv_VirtualSystemSettingData": "root/cimv2",
    "CIM_EnabledLogicalElementCapabilities": "root/cimv2",
    "CIM_Processor": "root/cimv2",
    "CIM_Memory": "root/cimv2",
    "CIM_Account": "root/cimv2",
    "CIM_RegisteredProfile": INTEROP,
    "CIM_ResourcePool": "root/cimv2",
    "CIM_AllocationCapabilities": "root/cimv2",
    "CIM_ResourceAllocationSettingData": "root/cimv2",
    "CIM_ProcessorAllocationSettingData": "root/cimv2",   # DSP1044: processor RASDs
    "CIM_ResourcePoolConfigurationService": "root/cimv2",
}
ASSOCIATIONS = {
    "CIM_HostedService": "root/cimv2",
    "CIM_HostedDependency": "root/cimv2",
    "CIM_SettingsDefineState": "root/cimv2",
    "CIM_SystemDevice": "root/cimv2",
    "CIM_ElementSettingData": "root/cimv2",
    "CIM_ElementCapabilities": "root/cimv2",
    "CIM_AccountOnSystem": "root/cimv2",
    "CIM_ElementConformsToProfile": None,      # served in both namespaces
    "CIM_ReferencedProfile": INTEROP,
    "CIM_HostedResourcePool": "root/cimv2",
    "CIM_SettingsDefineCapabilities": "root/cimv2",
    "CIM_VirtualSystemSettingDataComponent": "root/cimv2",
    "CIM_ResourceAllocationFromPool": "root/cimv2",
    "CIM_ElementAllocatedFromPool": "root/cimv2",
}


@pytest.fixture(scope="module")
def client(artifacts, request):
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_reachability"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{port}-:5985")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_reachability",
                               request=request, limit_s=MODULE_LIMIT_S):
            c = WsmanClient("127.0.0.1", port, USER, password, timeout=60)
            yield c
            c.close()
    finally:
        disk.unlink(missing_ok=True)


# --- EPRs -------------------------------------------------------------------------------------

def local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def identity(epr: ET.Element) -> tuple:
    """What names an instance: its ResourceURI and selectors, a selector that
    holds an EPR (an association's reference key) by that EPR's identity."""
    params = epr.find("wsa:ReferenceParameters", NS)
    uri = params.findtext("wsman:ResourceURI", namespaces=NS)
    keys = []
    for sel in params.findall("wsman:SelectorSet/wsman:Selector", NS):
        nested = sel.find("wsa:EndpointReference", NS)
        keys.append((sel.get("Name"), identity(nested) if nested is not None else sel.text))
    return uri, tuple(sorted(keys, key=repr))


def class_of(epr: ET.Element) -> str:
    return identity(epr)[0].rsplit("/", 1)[-1]


def reference(uri: str, keys: dict[str, str]) -> str:
    sel = "".join(f'<wsman:Selector Name="{k}">{escape(v)}</wsman:Selector>'
                  for k, v in keys.items())
    return (f"<wsa:Address>{NS['wsa']}/role/anonymous</wsa:Address><wsa:ReferenceParameters>"
            f"<wsman:ResourceURI>{uri}</wsman:ResourceURI>"
            f"<wsman:SelectorSet>{sel}</wsman:SelectorSet></wsa:ReferenceParameters>")


def host_epr() -> ET.Element:
    """The host system's EPR, where a client starts (DSP1042)."""
    return ET.fromstring(f'<wsa:EndpointReference xmlns:wsa="{NS["wsa"]}" '
                         f'xmlns:wsman="{NS["wsman"]}">'
                         f'{reference(CS_URI, {"__cimnamespace": "root/cimv2", **HOST})}'
                         "</wsa:EndpointReference>")


def as_object(epr: ET.Element) -> str:
    """The EPR's content again, for a filter's wsmb:Object."""
    return "".join(ET.tostring(child, encoding="unicode") for child in epr)


def eprs(client: WsmanClient, uri: str, filter_xml: str = "",
         selectors: dict | None = None) -> list[ET.Element]:
    """Every EPR of an enumeration (EnumerateEPR, optimized, then Pulls)."""
    reply = client.post(enumerate_envelope(uri, max_elements=32, mode="EnumerateEPR",
                                           filter_xml=filter_xml, selectors=selectors))
    assert reply.status == 200, (uri, selectors, reply)
    response = reply.find("s:Body/wsen:EnumerateResponse")
    found = list(response.find("wsman:Items", NS) or [])
    ended = response.find("wsman:EndOfSequence", NS) is not None
    context = response.findtext("wsen:EnumerationContext", namespaces=NS)
    for _ in range(PULLS_MAX):
        if ended or not context:
            break
        reply = client.post(pull_envelope(uri, context, 32))
        assert reply.status == 200, reply
        response = reply.find("s:Body/wsen:PullResponse")
        found += list(response.find("wsen:Items", NS) or [])
        ended = response.find("wsen:EndOfSequence", NS) is not None
        context = response.findtext("wsen:EnumerationContext", namespaces=NS)
    assert ended, f"{uri}: no EndOfSequence after {PULLS_MAX} Pulls"
    if context:
        # an optimized end leaves the context open (docs/wsman.md): release it
        assert client.post(release_envelope(uri, context)).status == 200
    assert all(local(e) == "EndpointReference" for e in found), found
    return found


def association_filter(kind: str, epr: ET.Element) -> str:
    return (f'<wsman:Filter Dialect="{ASSOC_DIALECT}"><b:{kind} xmlns:b="{B_NS}">'
            f"<b:Object>{as_object(epr)}</b:Object></b:{kind}></wsman:Filter>")


def walk(client: WsmanClient, start: ET.Element) -> tuple[dict, dict]:
    """Breadth first from start over every association: (instances met,
    associations met), each by identity."""
    met = {identity(start): start}
    associations: dict = {}
    todo = [start]
    while todo:
        assert len(met) <= WALK_MAX, f"more than {WALK_MAX} instances: a loop?"
        here = todo.pop(0)
        for epr in eprs(client, ALL_URI, association_filter("AssociationInstances", here)):
            associations.setdefault(identity(epr), epr)
        for epr in eprs(client, ALL_URI, association_filter("AssociatedInstances", here)):
            if identity(epr) not in met:
                met[identity(epr)] = epr
                todo.append(epr)
    return met, associations


# --- setting up what there is to reach ----------------------------------------------------

VSMS_URI = CIM_PREFIX + "CIM_VirtualSystemManagementService"
VSMS_KEYS = {"CreationClassName": "CIM_VirtualSystemManagementService",
             "Name": "vmanhv-vsms", "SystemCreationClassName": "CIM_ComputerSystem",
             "SystemName": "vmanhv"}
RPCS_URI = CIM_PREFIX + "CIM_ResourcePoolConfigurationService"
RPCS_KEYS = {"CreationClassName": "CIM_ResourcePoolConfigurationService",
             "Name": "vmanhv-rpcs", "SystemCreationClassName": "CIM_ComputerSystem",
             "SystemName": "vmanhv"}
TYPES = {"ResourceType": "uint16", "VirtualQuantity": "uint64", "Reservation": "uint64"}


def embedded(cls: str, props: dict[str, str]) -> str:
    """CIM-XML INSTANCE text (DSP0227 clause 9), built by ElementTree, escaped."""
    inst = ET.Element("INSTANCE", CLASSNAME=cls)
    for name, value in props.items():
        prop = ET.SubElement(inst, "PROPERTY", NAME=name, TYPE=TYPES.get(name, "string"))
        ET.SubElement(prop, "VALUE").text = value
    return escape(ET.tostring(inst, encoding="unicode"))


def call(client: WsmanClient, uri: str, keys: dict, method: str, params: str):
    """(ReturnValue, reply) of a method; a fault is (None, reply)."""
    reply = client.post(invoke_envelope(uri, method, params, keys))
    if reply.status != 200:
        return None, reply
    rv = reply.find(f"s:Body/{{{uri}}}{method}_OUTPUT/{{{uri}}}ReturnValue")
    assert rv is not None, reply
    return int(rv.text), reply


def define_vm(client: WsmanClient) -> int:
    settings = embedded("vmanhv_VirtualSystemSettingData",
                        {"ElementName": VM, "KernelImage": "hello"})
    cpu = embedded("CIM_ResourceAllocationSettingData",
                   {"ResourceType": "3", "VirtualQuantity": "2"})
    return call(client, VSMS_URI, VSMS_KEYS, "DefineSystem",
                f"<p:SystemSettings>{settings}</p:SystemSettings>"
                f"<p:ResourceSettings>{cpu}</p:ResourceSettings>")[0]


def destroy_vm(client: WsmanClient) -> int:
    ref = reference(CS_URI, {"CreationClassName": "CIM_ComputerSystem", "Name": VM})
    return call(client, VSMS_URI, VSMS_KEYS, "DestroySystem",
                f"<p:AffectedSystem>{ref}</p:AffectedSystem>")[0]


def create_child_pool(client: WsmanClient, resource_type: str, name: str = CHILD_POOL):
    share = embedded("CIM_ResourceAllocationSettingData",
                     {"ResourceType": resource_type, "Reservation": "8",
                      "AllocationUnits": "MegaBytes"})
    return call(client, RPCS_URI, RPCS_KEYS, "CreateChildResourcePool",
                f"<p:ElementName>{name}</p:ElementName><p:Settings>{share}</p:Settings>")


def delete_child_pool(client: WsmanClient) -> int:
    ref = reference(CIM_PREFIX + "CIM_ResourcePool", {"InstanceID": f"vmanhv:pool:{CHILD_POOL}"})
    return call(client, RPCS_URI, RPCS_KEYS, "DeleteResourcePool",
                f"<p:Pool>{ref}</p:Pool>")[0]


# --- tests --------------------------------------------------------------------------------

def test_everything_reachable_from_the_host(client):
    """Every instance of every class, and every association instance, that
    Enumerate gives is met on a walk of the association filters from the host."""
    assert define_vm(client) == 0
    assert create_child_pool(client, "4")[0] == 0
    try:
        met, associations = walk(client, host_epr())
        for cls, namespace in {**CLASSES, **ASSOCIATIONS}.items():
            seen = associations if cls in ASSOCIATIONS else met
            listed = eprs(client, CIM_PREFIX + cls,
                          selectors={"__cimnamespace": namespace} if namespace else None)
            # subclasses enumerate under their base class: count each by its own class
            own = [e for e in listed if class_of(e) == cls]
            assert own, f"no {cls} to reach: the setup should make one"
            missing = [identity(e) for e in own if identity(e) not in seen]
            assert not missing, f"{cls}: {len(missing)} of {len(own)} not reachable from " \
                                f"the host, e.g. {missing[0]}"
        # and the walk met nothing of a class this module does not know
        assert {class_of(e) for e in met.values()} <= set(CLASSES), \
            {class_of(e) for e in met.values()} - set(CLASSES)
        assert {class_of(e) for e in associations.values()} <= set(ASSOCIATIONS), \
            {class_of(e) for e in associations.values()} - set(ASSOCIATIONS)
    finally:
        destroy_vm(client)
        delete_child_pool(client)


# --- documented refusals no other module checks against the firmware ----------------------

def rasd(props: dict[str, str]) -> str:
    return f"<p:ResourceSettings>{embedded('CIM_ResourceAllocationSettingData', props)}" \
           "</p:ResourceSettings>"


def vm_keys(name: str) -> dict[str, str]:
    return {"CreationClassName": "CIM_ComputerSystem", "Name": name}


# (what, ResourceURI, keys, method, params, ReturnValue and where it is documented)
REFUSALS = [
    ("a state change of the host", CS_URI, HOST, "RequestStateChange",
     "<p:RequestedState>2</p:RequestedState>", 1),                  # docs/profiles.md
    ("RequestedState 6 (Offline)", CS_URI, vm_keys(VM), "RequestStateChange",
     "<p:RequestedState>6</p:RequestedState>", 4097),
    ("RequestedState 8 (Test)", CS_URI, vm_keys(VM), "RequestStateChange",
     "<p:RequestedState>8</p:RequestedState>", 4097),
    ("an undefined RequestedState", CS_URI, vm_keys(VM), "RequestStateChange",
     "<p:RequestedState>42</p:RequestedState>", 5),
    ("reset of a VM that is off", CS_URI, vm_keys(VM), "RequestStateChange",
     "<p:RequestedState>11</p:RequestedState>", 4097),
    ("Add without AffectedConfiguration", VSMS_URI, VSMS_KEYS, "AddResourceSettings",
     rasd({"ResourceType": "3", "VirtualQuantity": "1"}), 4),       # docs/allocation.md
    ("Add beyond 4 vCPUs", VSMS_URI, VSMS_KEYS, "AddResourceSettings",
     f"<p:AffectedConfiguration>"
     f"{reference(CIM_PREFIX + 'vmanhv_VirtualSystemSettingData', {'InstanceID': 'vmanhv:' + VM})}"
     f"</p:AffectedConfiguration>" + rasd({"ResourceType": "3", "VirtualQuantity": "3"}), 4),
    ("Modify without ResourceSettings", VSMS_URI, VSMS_KEYS, "ModifyResourceSettings", "", 4),
    ("Modify of two VMs' RASDs", VSMS_URI, VSMS_KEYS, "ModifyResourceSettings",
     rasd({"InstanceID": f"vmanhv:{VM}:memory", "ResourceType": "4", "VirtualQuantity": "8",
           "AllocationUnits": "MegaBytes"})
     + rasd({"InstanceID": f"vmanhv:{VM}-2:memory", "ResourceType": "4",
             "VirtualQuantity": "8", "AllocationUnits": "MegaBytes"}), 4),
    ("a child pool of ResourceType 5", RPCS_URI, RPCS_KEYS, "CreateChildResourcePool",
     "<p:ElementName>net</p:ElementName><p:Settings>"
     + embedded("CIM_ResourceAllocationSettingData",
                {"ResourceType": "5", "Reservation": "1"}) + "</p:Settings>", 7),
    ("a child pool named processor", RPCS_URI, RPCS_KEYS, "CreateChildResourcePool",
     "<p:ElementName>processor</p:ElementName><p:Settings>"
     + embedded("CIM_ResourceAllocationSettingData",
                {"ResourceType": "4", "Reservation": "8", "AllocationUnits": "MegaBytes"})
     + "</p:Settings>", 5),
    ("a child pool with no Settings", RPCS_URI, RPCS_KEYS, "CreateChildResourcePool",
     "<p:ElementName>empty</p:ElementName>", 5),
    ("deleting a pool that does not exist", RPCS_URI, RPCS_KEYS, "DeleteResourcePool",
     f"<p:Pool>{reference(CIM_PREFIX + 'CIM_ResourcePool', {'InstanceID': 'vmanhv:pool:x'})}"
     "</p:Pool>", 5),
]


def test_documented_refusals(client):
    """Each refusal's ReturnValue as docs/profiles.md and docs/allocation.md
    give it, with the reason beside it (docs/wsman.md "Why a method
    failed"), and nothing changed."""
    assert define_vm(client) == 0
    try:
        host = association_filter("AssociatedInstances", host_epr())
        before = sorted(identity(e) for e in eprs(client, ALL_URI, host))
        for what, uri, keys, method, params, expected in REFUSALS:
            rv, reply = call(client, uri, keys, method, params)
            assert rv == expected, f"{what}: {rv}, not {expected}: {reply}"
            error = reply.find(f"s:Body/{{{uri}}}{method}_OUTPUT/{{{uri}}}Error")
            assert error is not None and "was not carried out" in error.text, \
                f"{what}: no reason given: {reply}"
        after = sorted(identity(e) for e in eprs(client, ALL_URI, host))
        assert after == before, "a refusal changed what the host holds"
    finally:
        assert destroy_vm(client) == 0


def test_ninth_child_pool_refused(client):
    """At most 8 child pools (docs/allocation.md): the ninth is 4 Failed."""
    made = []
    try:
        for n in range(8):
            rv, reply = create_child_pool(client, "4", f"p{n}")
            assert rv == 0, reply
            made.append(f"p{n}")
        rv, reply = create_child_pool(client, "4", "p8")
        assert rv == 4, reply
    finally:
        for name in made:
            ref = reference(CIM_PREFIX + "CIM_ResourcePool", {"InstanceID": f"vmanhv:pool:{name}"})
            assert call(client, RPCS_URI, RPCS_KEYS, "DeleteResourcePool",
                        f"<p:Pool>{ref}</p:Pool>")[0] == 0
