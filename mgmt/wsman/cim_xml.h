/* SPDX-License-Identifier: MIT */
/*
 * CIM instances and references as WS-Man XML (DSP0230 WS-CIM mapping,
 * DSP0227 7 for EPRs).  Every operation that returns a CIM object writes it
 * through here, so an instance reads the same in a Get, an enumeration
 * item, an association filter's result or a method's output.
 */
#ifndef VMANHV_MGMT_WSMAN_CIM_XML_H
#define VMANHV_MGMT_WSMAN_CIM_XML_H

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/xml_writer.h"

#define CIM_XML_NS_XSI		"http://www.w3.org/2001/XMLSchema-instance"
#define CIM_XML_NS_COMMON	"http://schemas.dmtf.org/wbem/wscim/1/common"
/* DSP0227 7.1: the selector that names an instance's CIM namespace. */
#define CIMNAMESPACE_SELECTOR	"__cimnamespace"

/*
 * <p:Class xmlns:p="<class URI>" ...> with each property in the class's
 * order: NULL as xsi:nil, arrays as repeated elements, references as EPRs.
 * The wsa prefix must be in scope (every reply envelope declares it).
 */
void cim_xml_write_instance(struct xml_writer *w, const struct cim_instance *inst);

/* <qname>one value</qname>: element k of v's array when its array pointer
 * for type is set, else the scalar; embedded instances as CIM-XML text.
 * Method outputs (invoke.c) are written with it too. */
void cim_xml_write_value(struct xml_writer *w, const char *qname, enum cim_type type,
			 const struct cim_value *v, uint32_t k);

/* An EPR's contents for an instance: wsa:Address (anonymous), then
 * wsa:ReferenceParameters with ResourceURI and a SelectorSet holding
 * __cimnamespace and every key (openwsman's and WinRM's form). */
void cim_xml_write_epr(struct xml_writer *w, const struct cim_instance *inst);

/* The same for a reference already held as a struct cim_ref. */
void cim_xml_write_ref(struct xml_writer *w, const struct cim_ref *ref);

#endif
