/* SPDX-License-Identifier: MIT */
/*
 * CIM_ConcreteJob (CIM 2.38; dmtf-profiles.md section 3.5): the jobs of
 * mgmt/profiles/job.h as instances, InstanceID "vmanhv:job:<n>", with their
 * methods: GetErrors (the job's CIM_Error, embedded), KillJob and
 * RequestStateChange (Terminate 4, Kill 5).
 */
#ifndef VMANHV_MGMT_PROFILES_CONCRETE_JOB_H
#define VMANHV_MGMT_PROFILES_CONCRETE_JOB_H

#include "mgmt/cim/cim.h"
#include "mgmt/profiles/job.h"

#define CONCRETE_JOB_CLASS	"CIM_ConcreteJob"

/* CIM_ConcreteJob.RequestStateChange / KillJob / GetErrors ReturnValues. */
enum concrete_job_rv {
	JOB_RV_COMPLETED = 0,
	JOB_RV_NOT_SUPPORTED = 1,
	JOB_RV_FAILED = 4,
	JOB_RV_INVALID_PARAMETER = 5,
	JOB_RV_INVALID_TRANSITION = 4097,
};

/* The reference to job; id (JOB_ID_MAX bytes) holds its key's text. */
void concrete_job_ref(const struct job *job, struct cim_ref *ref, char id[JOB_ID_MAX]);

extern const struct cim_class concrete_job_class;
extern const struct cim_provider concrete_job_provider;

#endif
