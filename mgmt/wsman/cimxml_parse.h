/* SPDX-License-Identifier: MIT */
/*
 * A CIM-XML INSTANCE element (DSP0201 3.2.6.x) as text, the form WinRM and
 * libvirt send embedded instances in (a string parameter holding
 * <INSTANCE CLASSNAME="..."><PROPERTY NAME=".." TYPE=".."><VALUE>..</VALUE>
 * </PROPERTY>...</INSTANCE>), read with a second expat parser hardened as
 * the envelope's is: no DTD, no processing instructions, bounded depth,
 * size and parser memory.
 */
#ifndef VMANHV_MGMT_WSMAN_CIMXML_PARSE_H
#define VMANHV_MGMT_WSMAN_CIMXML_PARSE_H

#include "mgmt/cim/instance_build.h"

#define CIMXML_TEXT_MAX		(64U * 1024U)	/* one embedded instance's text */
#define CIMXML_DEPTH_MAX	12U
#define CIMXML_PARSER_MEMORY_MAX (128U * 1024U)

struct cimxml_config {
	unsigned long hash_salt;	/* expat's hash salt (non-zero) */
	uint32_t fail_alloc_at;		/* tests: expat's n-th allocation fails; 0: none */
	/* a builder reused between parses (one instance's slots are over
	 * once it is built); NULL: one from the arena for each parse */
	struct cim_builder *scratch;
};

/*
 * The instance of cls in text[0..len) into *out (in arena).  CIM_OK, or a
 * CIM error with res naming the property and the reason: bad XML or
 * another class → CIM_ERR_INVALID_PARAMETER, an unknown property →
 * CIM_ERR_NO_SUCH_PROPERTY, a TYPE or value that does not fit →
 * CIM_ERR_TYPE_MISMATCH.  Embedded instances inside stay text.
 * Must not be called while another expat parse runs (xml_mem.h).
 */
enum cim_status cimxml_parse_instance(const char *text, size_t len, const struct cim_class *cls,
				      const struct cimxml_config *cfg, struct cim_arena *arena,
				      struct cim_result *res, struct cim_instance **out);

#endif
