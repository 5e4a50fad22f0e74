# SPDX-License-Identifier: MIT
"""Jobs, errors and the VM state capabilities over raw SOAP (docs/profiles.md, "Jobs").

- QEMU TCG (management-only mode, no VMX): each VM's
  CIM_EnabledLogicalElementCapabilities (RequestedStatesSupported from the
  transition table) and CIM_ElementCapabilities from the VM; the
  synchronous RequestStateChange answers (0 for a VM already off, 4097 for
  an invalid transition, 4 for a start the host cannot run, 5 for a bad
  TimeoutPeriod) with no job made; CIM_ConcreteJob enumerable and a Get or
  GetErrors on an unknown job refused.
- Bochs with VT-x (one short run): two guests, button64 (handles the ACPI
  power button) and spin (ignores it).  RequestStateChange(4) on both
  returns 4096 with a CIM_ConcreteJob: button64's job completes when the
  guest powers off; spin's ends in Exception when its TimeoutPeriod passes,
  with ErrorCode, ErrorDescription and a CIM_Error from GetErrors (VMH0001),
  and spin is still running: nothing was forced.  A state change while a job
  runs is refused with 4099 Busy; CIM_AffectedJobElement links each job to
  its VM.

Requests go with python3-requests (HTTP Digest), replies are read with lxml.
"""

from __future__ import annotations

import html
import re
import secrets
import shutil
import time

import pytest
from lxml import etree

import emulators
from emulators import Bochs, Qemu
from test_wsl import HTTP_UP, MODULE_LIMIT_S, USER
from test_wsman_invoke import (ALL_URI, ASSOC_DIALECT, B_NS, CIM, CS_URI, NS, VSMS_KEYS,
                               define, destroy, dump, envelope, epr, fault_subcode, post,
                               return_value)

JOB_URI = CIM + "CIM_ConcreteJob"
ELEC_URI = CIM + "CIM_EnabledLogicalElementCapabilities"
AJE_URI = CIM + "CIM_AffectedJobElement"
VSMS_URI = CIM + "CIM_VirtualSystemManagementService"
CIM_COMMON = "http://schemas.dmtf.org/wbem/wscim/1/common"
TRANSFER_GET = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
BOCHS_IPS = 25_000_000
# a bound on every wait for a job, in real seconds (the firmware's clock is Bochs's)
JOB_WAIT_S = 240 * emulators.TIMEOUT_SCALE


def vm_keys(name: str) -> dict[str, str]:
    return {"CreationClassName": "CIM_ComputerSystem", "Name": name}


