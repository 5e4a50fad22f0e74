# SPDX-License-Identifier: MIT
"""Invoke, Put, Create and Delete against the firmware in QEMU: the DMTF
virtualization providers (docs/profiles.md) over raw SOAP.

- DefineSystem (DSP1042, CIM 2.22 signature) with its SystemSettings embedded
  as CIM-XML INSTANCE text, as WS-CIM XML and as MOF text, each with an array
  of two RASDs (memory and processor); the new VM enumerable as a
  CIM_ComputerSystem; Get and Put on its vmanhv_VirtualSystemSettingData;
  DestroySystem; invalid inputs each with the return value or fault
  docs/profiles.md documents.
- CIM_Account: Create a user, log in with it, Put a new password, Delete it,
  and the last account refused.
- Dell's `wslinvoke` (package wsl) defining and destroying a VM over HTTPS
  with Basic and over HTTP with Digest (the two transports of test_wsl.py).

The firmware runs in QEMU TCG (`-cpu max`, no VMX: management-only mode).
Defining and destroying VMs needs no VMX: hv_vm_create() only allocates
guest RAM and loads the image (hv/vm_api.c), so this module needs no Bochs.
Requests go with python3-requests (HTTP Digest) and replies are read with
lxml, by namespace, never by prefix.
"""

from __future__ import annotations

import html
import os
import secrets
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import requests
from lxml import etree
from requests.auth import HTTPDigestAuth

import emulators
from emulators import Qemu
from test_wsl import HTTP_UP, MODULE_LIMIT_S, TRANSPORTS, USER, WSL_TIMEOUT_S, statuses

CIM = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
VSMS_URI = CIM + "CIM_VirtualSystemManagementService"
VSMC_URI = CIM + "CIM_VirtualSystemManagementCapabilities"
CS_URI = CIM + "CIM_ComputerSystem"
VSSD_URI = CIM + "vmanhv_VirtualSystemSettingData"
ACCOUNT_URI = CIM + "CIM_Account"
NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
    "t": "http://schemas.xmlsoap.org/ws/2004/09/transfer",
}
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer/"
REQUEST_TIMEOUT_S = 60 * emulators.TIMEOUT_SCALE
VSMS_KEYS = {"CreationClassName": "CIM_VirtualSystemManagementService",
             "Name": "vmanhv-vsms", "SystemCreationClassName": "CIM_ComputerSystem",
             "SystemName": "vmanhv"}
ACCOUNT_KEYS = {"CreationClassName": "CIM_Account", "SystemCreationClassName":
                "CIM_ComputerSystem", "SystemName": "vmanhv"}


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(http port, https port, password, run dir) with the firmware running in QEMU."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_wsman_invoke"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{https_port}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_wsman_invoke",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield http_port, https_port, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


# --- requests ---------------------------------------------------------------------------

def selectors(keys: dict[str, str]) -> str:
    if not keys:
        return ""
    return "<w:SelectorSet>" + "".join(
        f'<w:Selector Name="{k}">{html.escape(v)}</w:Selector>' for k, v in keys.items()
    ) + "</w:SelectorSet>"


