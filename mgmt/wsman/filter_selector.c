/* SPDX-License-Identifier: MIT */
/*
 * The selector filter dialect (DSP0226 8.3,
 * http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter): an
 * enumeration returns the instances whose properties equal every selector
 * of the filter's wsman:SelectorSet, compared as the text a Get's selectors
 * are compared as (names case-insensitive, DSP0004; values exactly).
 */
#include <errno.h>
#include <string.h>

#include "mgmt/wsman/enum_request.h"

int wsman_filter_selector_check(const struct wsman_enum_filter *f, const struct cim_class *cls,
				const char **bad)
{
	for (uint32_t i = 0; i < f->selector_count; i++) {
		int idx = cim_class_property(cls, f->selector[i].name);

		/* arrays and references have no one-line text to compare */
		if (idx < 0 || cls->props[idx].array || cls->props[idx].type == CIM_TYPE_REF ||
		    cls->props[idx].type == CIM_TYPE_INSTANCE) {
			*bad = f->selector[i].name;
			return -EINVAL;
		}
	}
	return 0;
}

bool wsman_filter_selector_match(const struct wsman_enum_filter *f,
				 const struct cim_instance *inst)
{
	char text[CIM_KEY_TEXT_MAX];

	for (uint32_t i = 0; i < f->selector_count; i++) {
		int idx = cim_class_property(inst->cls, f->selector[i].name);

		/* NULL never equals a value (DSP0004: NULL is no value) */
		if (idx < 0 || cim_value_text(&inst->cls->props[idx], &inst->values[idx], text,
					      sizeof(text)) != 0) {
			return false;
		}
		if (strcmp(text, f->selector[i].value) != 0) {
			return false;
		}
	}
	return true;
}