class Endpoint:
    """The firmware's WS-Man endpoint on 127.0.0.1:port."""

    def __init__(self, port: int, password: str):
        self.port, self.password = port, password

    def post(self, xml: str):
        return post(self.port, USER, self.password, xml)

    def invoke(self, uri: str, keys: dict[str, str], method: str, params: str = ""):
        body = f'<p:{method}_INPUT xmlns:p="{uri}" xmlns:cim="{CIM_COMMON}">{params}' \
               f'</p:{method}_INPUT>'
        status, root = self.post(envelope(f"{uri}/{method}", uri, body, keys))
        assert status == 200, dump(root)
        return root

    def output(self, root, uri: str, method: str, name: str) -> list:
        return root.xpath(f"/s:Envelope/s:Body/p:{method}_OUTPUT/p:{name}",
                          namespaces={**NS, "p": uri})

    def request_state(self, vm: str, state: int, timeout: str | None = None):
        """RequestStateChange on VM vm: (ReturnValue, job InstanceID or None, reply)."""
        params = f"<p:RequestedState>{state}</p:RequestedState>"
        if timeout is not None:
            params += f"<p:TimeoutPeriod><cim:Interval>{timeout}</cim:Interval></p:TimeoutPeriod>"
        root = self.invoke(CS_URI, vm_keys(vm), "RequestStateChange", params)
        rv = int(self.output(root, CS_URI, "RequestStateChange", "ReturnValue")[0].text)
        job = self.output(root, CS_URI, "RequestStateChange", "Job")
        job_id = job[0].xpath("string(.//w:Selector[@Name='InstanceID'])", namespaces=NS) \
            if job else None
        if job:
            assert job[0].xpath("string(.//w:ResourceURI)", namespaces=NS) == JOB_URI, dump(root)
        return rv, job_id, root

    def get(self, uri: str, keys: dict[str, str]):
        return self.post(envelope(TRANSFER_GET, uri, "", keys))

    def job(self, job_id: str) -> dict[str, str]:
        """The job's properties by local name (text; cim:Datetime/Interval text)."""
        status, root = self.get(JOB_URI, {"InstanceID": job_id})
        assert status == 200, dump(root)
        inst = root.xpath("/s:Envelope/s:Body/*", namespaces=NS)[0]
        return {etree.QName(e).localname: "".join(e.itertext()) for e in inst}

    def enumerate(self, uri: str) -> list:
        body = "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements>" \
               "</n:Enumerate>"
        status, root = self.post(envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", uri, body))
        assert status == 200, dump(root)
        assert root.xpath("//w:EndOfSequence", namespaces=NS), dump(root)
        self.release(uri, root)
        return root.xpath("//w:Items/*", namespaces=NS)

    def release(self, uri: str, root) -> None:
        ctx = root.xpath("string(//n:EnumerationContext)", namespaces=NS)
        if ctx:
            self.post(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release",
                               uri, f"<n:Release><n:EnumerationContext>{ctx}"
                                    "</n:EnumerationContext></n:Release>"))

    def associated(self, uri: str, keys: dict[str, str], assoc: str) -> list:
        body = (f'<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32</w:MaxElements>'
                f'<w:Filter Dialect="{ASSOC_DIALECT}"><b:AssociatedInstances xmlns:b="{B_NS}">'
                f'<b:Object>{epr(uri, keys)}</b:Object>'
                f'<b:AssociationClassName>{assoc}</b:AssociationClassName>'
                '</b:AssociatedInstances></w:Filter></n:Enumerate>')
        status, root = self.post(envelope(
            "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", ALL_URI, body))
        assert status == 200, dump(root)
        self.release(ALL_URI, root)
        return root.xpath("//w:Items/*", namespaces=NS)


def prop_values(inst, name: str) -> list[str]:
    return [e.text for e in inst if etree.QName(e).localname == name]


def vm_property(ep: Endpoint, vm: str, name: str) -> list[str]:
    status, root = ep.get(CS_URI, vm_keys(vm))
    assert status == 200, dump(root)
    return prop_values(root.xpath("/s:Envelope/s:Body/*", namespaces=NS)[0], name)


# --- QEMU: management-only mode ----------------------------------------------------------

@pytest.fixture(scope="module")
def qemu_endpoint(artifacts, request):
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_jobs-qemu"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{port}-:5985")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_jobs-qemu",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield Endpoint(port, password), (port, None, password, run_dir)
    finally:
        disk.unlink(missing_ok=True)


def test_state_capabilities(qemu_endpoint):
    """Each VM's CIM_EnabledLogicalElementCapabilities, reached from the VM."""
    ep, legacy = qemu_endpoint
    status, root = define(legacy, "mof", "vm-caps", mib=4)
    assert return_value(root, "DefineSystem") == 0, dump(root)
    try:
        caps = [i for i in ep.enumerate(ELEC_URI)
                if prop_values(i, "InstanceID") == ["vmanhv:vm-caps:state-capabilities"]]
        assert len(caps) == 1, [etree.tostring(i) for i in ep.enumerate(ELEC_URI)]
        assert prop_values(caps[0], "RequestedStatesSupported") == \
            ["2", "3", "4", "9", "10", "11"]
        assert prop_values(caps[0], "ElementNameEditSupported") == ["true"]
        assert prop_values(caps[0], "MaxElementNameLen") == ["63"]
        found = ep.associated(CS_URI, vm_keys("vm-caps"), "CIM_ElementCapabilities")
        assert [(etree.QName(i).localname, prop_values(i, "InstanceID")) for i in found] == \
            [("CIM_EnabledLogicalElementCapabilities", ["vmanhv:vm-caps:state-capabilities"])]
        # the service keeps its own capabilities only
        found = ep.associated(VSMS_URI, VSMS_KEYS, "CIM_ElementCapabilities")
        assert [etree.QName(i).localname for i in found] == \
            ["CIM_VirtualSystemManagementCapabilities"]
    finally:
        destroy(legacy, "vm-caps")
    assert not [i for i in ep.enumerate(ELEC_URI)
                if prop_values(i, "InstanceID") == ["vmanhv:vm-caps:state-capabilities"]]


