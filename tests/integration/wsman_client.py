# SPDX-License-Identifier: MIT
"""A small WS-Management client for tests and benchmarks: one kept-alive
HTTP/1.1 connection (http.client), HTTP Digest (RFC 7616, SHA-256, qop=auth,
the nonce reused with a rising nonce count as curl and WinRM do), and the
envelopes of Identify, Get, Enumerate, Pull, Release and Invoke (DSP0226).  Replies
are parsed with the standard library's ElementTree (namespace-aware)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import select
import socket
import ssl
import uuid
import xml.etree.ElementTree as ET

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsman": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "wsen": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
    "wxf": "http://schemas.xmlsoap.org/ws/2004/09/transfer",
    "wsmid": "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd",
}
CIM_PREFIX = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
SOAP = "application/soap+xml;charset=UTF-8"

IDENTIFY = (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:wsmid="{NS["wsmid"]}">'
            "<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>")


def _envelope(action: str, resource: str, body: str = "", selectors: dict | None = None) -> str:
    sel = ""
    if selectors:
        sel = "<wsman:SelectorSet>" + "".join(
            f'<wsman:Selector Name="{k}">{v}</wsman:Selector>' for k, v in selectors.items()
        ) + "</wsman:SelectorSet>"
    return (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:wsa="{NS["wsa"]}" '
            f'xmlns:wsman="{NS["wsman"]}" xmlns:wsen="{NS["wsen"]}">'
            "<s:Header><wsa:To>http://localhost/wsman</wsa:To>"
            f"<wsa:ReplyTo><wsa:Address>{NS['wsa']}/role/anonymous</wsa:Address></wsa:ReplyTo>"
            f"<wsa:Action>{action}</wsa:Action>"
            f"<wsa:MessageID>uuid:{uuid.uuid4()}</wsa:MessageID>"
            f"<wsman:ResourceURI>{resource}</wsman:ResourceURI>{sel}"
            f"</s:Header><s:Body>{body}</s:Body></s:Envelope>")


def get_envelope(resource: str, selectors: dict) -> str:
    return _envelope(NS["wxf"] + "/Get", resource, "", selectors)


def enumerate_envelope(resource: str, optimize: bool = True, max_elements: int = 0,
                       mode: str = "", filter_xml: str = "",
                       selectors: dict | None = None) -> str:
    """mode: a wsman:EnumerationMode (EnumerateEPR, EnumerateObjectAndEPR);
    filter_xml: a whole wsman:Filter element (DSP0226 clause 8.2, DSP0227
    clause 8.2's association filter)."""
    body = "<wsen:Enumerate>"
    if optimize:
        body += "<wsman:OptimizeEnumeration/>"
        if max_elements:
            body += f"<wsman:MaxElements>{max_elements}</wsman:MaxElements>"
    if mode:
        body += f"<wsman:EnumerationMode>{mode}</wsman:EnumerationMode>"
    body += filter_xml + "</wsen:Enumerate>"
    return _envelope(NS["wsen"] + "/Enumerate", resource, body, selectors)


def pull_envelope(resource: str, context: str, max_elements: int) -> str:
    body = (f"<wsen:Pull><wsen:EnumerationContext>{context}</wsen:EnumerationContext>"
            f"<wsen:MaxElements>{max_elements}</wsen:MaxElements></wsen:Pull>")
    return _envelope(NS["wsen"] + "/Pull", resource, body)


def invoke_envelope(resource: str, method: str, params: str, selectors: dict) -> str:
    """Invoke of an extrinsic method (DSP0226 clause 6.5, DSP0227 clause 8):
    the Action is RESOURCE/METHOD and the body <p:METHOD_INPUT> holds params,
    XML text whose elements use the prefix p (the class's namespace), wsa
    and wsman."""
    body = f'<p:{method}_INPUT xmlns:p="{resource}">{params}</p:{method}_INPUT>'
    return _envelope(f"{resource}/{method}", resource, body, selectors)


def release_envelope(resource: str, context: str) -> str:
    body = (f"<wsen:Release><wsen:EnumerationContext>{context}</wsen:EnumerationContext>"
            "</wsen:Release>")
    return _envelope(NS["wsen"] + "/Release", resource, body)


class Reply:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def xml(self) -> ET.Element:
        return ET.fromstring(self.body)

    def find(self, path: str):
        return self.xml.find(path, NS)

    def __repr__(self) -> str:
        return f"<HTTP {self.status}: {self.body[:600]!r}>"


def _challenge(header: str) -> dict[str, str]:
    return {k.lower(): v1 or v2
            for k, v1, v2 in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header)}