def envelope(action: str, uri: str, body: str, keys: dict[str, str] | None = None) -> str:
    return (
        f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:w="{NS["w"]}" '
        f'xmlns:n="{NS["n"]}"><s:Header>'
        '<a:To>http://127.0.0.1/wsman</a:To>'
        f'<w:ResourceURI>{uri}</w:ResourceURI>'
        f'<a:ReplyTo><a:Address>{ANONYMOUS}</a:Address></a:ReplyTo>'
        f'<a:Action>{action}</a:Action>'
        f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>'
        f'{selectors(keys or {})}'
        f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


def post(port: int, user: str, password: str, xml: str):
    """POST over HTTP Digest: (status, parsed reply or None)."""
    r = requests.post(f"http://127.0.0.1:{port}/wsman", data=xml.encode(),
                      auth=HTTPDigestAuth(user, password), timeout=REQUEST_TIMEOUT_S,
                      headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
    root = etree.fromstring(r.content) if r.content else None
    return r.status_code, root


def text(root, path: str) -> str | None:
    found = root.xpath(path, namespaces=NS)
    return found[0].text if found else None


def fault_subcode(root) -> str | None:
    return text(root, "/s:Envelope/s:Body/s:Fault/s:Code/s:Subcode/s:Value")


def dump(root) -> str:
    return etree.tostring(root).decode()[-3000:] if root is not None else "(no body)"


def epr(uri: str, keys: dict[str, str]) -> str:
    return (f'<a:Address>{ANONYMOUS}</a:Address><a:ReferenceParameters>'
            f'<w:ResourceURI>{uri}</w:ResourceURI>{selectors(keys)}</a:ReferenceParameters>')


def invoke(ep, method: str, params: str):
    """The VSMS method with params (XML inside <p:METHOD_INPUT>): (status, reply)."""
    port, _, password, _ = ep
    body = f'<p:{method}_INPUT xmlns:p="{VSMS_URI}">{params}</p:{method}_INPUT>'
    return post(port, USER, password, envelope(f"{VSMS_URI}/{method}", VSMS_URI, body,
                                               VSMS_KEYS))


def output(root, method: str, name: str) -> list:
    return root.xpath(f"/s:Envelope/s:Body/p:{method}_OUTPUT/p:{name}",
                      namespaces={**NS, "p": VSMS_URI})


def return_value(root, method: str) -> int:
    rv = output(root, method, "ReturnValue")
    assert rv, dump(root)
    return int(rv[0].text)


def refusal_message(root, method: str) -> str:
    """The Message of the CIM_Error that rides beside a non-zero ReturnValue
    (docs/wsman.md "Why a method failed"), checked to be one well-formed
    CIM-XML INSTANCE of CIM_Error from vmanhv's message registry."""
    errors = output(root, method, "Error")
    assert len(errors) == 1, dump(root)
    inst = etree.fromstring(errors[0].text.encode())
    assert inst.tag == "INSTANCE" and inst.get("CLASSNAME") == "CIM_Error", errors[0].text
    props = {p.get("NAME"): p.findtext("VALUE") for p in inst.findall("PROPERTY")}
    assert props["MessageID"] == "VMH0005" and props["OwningEntity"] == "vmanhv", props
    assert props["Message"].startswith(f"{method} was not carried out: "), props
    return props["Message"]


# --- the three forms of an embedded instance (DSP0227 clause 9) -------------------------

def cimxml(cls: str, props: dict[str, tuple[str, str]]) -> str:
    """CIM-XML INSTANCE text (DSP0201), escaped as a string value."""
    inner = "".join(f'<PROPERTY NAME="{n}" TYPE="{t}"><VALUE>{html.escape(v)}</VALUE>'
                    f'</PROPERTY>' for n, (t, v) in props.items())
    return html.escape(f'<INSTANCE CLASSNAME="{cls}">{inner}</INSTANCE>')


def wscim(cls: str, props: dict[str, tuple[str, str]]) -> str:
    """The instance as WS-CIM XML elements (DSP0230) in its class's namespace."""
    inner = "".join(f"<q:{n}>{html.escape(v)}</q:{n}>" for n, (_, v) in props.items())
    return f'<q:{cls} xmlns:q="{CIM}{cls}">{inner}</q:{cls}>'


def mof(cls: str, props: dict[str, tuple[str, str]]) -> str:
    """MOF `instance of` text (DSP0004 annex), escaped as a string value."""
    body = " ".join(f'{n} = "{v}";' if t == "string" else f"{n} = {v};"
                    for n, (t, v) in props.items())
    return html.escape(f"instance of {cls} {{ {body} }};")


FORMS = {"cimxml": cimxml, "wscim": wscim, "mof": mof}


def vssd(name: str, image: str = "hello") -> dict[str, tuple[str, str]]:
    return {"ElementName": ("string", name), "KernelImage": ("string", image)}


def memory_rasd(mib: int, units: str = "byte*2^20") -> dict[str, tuple[str, str]]:
    return {"AllocationUnits": ("string", units), "ResourceType": ("uint16", "4"),
            "VirtualQuantity": ("uint64", str(mib))}


def cpu_rasd(n: int = 1) -> dict[str, tuple[str, str]]:
    return {"ResourceType": ("uint16", "3"), "VirtualQuantity": ("uint64", str(n))}


def define_params(form: str, settings: dict, rasds: list[dict]) -> str:
    make = FORMS[form]
    params = f"<p:SystemSettings>{make('vmanhv_VirtualSystemSettingData', settings)}" \
             "</p:SystemSettings>"
    for r in rasds:
        params += "<p:ResourceSettings>" \
                  f"{make('CIM_ResourceAllocationSettingData', r)}</p:ResourceSettings>"
    return params


def define(ep, form: str, name: str, mib: int = 16, image: str = "hello"):
    return invoke(ep, "DefineSystem",
                  define_params(form, vssd(name, image), [memory_rasd(mib), cpu_rasd()]))


def destroy(ep, name: str):
    ref = epr(CS_URI, {"CreationClassName": "CIM_ComputerSystem", "Name": name})
    return invoke(ep, "DestroySystem", f"<p:AffectedSystem>{ref}</p:AffectedSystem>")


def enumerate_names(ep, uri: str, prop: str = "Name", user: str = USER,
                    password: str | None = None) -> list[str]:
    """Every instance's prop through an optimized Enumerate and Pulls."""
    port, _, default_password, _ = ep
    password = password or default_password
    body = "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements></n:Enumerate>"
    status, root = post(port, user, password,
                        envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate",
                                 uri, body))
    assert status == 200, dump(root)
    values = [e.text for e in root.xpath(f"//w:Items/*/*[local-name()='{prop}']",
                                         namespaces=NS)]
    ctx = text(root, "//n:EnumerationContext")
    while ctx and not root.xpath("//w:EndOfSequence|//n:EndOfSequence", namespaces=NS):
        pull = f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>" \
               "<n:MaxElements>32</n:MaxElements></n:Pull>"
        status, root = post(port, user, password, envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", uri, pull))
        assert status == 200, dump(root)
        values += [e.text for e in root.xpath(f"//n:Items/*/*[local-name()='{prop}']",
                                              namespaces=NS)]
        ctx = text(root, "//n:EnumerationContext")
    if ctx:
        # an optimized EndOfSequence leaves the context open (docs/wsman.md): release it,
        # or the service's 16 contexts run out over this module
        status, root = post(port, user, password, envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release", uri,
            f"<n:Release><n:EnumerationContext>{ctx}</n:EnumerationContext></n:Release>"))
        assert status == 200, dump(root)
    return values


def vm_names(ep) -> list[str]:
    return [n for n in enumerate_names(ep, CS_URI) if n != "vmanhv"]


# --- DefineSystem / DestroySystem -------------------------------------------------------

@pytest.mark.parametrize("form", ["cimxml", "wscim", "mof"])
def test_define_and_destroy(endpoint, form):
    """DefineSystem with SystemSettings and two RASDs in one form, the VM listed, destroyed."""
    name = f"vm-{form}"
    status, root = define(endpoint, form, name, mib=16)
    assert status == 200, dump(root)
    assert return_value(root, "DefineSystem") == 0, dump(root)
    ref = output(root, "DefineSystem", "ResultingSystem")
    assert ref, dump(root)
    assert ref[0].xpath("string(.//w:ResourceURI)", namespaces=NS) == CS_URI
    assert ref[0].xpath("string(.//w:Selector[@Name='Name'])", namespaces=NS) == name
    assert not output(root, "DefineSystem", "Job")      # synchronous: no job
    assert name in vm_names(endpoint)

    status, root = destroy(endpoint, name)
    assert status == 200, dump(root)
    assert return_value(root, "DestroySystem") == 0, dump(root)
    assert name not in vm_names(endpoint)


def test_vm_instance_and_settings(endpoint):
    """The VM's CIM_ComputerSystem (Disabled: defined) and its VSSD; Put of ElementName."""
    port, _, password, _ = endpoint
    status, root = define(endpoint, "cimxml", "vm-get", mib=8)
    assert return_value(root, "DefineSystem") == 0, dump(root)
    try:
        keys = {"CreationClassName": "CIM_ComputerSystem", "Name": "vm-get"}
        status, root = post(port, USER, password, envelope(TRANSFER + "Get", CS_URI, "", keys))
        assert status == 200, dump(root)
        assert text(root, "//*[local-name()='EnabledState']") == "3", dump(root)

        vkeys = {"InstanceID": "vmanhv:vm-get"}
        status, root = post(port, USER, password, envelope(TRANSFER + "Get", VSSD_URI, "",
                                                           vkeys))
        assert status == 200, dump(root)
        inst = root.xpath("/s:Envelope/s:Body/*", namespaces=NS)[0]
        assert etree.QName(inst).localname == "vmanhv_VirtualSystemSettingData"
        assert text(root, "//*[local-name()='KernelImage']") == "hello"
        assert text(root, "//*[local-name()='VirtualSystemIdentifier']") == "vm-get"

        # Put: the representation with a new ElementName (DSP0226 7.5)
        for e in inst.xpath("*[local-name()='ElementName']"):
            e.text = "Database server"
        body = etree.tostring(inst).decode()
        status, root = post(port, USER, password, envelope(TRANSFER + "Put", VSSD_URI, body,
                                                           vkeys))
        assert status == 200, dump(root)
        assert text(root, "//*[local-name()='ElementName']") == "Database server", dump(root)
        status, root = post(port, USER, password, envelope(TRANSFER + "Get", CS_URI, "", keys))
        assert text(root, "//*[local-name()='ElementName']") == "Database server", dump(root)
        assert text(root, "//*[local-name()='Name']") == "vm-get"    # the key stays

        # Put that changes a read-only property: refused, nothing changed
        for e in inst.xpath("*[local-name()='KernelImage']"):
            e.text = "hello64"
        status, root = post(port, USER, password, envelope(
            TRANSFER + "Put", VSSD_URI, etree.tostring(inst).decode(), vkeys))
        assert status == 400, dump(root)
        assert fault_subcode(root).endswith("InvalidRepresentation"), dump(root)
    finally:
        destroy(endpoint, "vm-get")


ALL_URI = "http://schemas.dmtf.org/wbem/wscim/1/*"
ASSOC_DIALECT = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"
B_NS = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd"


def associated(ep, uri: str, keys: dict[str, str], assoc: str) -> list[tuple[str, str]]:
    """DSP0227 AssociatedInstances of the instance (uri, keys) through assoc:
    (class, Name or InstanceID) of each."""
    port, _, password, _ = ep
    obj = f"<b:Object>{epr(uri, keys)}</b:Object>"
    body = (f'<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements>'
            f'<w:Filter Dialect="{ASSOC_DIALECT}"><b:AssociatedInstances xmlns:b="{B_NS}">'
            f'{obj}<b:AssociationClassName>{assoc}</b:AssociationClassName>'
            '</b:AssociatedInstances></w:Filter></n:Enumerate>')
    status, root = post(port, USER, password, envelope(
        "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", ALL_URI, body))
    assert status == 200, dump(root)
    assert root.xpath("//w:EndOfSequence", namespaces=NS), dump(root)
    found = []
    for inst in root.xpath("//w:Items/*", namespaces=NS):
        key = inst.xpath("string(*[local-name()='Name' or local-name()='InstanceID'])")
        found.append((etree.QName(inst).localname, key))
    ctx = text(root, "//n:EnumerationContext")
    if ctx:
        post(port, USER, password, envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release", ALL_URI,
            f"<n:Release><n:EnumerationContext>{ctx}</n:EnumerationContext></n:Release>"))
    return found


