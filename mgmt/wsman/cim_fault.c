/* SPDX-License-Identifier: MIT */
#include "mgmt/wsman/cim_fault.h"

static void bad_value(enum cim_fault_origin origin, enum wsman_fault_detail param_detail,
		      enum wsman_fault *fault, enum wsman_fault_detail *detail)
{
	if (origin == CIM_FAULT_REPRESENTATION) {
		*fault = WSMAN_FAULT_INVALID_REPRESENTATION;
		*detail = WSMAN_DETAIL_INVALID_VALUES;
	} else {
		*fault = WSMAN_FAULT_INVALID_PARAMETER;
		*detail = param_detail;
	}
}

void cim_status_fault(enum cim_status st, enum cim_fault_origin origin,
		      enum wsman_fault *fault, enum wsman_fault_detail *detail)
{
	*detail = WSMAN_DETAIL_NONE;
	switch (st) {
	case CIM_ERR_ACCESS_DENIED:
		*fault = WSMAN_FAULT_ACCESS_DENIED;
		break;
	case CIM_ERR_INVALID_NAMESPACE:
	case CIM_ERR_INVALID_CLASS:
		*fault = WSMAN_FAULT_DESTINATION_UNREACHABLE;
		*detail = WSMAN_DETAIL_INVALID_RESOURCE_URI;
		break;
	case CIM_ERR_NOT_FOUND:
		*fault = WSMAN_FAULT_DESTINATION_UNREACHABLE;
		break;
	case CIM_ERR_NOT_SUPPORTED:
	case CIM_ERR_METHOD_NOT_AVAILABLE:
	case CIM_ERR_METHOD_NOT_FOUND:
		*fault = WSMAN_FAULT_ACTION_NOT_SUPPORTED;
		break;
	case CIM_ERR_ALREADY_EXISTS:
		*fault = WSMAN_FAULT_ALREADY_EXISTS;
		break;
	case CIM_ERR_INVALID_PARAMETER:
		bad_value(origin, WSMAN_DETAIL_INVALID_VALUE, fault, detail);
		break;
	case CIM_ERR_NO_SUCH_PROPERTY:
		bad_value(origin, WSMAN_DETAIL_INVALID_VALUE, fault, detail);
		break;
	case CIM_ERR_TYPE_MISMATCH:
		bad_value(origin, WSMAN_DETAIL_TYPE_MISMATCH, fault, detail);
		break;
	case CIM_ERR_SERVER_IS_SHUTTING_DOWN:
		*fault = WSMAN_FAULT_ENDPOINT_UNAVAILABLE;
		break;
	default:	/* CIM_ERR_FAILED and anything unknown */
		*fault = WSMAN_FAULT_INTERNAL_ERROR;
		break;
	}
}