def test_synchronous_state_changes(qemu_endpoint):
    """A VM that is off: what completes at once returns 0 and makes no job;
    the rest are refused with their documented codes."""
    ep, legacy = qemu_endpoint
    status, root = define(legacy, "mof", "vm-sync", mib=4)
    assert return_value(root, "DefineSystem") == 0, dump(root)
    try:
        assert vm_property(ep, "vm-sync", "AvailableRequestedStates") == ["2"]
        assert vm_property(ep, "vmanhv", "AvailableRequestedStates") == []     # the host
        assert ep.request_state("vm-sync", 3)[:2] == (0, None)      # off already
        assert ep.request_state("vm-sync", 4)[:2] == (0, None)      # shut down already
        assert ep.request_state("vm-sync", 4, "PT30S")[:2] == (0, None)
        assert ep.request_state("vm-sync", 3, "00000000000030.000000:000")[:2] == (0, None)
        rv, job, root = ep.request_state("vm-sync", 9)             # pause an off VM
        assert (rv, job) == (4097, None), dump(root)
        rv, job, root = ep.request_state("vm-sync", 4, "PT2H")
        assert (rv, job) == (5, None), dump(root)
        rv, job, root = ep.request_state("vm-sync", 4, "soon")
        assert (rv, job) == (5, None), dump(root)
        rv, job, root = ep.request_state("vm-sync", 2)             # no VMX under TCG
        assert (rv, job) == (4, None), dump(root)
        assert ep.enumerate(JOB_URI) == []
        assert ep.enumerate(AJE_URI) == []
    finally:
        destroy(legacy, "vm-sync")


def test_unknown_job(qemu_endpoint):
    """Get and GetErrors on a job that does not exist: wsa:DestinationUnreachable."""
    ep, _ = qemu_endpoint
    status, root = ep.get(JOB_URI, {"InstanceID": "vmanhv:job:999"})
    assert status != 200 and fault_subcode(root).endswith(":DestinationUnreachable"), dump(root)
    body = f'<p:GetErrors_INPUT xmlns:p="{JOB_URI}"/>'
    status, root = ep.post(envelope(f"{JOB_URI}/GetErrors", JOB_URI, body,
                                    {"InstanceID": "vmanhv:job:999"}))
    assert status != 200 and fault_subcode(root).endswith(":DestinationUnreachable"), dump(root)


# --- Bochs: the jobs of a shut-down under VT-x --------------------------------------------

@pytest.fixture(scope="module")
def bochs_endpoint(artifacts, request):
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_jobs-bochs"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""),
                                 f"user={USER} password={password} guest=button64,spin",
                                 run_dir / "disk.img")
    (run_dir / "slirp.conf").write_text(
        f"# slirp config\nhostfwd = tcp:127.0.0.1:{port}-:5985\n")
    bochs = Bochs(disk, cpus=2, nic="ethmod=slirp, script=slirp.conf", ips=BOCHS_IPS)
    try:
        with emulators.running(bochs, run_dir, until=HTTP_UP, name="test_jobs-bochs",
                               request=request, limit_s=3 * MODULE_LIMIT_S,
                               timeout=300) as res:
            yield Endpoint(port, password), res, run_dir
    finally:
        disk.unlink(missing_ok=True)


def wait_for_job(ep: Endpoint, job_id: str, states: set[str]) -> dict[str, str]:
    """Poll the job (bounded) until its JobState is one of states."""
    end = time.monotonic() + JOB_WAIT_S
    while True:
        job = ep.job(job_id)
        if job["JobState"] in states or time.monotonic() > end:
            return job
        time.sleep(0.5)


def enabled_state(ep: Endpoint, vm: str) -> str:
    status, root = ep.get(CS_URI, vm_keys(vm))
    assert status == 200, dump(root)
    return root.xpath("string(//*[local-name()='EnabledState'])")


def wait_for_line(run_dir, pattern: str) -> bool:
    end = time.monotonic() + JOB_WAIT_S
    while time.monotonic() < end:
        if re.search(pattern, (run_dir / "serial.log").read_text(errors="replace"), re.M):
            return True
        time.sleep(0.5)
    return False