def test_associations(endpoint):
    """From the host to its VM (HostedDependency) and to the service (HostedService),
    from the service to its capabilities, from the VM to its settings."""
    status, root = define(endpoint, "mof", "vm-assoc", mib=4)
    assert return_value(root, "DefineSystem") == 0, dump(root)
    host = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
    try:
        assert associated(endpoint, CS_URI, host, "CIM_HostedDependency") == \
            [("CIM_ComputerSystem", "vm-assoc")]
        assert associated(endpoint, CS_URI, host, "CIM_HostedService") == \
            [("CIM_VirtualSystemManagementService", "vmanhv-vsms"),
             ("CIM_ResourcePoolConfigurationService", "vmanhv-rpcs")]   # docs/allocation.md
        assert associated(endpoint, VSMS_URI, VSMS_KEYS, "CIM_ElementCapabilities") == \
            [("CIM_VirtualSystemManagementCapabilities",
              "vmanhv:VirtualSystemManagementCapabilities")]
        vm = {"CreationClassName": "CIM_ComputerSystem", "Name": "vm-assoc"}
        assert associated(endpoint, CS_URI, vm, "CIM_SettingsDefineState") == \
            [("vmanhv_VirtualSystemSettingData", "vmanhv:vm-assoc")]
        assert associated(endpoint, CS_URI, vm, "CIM_HostedDependency") == \
            [("CIM_ComputerSystem", "vmanhv")]
    finally:
        destroy(endpoint, "vm-assoc")
    assert associated(endpoint, CS_URI, host, "CIM_HostedDependency") == []


