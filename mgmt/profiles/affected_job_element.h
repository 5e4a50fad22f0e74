/* SPDX-License-Identifier: MIT */
/*
 * CIM_AffectedJobElement (CIM 2.41): each job (AffectingElement) and the
 * VM it works on (AffectedElement), while that VM exists.  A client that
 * holds a VM finds its jobs through this association (dmtf-profiles.md
 * section 8, point 3).
 */
#ifndef VMANHV_MGMT_PROFILES_AFFECTED_JOB_ELEMENT_H
#define VMANHV_MGMT_PROFILES_AFFECTED_JOB_ELEMENT_H

#include "mgmt/cim/cim.h"

extern const struct cim_class affected_job_element_class;
extern const struct cim_provider affected_job_element_provider;

#endif