def test_shutdown_jobs_bochs(bochs_endpoint):
    """button64's job completes when it powers off; spin's ends in Exception."""
    ep, res, run_dir = bochs_endpoint
    assert wait_for_line(run_dir, r"button64: waiting for the power button"), \
        res.why("button64 never waited for its power button")
    assert enabled_state(ep, "spin") == "2", res.why("spin is not running")

    rv, spin_job, root = ep.request_state("spin", 4, "PT20S")
    assert rv == 4096 and spin_job, res.why(f"RequestStateChange(4) on spin: {dump(root)}")
    job = ep.job(spin_job)
    assert job["JobState"] == "4" and job["PercentComplete"] == "0", res.why(str(job))
    assert job["TimeOfLastStateChange"] == "PT0.000S", res.why(str(job))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", job["StartTime"]), \
        res.why(str(job))
    assert vm_property(ep, "spin", "AvailableRequestedStates") == ["3"], \
        res.why("only a hard off is requestable while a job runs")
    rv, _, root = ep.request_state("spin", 9)
    assert rv == 4099, res.why(f"a pause during the shut-down should be Busy: {dump(root)}")
    rv, button_job, root = ep.request_state("button64", 4)
    assert rv == 4096 and button_job and button_job != spin_job, \
        res.why(f"RequestStateChange(4) on button64: {dump(root)}")

    job = wait_for_job(ep, button_job, {"7", "8", "9", "10"})
    assert job["JobState"] == "7", res.why(f"button64's job did not complete: {job}")
    assert job["PercentComplete"] == "100", res.why(str(job))
    assert "ACPI power off (S5)" in job["JobStatus"], res.why(str(job))
    assert job["ErrorCode"] == "0", res.why(str(job))
    assert enabled_state(ep, "button64") == "3", res.why("button64 is not off")

    job = wait_for_job(ep, spin_job, {"7", "8", "9", "10"})
    assert job["JobState"] == "10", res.why(f"spin's job should end in Exception: {job}")
    assert job["ErrorCode"] == "1", res.why(str(job))
    assert "did not shut down within PT20.000S" in job["ErrorDescription"], res.why(str(job))
    assert job["TimeBeforeRemoval"] == "PT300.000S", res.why(str(job))
    assert enabled_state(ep, "spin") == "2", res.why("spin should still run: nothing forced")
    assert vm_property(ep, "spin", "AvailableRequestedStates") == ["3", "4", "9", "10", "11"], \
        res.why("the job has ended: spin's states are requestable again")

    # GetErrors: the CIM_Error as embedded CIM-XML
    root = ep.invoke(JOB_URI, {"InstanceID": spin_job}, "GetErrors")
    assert ep.output(root, JOB_URI, "GetErrors", "ReturnValue")[0].text == "0", dump(root)
    errors = ep.output(root, JOB_URI, "GetErrors", "Errors")
    assert len(errors) == 1, dump(root)
    error = etree.fromstring(errors[0].text.encode())
    assert error.get("CLASSNAME") == "CIM_Error", dump(root)
    props = {p.get("NAME"): p.findtext("VALUE") for p in error.iter("PROPERTY")}
    assert props["MessageID"] == "VMH0001", props
    assert props["OwningEntity"] == "vmanhv", props
    assert props["PerceivedSeverity"] == "3", props
    assert props["CIMStatusCode"] == "1", props
    assert props["Message"] == job["ErrorDescription"], props
    args = [v.text for p in error.iter("PROPERTY.ARRAY")
            if p.get("NAME") == "MessageArguments" for v in p.iter("VALUE")]
    assert args == ["spin", "PT20.000S"], html.escape(errors[0].text)

    # each job is linked to its VM
    found = ep.associated(CS_URI, vm_keys("spin"), "CIM_AffectedJobElement")
    assert [prop_values(i, "InstanceID") for i in found] == [[spin_job]], \
        [etree.tostring(i) for i in found]

    # no job holds spin now: a hard power-off completes at once
    rv, job_id, root = ep.request_state("spin", 3)
    assert (rv, job_id) == (0, None), res.why(dump(root))