def test_capabilities(endpoint):
    """VSMC's SynchronousMethodsSupported is the method table: 2 DefineSystem, 3 DestroySystem,
    10 AddResourceSettings, 5 ModifyResourceSettings, 7 RemoveResourceSettings,
    6 ModifySystemSettings."""
    assert sorted(int(v) for v in enumerate_names(endpoint, VSMC_URI,
                                                  "SynchronousMethodsSupported")) == \
        [2, 3, 5, 6, 7, 10]


@pytest.mark.parametrize("case", [
    "duplicate", "bad-name", "host-name", "no-image", "big-memory", "bad-units",
    "two-memory", "net-rasd",
])
def test_define_refusals(endpoint, case):
    """Each invalid DefineSystem: ReturnValue 4 (Invalid Parameter), nothing defined."""
    before = vm_names(endpoint)
    if case == "duplicate":
        status, root = define(endpoint, "cimxml", "vm-dup")
        assert return_value(root, "DefineSystem") == 0, dump(root)
        before = vm_names(endpoint)
        status, root = define(endpoint, "wscim", "vm-dup")
    elif case == "bad-name":
        status, root = define(endpoint, "cimxml", "bad name!")
    elif case == "host-name":
        status, root = define(endpoint, "cimxml", "vmanhv")
    elif case == "no-image":
        status, root = define(endpoint, "cimxml", "vm-x", image="nosuchimage")
    elif case == "big-memory":
        status, root = define(endpoint, "cimxml", "vm-x", mib=4096)
    elif case == "bad-units":
        status, root = invoke(endpoint, "DefineSystem", define_params(
            "mof", vssd("vm-x"), [memory_rasd(16, "byte*10^6")]))
    elif case == "two-memory":
        status, root = invoke(endpoint, "DefineSystem", define_params(
            "cimxml", vssd("vm-x"), [memory_rasd(16), memory_rasd(8)]))
    else:
        status, root = invoke(endpoint, "DefineSystem", define_params(
            "cimxml", vssd("vm-x"), [{"ResourceType": ("uint16", "10")}]))
    why = {"duplicate": "a VM named vm-dup exists", "bad-name": "ElementName",
           "host-name": "host's own name", "no-image": "nosuchimage", "big-memory": "1024 MiB", "bad-units": "byte*10^6",
           "two-memory": "memory", "net-rasd": "ResourceType"}[case]
    try:
        assert status == 200, dump(root)
        assert return_value(root, "DefineSystem") == 4, dump(root)
        message = refusal_message(root, "DefineSystem")
        assert why in message, message
        assert not output(root, "DefineSystem", "ResultingSystem")
        assert vm_names(endpoint) == before
    finally:
        if case == "duplicate":
            destroy(endpoint, "vm-dup")