class WsmanClient:
    """One connection; Digest credentials are learnt from the first 401.
    tls: HTTPS (TLS 1.2, the certificate not checked: the firmware's is
    self-signed) with Basic, which the endpoint offers only over TLS."""

    def __init__(self, host: str, port: int, user: str = "", password: str = "",
                 timeout: float = 30.0, tls: bool = False):
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
            self.conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ctx)
        else:
            self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.user, self.password, self.tls = user, password, tls
        self.digest: dict[str, str] | None = None
        self.nc = 0

    def close(self) -> None:
        self.conn.close()

    def _authorization(self) -> str:
        d = self.digest
        self.nc += 1
        nc = f"{self.nc:08x}"
        cnonce = os.urandom(8).hex()
        h = lambda s: hashlib.sha256(s.encode()).hexdigest()
        ha1 = h(f"{self.user}:{d['realm']}:{self.password}")
        ha2 = h("POST:/wsman")
        resp = h(f"{ha1}:{d['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        return (f'Digest username="{self.user}", realm="{d["realm"]}", nonce="{d["nonce"]}", '
                f'uri="/wsman", algorithm=SHA-256, qop=auth, nc={nc}, cnonce="{cnonce}", '
                f'response="{resp}", opaque="{d.get("opaque", "")}"')

    def _send(self, body: bytes, headers: dict[str, str]) -> Reply:
        self.conn.request("POST", "/wsman", body=body,
                          headers={"Content-Type": SOAP, **headers})
        r = self.conn.getresponse()
        return Reply(r.status, r.headers, r.read())

    def _learn(self, reply: Reply) -> bool:
        for value in reply.headers.get_all("WWW-Authenticate") or []:
            if value.startswith("Digest") and "SHA-256" in value:
                self.digest, self.nc = _challenge(value[len("Digest"):]), 0
                return True
        return False

    def _reopen_if_closed(self) -> None:
        """A kept-alive connection the server closed while it was idle (its
        30 s idle time-out, docs/http.md; RFC 9112 9.5) reads as ready with
        nothing to read: drop it, so that http.client opens a new one, before
        a request is sent into it (urllib3 checks a pooled connection so).
        Plain HTTP only: over TLS a readable socket may hold a record that
        is no close (a session ticket), and an SSL socket cannot be peeked."""
        sock = self.conn.sock
        if self.tls or sock is None or not select.select([sock], [], [], 0)[0]:
            return
        try:
            closed = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            closed = False
        except OSError:             # reset by the server
            closed = True
        if closed:
            self.conn.close()

    def post(self, envelope: str, anonymous: bool = False) -> Reply:
        """POST /wsman; anonymous: `WSMANIDENTIFY: unauthenticated`, no credentials."""
        self._reopen_if_closed()
        body = envelope.encode()
        if anonymous:
            return self._send(body, {"WSMANIDENTIFY": "unauthenticated"})
        if self.tls:
            basic = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            return self._send(body, {"Authorization": "Basic " + basic})
        if self.digest is None:
            reply = self._send(body, {})
            if reply.status != 401 or not self._learn(reply):
                return reply
        reply = self._send(body, {"Authorization": self._authorization()})
        if reply.status == 401 and self._learn(reply):     # stale nonce: once more
            reply = self._send(body, {"Authorization": self._authorization()})
        return reply
