# SPDX-License-Identifier: MIT
"""The first CIM operations against the firmware in QEMU: Dell's `wsl enum`
and `wsl get` for the host CIM_ComputerSystem (over HTTPS, Basic), and a raw
Enumerate + Pull with curl over HTTP Digest.  The boot follows test_wsl.py:
QEMU TCG `-cpu max`, slirp with 5985 and 5986 forwarded to free 127.0.0.1
ports, `user=vmanhv password=<random>` on the command line.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import emulators
from emulators import Qemu
from test_wsl import HTTP_UP, USER, WSL_TIMEOUT_S, MODULE_LIMIT_S

CS_URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem"
CURL_TIMEOUT_S = 60 * emulators.TIMEOUT_SCALE


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(http port, https port, password, run dir) with the firmware running in QEMU."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_wsman_ops"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{https_port}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_wsman_ops",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield http_port, https_port, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def wsl(run_dir: Path, name: str, port: int, password: str, *args: str):
    """`wsl ARGS...` in a folder of its own: (process, every response, log)."""
    where = run_dir / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(where), "LANG": "C",
        "WSENDPOINT": f"127.0.0.1:{port}", "WSUSER": USER, "WSPASS": password,
        "WSAUTOMATED": "1", "KEEPHISTORY": "0", "OUTLEVEL": "3",
        "WGETTIMEOUTSECS": "20", "WGETTRYNUM": "1",
    }
    proc = subprocess.run(["wsl", *args], cwd=where, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=WSL_TIMEOUT_S)
    responses = "".join(p.read_text(errors="replace")
                        for p in sorted(where.glob("response-*.xml")))
    log = (where / "log.txt").read_text(errors="replace") if (where / "log.txt").exists() else ""
    return proc, responses, log


def assert_host_instance(xml: str, why: str) -> None:
    for prop, value in (("CreationClassName", "CIM_ComputerSystem"), ("Name", "vmanhv"),
                        ("EnabledState", "2"), ("RequestedState", "12")):
        assert re.search(rf"<(\w+:)?{prop}>{value}</(\w+:)?{prop}>", xml), \
            f"no {prop}={value}\n{why}\n{xml[-2000:]}"


def test_wsl_enum(endpoint):
    """`wsl enum CIM_ComputerSystem`: Enumerate, Pull to EndOfSequence."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "enum", port, password, "enum", "CIM_ComputerSystem")
    assert_host_instance(xml, f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}")
    assert "EndOfSequence" in xml
    assert "Fault" not in xml, xml[-2000:]


def test_wsl_enum_optimized_epr(endpoint):
    """`wsl enum CIM_ComputerSystem -mode epr -opti 5`: an EPR with the keys."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "enum-epr", port, password, "enum", "CIM_ComputerSystem",
                         "-mode", "epr", "-opti", "5")
    assert re.search(r'Selector Name="Name">vmanhv<', xml), \
        f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}\n{xml[-2000:]}"
    assert "Fault" not in xml, xml[-2000:]


def test_wsl_get(endpoint):
    """`wsl get CIM_ComputerSystem CreationClassName=CIM_ComputerSystem Name=vmanhv`."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "get", port, password, "get", "CIM_ComputerSystem",
                         "CreationClassName=CIM_ComputerSystem", "Name=vmanhv")
    assert_host_instance(xml, f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}")
    assert "GetResponse" in xml


def envelope(action: str, body: str) -> str:
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
        'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
        '<a:To>http://127.0.0.1/wsman</a:To>'
        f'<w:ResourceURI>{CS_URI}</w:ResourceURI>'
        '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'
        '</a:Address></a:ReplyTo>'
        f'<a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/{action}</a:Action>'
        f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>'
        f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