def test_destroy_refusals(endpoint):
    """DestroySystem of no VM, of the host, without a reference: ReturnValue 4."""
    status, root = destroy(endpoint, "nobody")
    assert return_value(root, "DestroySystem") == 4, dump(root)
    assert "no VM has that Name" in refusal_message(root, "DestroySystem")
    status, root = destroy(endpoint, "vmanhv")
    assert return_value(root, "DestroySystem") == 4, dump(root)
    refusal_message(root, "DestroySystem")
    status, root = invoke(endpoint, "DestroySystem", "")
    assert return_value(root, "DestroySystem") == 4, dump(root)
    assert "AffectedSystem" in refusal_message(root, "DestroySystem")


def test_define_wrong_class_fault(endpoint):
    """SystemSettings of the base class: the reader refuses it, wsman:InvalidParameter."""
    params = "<p:SystemSettings>" + cimxml("CIM_VirtualSystemSettingData",
                                           {"ElementName": ("string", "vm-base")}) + \
             "</p:SystemSettings>"
    status, root = invoke(endpoint, "DefineSystem", params)
    assert status == 400, dump(root)
    assert fault_subcode(root).endswith("InvalidParameter"), dump(root)
    assert "vm-base" not in vm_names(endpoint)


# --- CIM_Account ------------------------------------------------------------------------

