/* SPDX-License-Identifier: MIT */
/*
 * MOF instance text (DSP0004 7.x, "instance of" declarations), the form
 * libvirt-cim clients send embedded instances in.  No library parses MOF,
 * so this is a small hand-written, bounded recursive-descent reader of a
 * subset (docs/wsman.md "The MOF subset"):
 *
 *   instance of CIM_X [as $Alias] {
 *       Name = "a" "b";          // adjacent strings concatenate
 *       Count = 3;  Mask = 0x1F; On = true;  Gone = NULL;
 *       List = {1, 2, 3};        Ref = "root/cimv2:CIM_Y.Id=\"7\"";
 *   };
 *
 * Comments (// to the end of the line, and slash-star blocks) are skipped;
 * qualifiers, aliases as values,
 * signed and real numbers and char16 literals are refused with a message.
 */
#ifndef VMANHV_MGMT_CIM_MOF_PARSE_H
#define VMANHV_MGMT_CIM_MOF_PARSE_H

#include "mgmt/cim/instance_build.h"

/*
 * One instance of cls from text[0..len) into *out (in arena), read through
 * scratch (a builder reused between parses; NULL: one from the arena).  CIM_OK, or
 * a CIM error with res saying where and why: CIM_ERR_INVALID_PARAMETER for
 * bad syntax or another class, CIM_ERR_NO_SUCH_PROPERTY,
 * CIM_ERR_TYPE_MISMATCH.  Embedded instances inside stay text
 * (instance_build.h).
 */
enum cim_status cim_mof_parse(const char *text, size_t len, const struct cim_class *cls,
			      struct cim_arena *arena, struct cim_builder *scratch,
			      struct cim_result *res, struct cim_instance **out);

#endif
