/* SPDX-License-Identifier: MIT */
/*
 * CIM status codes (DSP0200) as WS-Management faults, per DSP0227's
 * mapping of CIM errors (the table openwsman's cim_to_wsman_status and
 * WinRM follow as well).  What a CIM_ERR_INVALID_PARAMETER,
 * CIM_ERR_NO_SUCH_PROPERTY or CIM_ERR_TYPE_MISMATCH becomes depends on
 * where the bad value came from: a Put/Create representation is a
 * wxf:InvalidRepresentation (DSP0226 7.4, 7.6), a method parameter a
 * wsman:InvalidParameter (DSP0227 clause 9).
 */
#ifndef VMANHV_MGMT_WSMAN_CIM_FAULT_H
#define VMANHV_MGMT_WSMAN_CIM_FAULT_H

#include "mgmt/cim/cim.h"
#include "mgmt/wsman/fault.h"

enum cim_fault_origin {
	CIM_FAULT_OTHER,		/* selectors, provider state */
	CIM_FAULT_REPRESENTATION,	/* a Put or Create body */
	CIM_FAULT_PARAMETERS,		/* an Invoke's _INPUT */
};

/* The fault for st (not CIM_OK) arising from origin. */
void cim_status_fault(enum cim_status st, enum cim_fault_origin origin,
		      enum wsman_fault *fault, enum wsman_fault_detail *detail);

#endif
