/* SPDX-License-Identifier: MIT */
/*
 * Associations with two references as keys (DSP0004 7.8: an association's
 * keys are its references), such as CIM_Dependency's Antecedent and
 * Dependent: the class description and the instance, written once.
 */
#ifndef VMANHV_MGMT_PROFILES_ASSOCIATION_H
#define VMANHV_MGMT_PROFILES_ASSOCIATION_H

#include "mgmt/cim/cim.h"

/* Two key REF properties, in DSP0230 (alphabetical) order. */
#define ASSOCIATION_PROPS(first, first_class, second, second_class)                    \
	{                                                                              \
		{ .name = first, .type = CIM_TYPE_REF, .key = true, .ref_class = first_class }, \
		{ .name = second, .type = CIM_TYPE_REF, .key = true,                      \
		  .ref_class = second_class },                                            \
	}

/* The instance of cls (two REF properties) joining a and b, passed to fn. */
int association_emit(const struct cim_class *cls, const struct cim_ref *a,
		     const struct cim_ref *b, cim_instance_fn fn, void *ctx);

#endif