def post_digest(port: int, password: str, xml: str) -> tuple[int, str]:
    proc = subprocess.run(
        ["curl", "-sS", "--digest", "-u", f"{USER}:{password}", "-o", "-",
         "-w", "\n%{http_code}", "-H", "Content-Type: application/soap+xml;charset=UTF-8",
         "--data-binary", "@-", f"http://127.0.0.1:{port}/wsman"],
        input=xml, capture_output=True, text=True, timeout=CURL_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr
    body, _, code = proc.stdout.rpartition("\n")
    return int(code), body


def test_raw_enumerate_pull_digest(endpoint):
    """Enumerate, then Pull with its context over HTTP Digest; then the context is gone."""
    port, _, password, _ = endpoint
    code, xml = post_digest(port, password, envelope("Enumerate", "<n:Enumerate/>"))
    assert code == 200, xml
    m = re.search(r"<(?:\w+:)?EnumerationContext>([^<]+)<", xml)
    assert m, xml
    ctx = m.group(1)
    pull = f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>" \
           "<n:MaxElements>10</n:MaxElements></n:Pull>"
    code, xml = post_digest(port, password, envelope("Pull", pull))
    assert code == 200, xml
    assert_host_instance(xml, "raw Pull")
    assert "EndOfSequence" in xml
    code, xml = post_digest(port, password, envelope("Pull", pull))
    assert code >= 400 and "InvalidEnumerationContext" in xml, xml


# --- WS-Enumeration, filters and profile registration (python3-requests, lxml) ----

import requests  # noqa: E402
from requests.auth import HTTPDigestAuth  # noqa: E402
from lxml import etree  # noqa: E402

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
    "b": "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd",
}
CIM = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
ALL_URI = "http://schemas.dmtf.org/wbem/wscim/1/*"
RP_URI = CIM + "CIM_RegisteredProfile"
ECTP_URI = CIM + "CIM_ElementConformsToProfile"
ENUM = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/"
SELECTOR_DIALECT = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter"
ASSOC_DIALECT = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"
PROFILE_ID = "vmanhv:DSP1033-1.0.0"


@pytest.fixture(scope="module")
def session(endpoint):
    """A kept-alive requests session with HTTP Digest against the endpoint's HTTP port."""
    port, _, password, _ = endpoint
    s = requests.Session()
    s.auth = HTTPDigestAuth(USER, password)
    s.headers["Content-Type"] = "application/soap+xml;charset=UTF-8"
    s.wsman_url = f"http://127.0.0.1:{port}/wsman"
    yield s
    s.close()


def selector_set(selectors: dict) -> str:
    return "<w:SelectorSet>" + "".join(
        f'<w:Selector Name="{k}">{v}</w:Selector>' for k, v in selectors.items()) + \
        "</w:SelectorSet>"