def account_body(name: str, password: str | None) -> str:
    pw = f"<q:UserPassword>{html.escape(password)}</q:UserPassword>" if password else ""
    return (f'<q:CIM_Account xmlns:q="{ACCOUNT_URI}"><q:Name>{name}</q:Name>'
            f"<q:UserID>{name}</q:UserID>{pw}</q:CIM_Account>")


def can_log_in(ep, user: str, password: str) -> bool:
    port = ep[0]
    r = requests.post(f"http://127.0.0.1:{port}/wsman", timeout=REQUEST_TIMEOUT_S,
                      data=envelope(TRANSFER + "Get", CS_URI, "",
                                    {"CreationClassName": "CIM_ComputerSystem",
                                     "Name": "vmanhv"}).encode(),
                      auth=HTTPDigestAuth(user, password),
                      headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
    return r.status_code == 200


def test_accounts(endpoint):
    """Create a user, log in with it, change its password, delete it; never the last."""
    port, _, password, _ = endpoint
    assert enumerate_names(endpoint, ACCOUNT_URI) == [USER]
    status, root = post(port, USER, password, envelope(TRANSFER + "Create", ACCOUNT_URI,
                                                       account_body("ops", "first pw")))
    assert status == 200, dump(root)
    assert root.xpath("string(//t:ResourceCreated//w:Selector[@Name='Name'])",
                      namespaces=NS) == "ops", dump(root)
    assert can_log_in(endpoint, "ops", "first pw")
    assert enumerate_names(endpoint, ACCOUNT_URI, user="ops", password="first pw") == \
        [USER, "ops"]
    host = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
    assert associated(endpoint, CS_URI, host, "CIM_AccountOnSystem") == \
        [("CIM_Account", USER), ("CIM_Account", "ops")]
    # the password is never read back
    keys = {**ACCOUNT_KEYS, "Name": "ops"}
    status, root = post(port, USER, password, envelope(TRANSFER + "Get", ACCOUNT_URI, "", keys))
    assert status == 200 and "first pw" not in etree.tostring(root).decode(), dump(root)
    # the name is taken
    status, root = post(port, USER, password, envelope(TRANSFER + "Create", ACCOUNT_URI,
                                                       account_body("ops", "x")))
    assert status == 400 and fault_subcode(root).endswith("AlreadyExists"), dump(root)

    status, root = post(port, USER, password, envelope(TRANSFER + "Put", ACCOUNT_URI,
                                                       account_body("ops", "second pw"), keys))
    assert status == 200, dump(root)
    assert not can_log_in(endpoint, "ops", "first pw")
    assert can_log_in(endpoint, "ops", "second pw")

    status, root = post(port, "ops", "second pw",
                        envelope(TRANSFER + "Delete", ACCOUNT_URI, "", keys))
    assert status == 200, dump(root)
    assert not can_log_in(endpoint, "ops", "second pw")
    assert enumerate_names(endpoint, ACCOUNT_URI) == [USER]

    # the last account: wsman:AccessDenied, and it still logs in
    status, root = post(port, USER, password, envelope(
        TRANSFER + "Delete", ACCOUNT_URI, "", {**ACCOUNT_KEYS, "Name": USER}))
    assert root is not None and fault_subcode(root).endswith("AccessDenied"), dump(root)
    assert can_log_in(endpoint, USER, password)


# --- Dell's wslinvoke over HTTPS Basic and HTTP Digest ----------------------------------

def wsl(ep, transport: str, name: str, *args: str):
    """`wsl ARGS...` in a folder of its own over `transport`, as test_wsl.py
    drives it (HTTP: WSNOSSL=1 and a .curlrc holding --digest in its HOME):
    (process, last response, the HTTP statuses curl logged)."""
    http_port, https_port, password, run_dir = ep
    where = run_dir / f"{name}-{transport}"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(where), "LANG": "C",
        "WSENDPOINT": f"127.0.0.1:{https_port}", "WSUSER": USER, "WSPASS": password,
        "WSAUTOMATED": "1", "KEEPHISTORY": "0", "OUTLEVEL": "3",
        "WGETTIMEOUTSECS": "20", "WGETTRYNUM": "1",
    }
    if transport == "http-digest":
        env["WSENDPOINT"] = f"127.0.0.1:{http_port}"
        env["WSNOSSL"] = "1"
        (where / ".curlrc").write_text("--digest\n")
    proc = subprocess.run(["wsl", *args], cwd=where, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=WSL_TIMEOUT_S)
    responses = sorted(where.glob("response-*.xml"),
                       key=lambda p: int("".join(c for c in p.stem if c.isdigit()) or 0))
    log = (where / "log.txt").read_text(errors="replace") if (where / "log.txt").exists() else ""
    return proc, responses[-1].read_text(errors="replace") if responses else "", statuses(log)


