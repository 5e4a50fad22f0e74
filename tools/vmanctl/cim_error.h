/* SPDX-License-Identifier: MIT */
/*
 * The words of a method's refusal: a CIM_Error (DSP8026) that an OUT
 * parameter (Error, Errors) carries as an embedded instance.
 */
#ifndef VMANCTL_CIM_ERROR_H
#define VMANCTL_CIM_ERROR_H

#include <libxml/tree.h>

/*
 * cim_error_message - the Message of the CIM_Error in PARAM, an OUT
 * parameter element holding an embedded instance in either form DSP0227
 * clause 9 allows: CIM-XML INSTANCE text (DSP0201; the form the firmware
 * writes, as GetErrors does) or WS-CIM child elements (DSP0230).  Returns a
 * string to xmlFree(), or NULL when PARAM holds no CIM_Error with a Message
 * (the caller then shows the parameter's text as it is).
 */
char *cim_error_message(xmlNodePtr param);

#endif