def soap(session, action: str, uri: str, body: str, header: str = ""):
    """(HTTP status, the reply's root element) for one request."""
    xml = (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:w="{NS["w"]}" '
           f'xmlns:n="{NS["n"]}" xmlns:b="{NS["b"]}"><s:Header>'
           '<a:To>http://127.0.0.1/wsman</a:To>'
           f'<w:ResourceURI>{uri}</w:ResourceURI>'
           f'<a:ReplyTo><a:Address>{NS["a"]}/role/anonymous</a:Address></a:ReplyTo>'
           f'<a:Action>{action}</a:Action>'
           f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>{header}'
           f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')
    r = session.post(session.wsman_url, data=xml.encode(), timeout=CURL_TIMEOUT_S)
    return r.status_code, etree.fromstring(r.content)


def fault_subcode(root) -> str:
    return root.findtext("s:Body/s:Fault/s:Code/s:Subcode/s:Value", namespaces=NS) or ""


def enumerate_(session, uri: str, inner: str = "", header: str = "", max_elements: int = 50):
    body = (f"<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>{max_elements}"
            f"</w:MaxElements>{inner}</n:Enumerate>")
    return soap(session, ENUM + "Enumerate", uri, body, header)


def items(root):
    """The items of an Enumerate or Pull reply."""
    found = root.xpath("s:Body/n:EnumerateResponse/w:Items/* | s:Body/n:PullResponse/n:Items/*",
                       namespaces=NS)
    return list(found)


def local(el) -> str:
    return etree.QName(el).localname


def prop(el, name: str) -> str | None:
    for child in el:
        if local(child) == name:
            return child.text
    return None


def epr_selectors(epr) -> dict:
    return {s.get("Name"): s.text for s in epr.findall("a:ReferenceParameters/w:SelectorSet/"
                                                        "w:Selector", namespaces=NS)}


HOST_OBJECT = ("<b:Object><a:Address>" + NS["a"] + "/role/anonymous</a:Address>"
               "<a:ReferenceParameters><w:ResourceURI>" + CS_URI + "</w:ResourceURI>"
               + selector_set({"__cimnamespace": "root/cimv2",
                               "CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"})
               + "</a:ReferenceParameters></b:Object>")
PROFILE_OBJECT = ("<b:Object><a:ReferenceParameters><w:ResourceURI>" + RP_URI +
                  "</w:ResourceURI>" + selector_set({"__cimnamespace": "root/interop",
                                                     "InstanceID": PROFILE_ID})
                  + "</a:ReferenceParameters></b:Object>")


def assoc_filter(kind: str, inner: str) -> str:
    return f'<w:Filter Dialect="{ASSOC_DIALECT}"><b:{kind}>{inner}</b:{kind}></w:Filter>'


def test_optimized_enumeration_over_pulls(session):
    """CIM_ElementConformsToProfile in both namespaces (6 each with no VM defined:
    DSP1033, DSP1041/1043/1044/1045 (docs/allocation.md) and DSP1042; DSP1057 has
    one per VM): one item in the optimized EnumerateResponse, the other 11 by Pull
    with EndOfSequence, and TotalItemsCountEstimate in the header of each."""
    estimate = "<w:RequestTotalItemsCountEstimate/>"
    code, root = enumerate_(session, ECTP_URI, header=estimate, max_elements=1)
    assert code == 200, etree.tostring(root)
    assert root.findtext("s:Header/w:TotalItemsCountEstimate", namespaces=NS) == "12"
    first = items(root)
    assert len(first) == 1 and local(first[0]) == "CIM_ElementConformsToProfile"
    assert root.find("s:Body/n:EnumerateResponse/w:EndOfSequence", namespaces=NS) is None
    ctx = root.findtext("s:Body/n:EnumerateResponse/n:EnumerationContext", namespaces=NS)
    pull = (f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>"
            "<n:MaxElements>11</n:MaxElements></n:Pull>")
    code, root = soap(session, ENUM + "Pull", ECTP_URI, pull, estimate)
    assert code == 200, etree.tostring(root)
    assert root.findtext("s:Header/w:TotalItemsCountEstimate", namespaces=NS) == "12"
    assert len(items(root)) == 11
    assert root.find("s:Body/n:PullResponse/n:EndOfSequence", namespaces=NS) is not None
    assert root.find("s:Body/n:PullResponse/n:EnumerationContext", namespaces=NS) is None
    code, root = soap(session, ENUM + "Pull", ECTP_URI, pull)
    assert code >= 400 and fault_subcode(root).endswith("InvalidEnumerationContext")


def test_epr_mode_and_namespaces(session):
    """CIM_RegisteredProfile lives in root/interop: EPRs name it, and
    __cimnamespace root/cimv2 does not find it."""
    interop = selector_set({"__cimnamespace": "root/interop"})
    code, root = enumerate_(session, RP_URI,
                            "<w:EnumerationMode>EnumerateEPR</w:EnumerationMode>", interop)
    assert code == 200, etree.tostring(root)
    eprs = items(root)
    # DSP1033 itself, DSP1041/1043/1044/1045 (docs/allocation.md), DSP1042 and DSP1057
    assert len(eprs) == 7 and all(local(e) == "EndpointReference" for e in eprs)
    assert eprs[0].findtext("a:ReferenceParameters/w:ResourceURI", namespaces=NS) == RP_URI
    assert epr_selectors(eprs[0]) == {"__cimnamespace": "root/interop", "InstanceID": PROFILE_ID}
    code, root = enumerate_(session, RP_URI, "", selector_set({"__cimnamespace": "root/cimv2"}))
    assert code >= 400 and fault_subcode(root).endswith("DestinationUnreachable")
    code, root = enumerate_(session, CS_URI,
                            "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>",
                            selector_set({"__cimnamespace": "root/cimv2"}))
    assert code == 200
    item = [i for i in items(root) if prop(i[0], "Name") == "vmanhv"]
    assert len(item) == 1 and local(item[0]) == "Item"
    assert epr_selectors(item[0][1])["__cimnamespace"] == "root/cimv2"


def test_selector_filter(session):
    """The selector filter: only the instances whose properties match."""
    flt = (f'<w:Filter Dialect="{SELECTOR_DIALECT}">'
           + selector_set({"Name": "vmanhv"}) + "</w:Filter>")
    code, root = enumerate_(session, CS_URI, flt)
    assert code == 200, etree.tostring(root)
    found = items(root)
    assert [prop(i, "Name") for i in found] == ["vmanhv"]
    flt = (f'<w:Filter Dialect="{SELECTOR_DIALECT}">'
           + selector_set({"Name": "no-such-system"}) + "</w:Filter>")
    code, root = enumerate_(session, CS_URI, flt)
    assert code == 200 and items(root) == []
    assert root.find("s:Body/n:EnumerateResponse/w:EndOfSequence", namespaces=NS) is not None
    flt = f'<w:Filter Dialect="{SELECTOR_DIALECT}">' + selector_set({"Colour": "red"}) + \
        "</w:Filter>"
    code, root = enumerate_(session, CS_URI, flt)
    assert code == 400 and fault_subcode(root).endswith("CannotProcessFilter")


def test_associated_instances_host_to_profile_and_back(session):
    """From the host system to its CIM_RegisteredProfile (root/interop) and back."""
    code, root = enumerate_(session, ALL_URI, assoc_filter(
        "AssociatedInstances",
        HOST_OBJECT + "<b:AssociationClassName>CIM_ElementConformsToProfile"
        "</b:AssociationClassName><b:ResultClassName>CIM_RegisteredProfile"
        "</b:ResultClassName>"))
    assert code == 200, etree.tostring(root)
    found = items(root)
    # the host scopes Profile Registration and is System Virtualization's central instance
    assert [local(i) for i in found] == ["CIM_RegisteredProfile"] * 2
    assert prop(found[0], "InstanceID") == PROFILE_ID
    assert (prop(found[1], "InstanceID"), prop(found[1], "RegisteredName"),
            prop(found[1], "RegisteredVersion")) == \
        ("vmanhv:DSP1042-1.0.0", "System Virtualization", "1.0.0")
    assert prop(found[0], "RegisteredName") == "Profile Registration"
    assert prop(found[0], "RegisteredOrganization") == "2"
    code, root = enumerate_(session, ALL_URI, assoc_filter(
        "AssociatedInstances", PROFILE_OBJECT + "<b:Role>ConformantStandard</b:Role>"
        "<b:ResultRole>ManagedElement</b:ResultRole>"))
    assert code == 200, etree.tostring(root)
    found = items(root)
    assert [(local(i), prop(i, "Name")) for i in found] == [("CIM_ComputerSystem", "vmanhv")]


def test_association_instances(session):
    """The CIM_ElementConformsToProfile instance itself, its references as EPRs."""
    code, root = enumerate_(session, ALL_URI, assoc_filter(
        "AssociationInstances", HOST_OBJECT +
        "<b:ResultClassName>CIM_ElementConformsToProfile</b:ResultClassName>"),
        )
    assert code == 200, etree.tostring(root)
    found = items(root)
    # the host conforms to DSP1033 (first) and DSP1042
    assert [local(i) for i in found] == ["CIM_ElementConformsToProfile"] * 2
    standard = [c for c in found[0] if local(c) == "ConformantStandard"][0]
    assert standard.findtext("a:ReferenceParameters/w:ResourceURI", namespaces=NS) == RP_URI
    assert epr_selectors(standard)["InstanceID"] == PROFILE_ID
    # its own EPR: the reference keys are selectors holding EPRs (DSP0226 7.2.2)
    code, root = enumerate_(session, ALL_URI,
                            "<w:EnumerationMode>EnumerateEPR</w:EnumerationMode>" +
                            assoc_filter("AssociationInstances", HOST_OBJECT +
                                         "<b:ResultClassName>CIM_ElementConformsToProfile"
                                         "</b:ResultClassName>"))
    assert code == 200, etree.tostring(root)
    epr = items(root)[0]
    nested = epr.findall("a:ReferenceParameters/w:SelectorSet/w:Selector/a:EndpointReference",
                         namespaces=NS)
    assert len(nested) == 2
    assert {n.findtext("a:ReferenceParameters/w:ResourceURI", namespaces=NS)
            for n in nested} == {RP_URI, CS_URI}
    # and that EPR, its selectors holding EPRs, is accepted by Get
    selectors = etree.tostring(epr.find("a:ReferenceParameters/w:SelectorSet", namespaces=NS),
                               encoding="unicode")
    code, root = soap(session, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", ECTP_URI,
                      "", selectors)
    assert code == 200, etree.tostring(root)
    got = root.find("s:Body/*", namespaces=NS)
    assert local(got) == "CIM_ElementConformsToProfile"
    standard = [c for c in got if local(c) == "ConformantStandard"][0]
    assert epr_selectors(standard)["InstanceID"] == PROFILE_ID


def test_max_characters(session):
    """MaxCharacters: room for the item sends it; less than one item is
    wsman:EncodingLimit and the context stays usable."""
    code, root = soap(session, ENUM + "Enumerate", RP_URI, "<n:Enumerate/>")
    assert code == 200
    ctx = root.findtext("s:Body/n:EnumerateResponse/n:EnumerationContext", namespaces=NS)

    def pull(max_chars: int):
        return soap(session, ENUM + "Pull", RP_URI,
                    f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>"
                    f"<n:MaxElements>5</n:MaxElements><n:MaxCharacters>{max_chars}"
                    "</n:MaxCharacters></n:Pull>")
    code, root = pull(100)
    assert code == 400 and fault_subcode(root).endswith("EncodingLimit"), etree.tostring(root)
    code, root = pull(20000)
    assert code == 200, etree.tostring(root)
    assert [prop(i, "InstanceID") for i in items(root)] == \
        [PROFILE_ID, "vmanhv:DSP1041-1.1.0", "vmanhv:DSP1043-1.0.0", "vmanhv:DSP1044-1.0.0",
         "vmanhv:DSP1045-1.0.0"]
    code, root = pull(20000)
    assert code == 200, etree.tostring(root)
    assert [prop(i, "InstanceID") for i in items(root)] == \
        ["vmanhv:DSP1042-1.0.0", "vmanhv:DSP1057-1.0.0"]


def test_get_status_and_renew(session):
    """GetStatus tells the time left, Renew sets it; Release ends the context."""
    code, root = soap(session, ENUM + "Enumerate", CS_URI, "<n:Enumerate/>")
    ctx = root.findtext("s:Body/n:EnumerateResponse/n:EnumerationContext", namespaces=NS)
    body = f"<n:EnumerationContext>{ctx}</n:EnumerationContext>"
    code, root = soap(session, ENUM + "GetStatus", CS_URI, f"<n:GetStatus>{body}</n:GetStatus>")
    assert code == 200, etree.tostring(root)
    left = root.findtext("s:Body/n:GetStatusResponse/n:Expires", namespaces=NS)
    assert re.fullmatch(r"PT\d+\.\d{3}S", left) and 0 < float(left[2:-1]) <= 60, left
    code, root = soap(session, ENUM + "Renew", CS_URI,
                      f"<n:Renew>{body}<n:Expires>PT300S</n:Expires></n:Renew>")
    assert code == 200, etree.tostring(root)
    assert root.findtext("s:Body/n:RenewResponse/n:Expires", namespaces=NS) == "PT300.000S"
    code, root = soap(session, ENUM + "Release", CS_URI, f"<n:Release>{body}</n:Release>")
    assert code == 200
    code, root = soap(session, ENUM + "Renew", CS_URI,
                      f"<n:Renew>{body}<n:Expires>PT30S</n:Expires></n:Renew>")
    assert code >= 400 and fault_subcode(root).endswith("InvalidEnumerationContext")


@pytest.mark.parametrize("uri,flt,subcode", [
    (CS_URI, '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">'
             "select * from CIM_ComputerSystem</w:Filter>", "FilterDialectRequestedUnavailable"),
    (CS_URI, "<n:Filter>/CIM_ComputerSystem</n:Filter>", "FilterDialectRequestedUnavailable"),
    (CS_URI, assoc_filter("AssociatedInstances", HOST_OBJECT),
     "FilterDialectRequestedUnavailable"),
    (ALL_URI, "", "FilterDialectRequestedUnavailable"),
    (ALL_URI, assoc_filter("AssociatedInstances", "<b:Role>x</b:Role>"), "CannotProcessFilter"),
    (ALL_URI, assoc_filter("Nonsense", ""), "CannotProcessFilter"),
])
def test_filter_faults(session, uri, flt, subcode):
    """Each filter fault, as DSP0226 / DSP0227 R8.2-1 name it, with the
    WS-Enumeration fault action."""
    code, root = enumerate_(session, uri, flt)
    assert code == 400, etree.tostring(root)
    assert fault_subcode(root).endswith(":" + subcode), etree.tostring(root)
    assert root.findtext("s:Header/a:Action", namespaces=NS) == ENUM + "fault"