def assert_wsl_authenticated(transport: str, seen: list[int], why: str) -> None:
    """Answered 200 in the end; over HTTP only after a Digest challenge (curl
    --digest sends its first request without credentials), over HTTPS with
    Basic sent up front."""
    assert seen and seen[-1] == 200, f"statuses {seen}\n{why}"
    assert all(s in (200, 401) for s in seen), f"statuses {seen}\n{why}"
    assert (401 in seen) == (transport == "http-digest"), f"statuses {seen}\n{why}"


def vsms_instance_file(run_dir: Path) -> Path:
    """The service's EPR as `wsl invoke -inst` reads it: the lines between the
    ReferenceParameters tags, the ResourceURI on a line of its own.

    Without -inst, wslinvoke enumerates the class (optimized: /usr/bin/wsl
    exports WSENUMOPTIMIZE=1), pulls until the context is gone, and then looks
    for the EPR in the last response only, the empty final PullResponse, so
    it never invokes when the EnumerateResponse carried the one instance."""
    f = run_dir / "vsms-epr.xml"
    f.write_text(
        "<wsa:ReferenceParameters>\n"
        f"<wsman:ResourceURI>{VSMS_URI}</wsman:ResourceURI>\n"
        f"{selectors(VSMS_KEYS).replace('<w:', '<wsman:').replace('</w:', '</wsman:')}\n"
        "</wsa:ReferenceParameters>\n")
    return f


@pytest.mark.skipif(shutil.which("wsl") is None, reason="Dell's wsl is not installed")
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wslinvoke(endpoint, transport):
    """`wsl invoke` DefineSystem (SystemSettings as MOF text) and DestroySystem (EPR file),
    over HTTPS with Basic and over HTTP with Digest."""
    run_dir = endpoint[3]
    name = f"vm-wsl-{transport}"
    inst = vsms_instance_file(run_dir)
    settings = 'SystemSettings=instance of vmanhv_VirtualSystemSettingData ' \
               f'{{ ElementName = "{name}"; KernelImage = "hello64"; }};'
    proc, xml, seen = wsl(endpoint, transport, "wsl-define", "invoke",
                          "CIM_VirtualSystemManagementService", "DefineSystem", settings,
                          "-inst", str(inst))
    why = f"{proc.stdout[-2000:]}\n{xml[-2000:]}"
    assert_wsl_authenticated(transport, seen, why)
    assert "DefineSystem_OUTPUT" in xml, why
    root = etree.fromstring(xml.encode())
    assert return_value(root, "DefineSystem") == 0, xml[-2000:]
    assert name in vm_names(endpoint)

    # wsl reads an EPR parameter from a file: the lines between the
    # EndpointReference tags, with the prefixes its envelope declares
    ref = run_dir / f"{name}-epr.xml"
    ref.write_text(
        "<wsa:EndpointReference>\n"
        f"<wsa:Address>{ANONYMOUS}</wsa:Address>\n"
        f"<wsa:ReferenceParameters><wsman:ResourceURI>{CS_URI}</wsman:ResourceURI>"
        '<wsman:SelectorSet><wsman:Selector Name="CreationClassName">CIM_ComputerSystem'
        f'</wsman:Selector><wsman:Selector Name="Name">{name}</wsman:Selector>'
        "</wsman:SelectorSet></wsa:ReferenceParameters>\n"
        "</wsa:EndpointReference>\n")
    proc, xml, seen = wsl(endpoint, transport, "wsl-destroy", "invoke",
                          "CIM_VirtualSystemManagementService", "DestroySystem",
                          f"AffectedSystem=FILE:{ref}", "-inst", str(inst))
    why = f"{proc.stdout[-2000:]}\n{xml[-2000:]}"
    assert_wsl_authenticated(transport, seen, why)
    assert "DestroySystem_OUTPUT" in xml, why
    assert return_value(etree.fromstring(xml.encode()), "DestroySystem") == 0, xml[-2000:]
    assert name not in vm_names(endpoint)
