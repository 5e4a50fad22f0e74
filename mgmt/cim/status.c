/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "mgmt/cim/cim.h"

enum cim_status cim_fail(struct cim_result *res, enum cim_status status, const char *fmt, ...)
{
	va_list ap;

	res->status = status;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	return status;
}

enum cim_status cim_return(struct cim_call *call, struct cim_result *res, uint32_t return_value,
			   const char *fmt, ...)
{
	va_list ap;

	res->status = CIM_OK;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	call->return_value = return_value;
	return CIM_OK;
}
