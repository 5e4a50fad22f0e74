/* SPDX-License-Identifier: MIT */
/*
 * An embedded instance as CIM-XML INSTANCE text (DSP0201 3.2.6.x), the
 * form DSP0227 clause 9 and every client (WinRM's GetText_(1), libvirt's
 * hyperv driver) expect in an EmbeddedInstance string: written into its
 * own buffer and then put in the reply as (escaped) character data.
 */
#ifndef VMANHV_MGMT_WSMAN_CIMXML_WRITE_H
#define VMANHV_MGMT_WSMAN_CIMXML_WRITE_H

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/xml_writer.h"

#define CIMXML_WRITE_MAX	(64U * 1024U)	/* one instance's text */

/* <INSTANCE CLASSNAME=".."> with every non-NULL property (NULL ones as
 * PROPERTY without VALUE) appended to out; 0, -E2BIG or -ENOMEM. */
int cimxml_write_instance(struct http_buf *out, const struct cim_instance *inst);

/* The same text as character data of the element w is in.  Weak, as
 * wsman_cim_attach() is (wsman.c): a program that links the DSP0230 writer
 * (cim_xml.c) without this one writes embedded instances as empty. */
void cimxml_write_text(struct xml_writer *w, const struct cim_instance *inst)
	__attribute__((weak));

#endif
