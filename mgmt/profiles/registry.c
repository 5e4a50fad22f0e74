/* SPDX-License-Identifier: MIT */
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/account_on_system.h"
#include "mgmt/profiles/affected_job_element.h"
#include "mgmt/profiles/allocation_capabilities.h"
#include "mgmt/profiles/allocation_links.h"
#include "mgmt/profiles/concrete_job.h"
#include "mgmt/profiles/console_output.h"
#include "mgmt/profiles/element_capabilities.h"
#include "mgmt/profiles/element_setting_data.h"
#include "mgmt/profiles/enabled_logical_element_capabilities.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/hosted_dependency.h"
#include "mgmt/profiles/hosted_resource_pool.h"
#include "mgmt/profiles/hosted_service.h"
#include "mgmt/profiles/memory_device.h"
#include "mgmt/profiles/processor_device.h"
#include "mgmt/profiles/profile_registration.h"
#include "mgmt/profiles/rasd_instance.h"
#include "mgmt/profiles/cim_error.h"
#include "mgmt/profiles/registry.h"
#include "mgmt/profiles/resource_pool.h"
#include "mgmt/profiles/resource_pool_configuration_service.h"
#include "mgmt/profiles/settings_define_state.h"
#include "mgmt/profiles/settings_define_state_device.h"
#include "mgmt/profiles/system_device.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/profiles/virtual_system_management.h"
#include "mgmt/profiles/virtual_system_management_capabilities.h"
#include "mgmt/profiles/virtual_system_settings.h"

static const struct cim_provider *const providers[] = {
	&host_system_provider,
	&virtual_system_provider,
	&vsms_provider,
	&vsmc_provider,
	&vssd_provider,
	&hosted_service_provider,
	&hosted_dependency_provider,
	&settings_define_state_provider,
	&processor_device_provider,
	&host_processor_provider,
	&memory_device_provider,
	&system_device_provider,
	&host_system_device_provider,
	&device_settings_define_state_provider,
	&element_setting_data_provider,
	&element_capabilities_provider,
	&account_provider,
	&account_on_system_provider,
	&registered_profile_provider,
	&conforms_interop_provider,
	&conforms_cimv2_provider,
	&referenced_profile_provider,
	&console_output_provider,
	&concrete_job_provider,
	&affected_job_element_provider,
	&elec_provider,
	&resource_pool_provider,
	&hosted_resource_pool_provider,
	&allocation_capabilities_provider,
	&pool_capabilities_provider,
	&pasd_provider,
	&rasd_provider,
	&processor_template_provider,
	&allocation_template_provider,
	&settings_define_capabilities_provider,
	&vssd_component_provider,
	&resource_allocation_from_pool_provider,
	&element_allocated_from_pool_provider,
	&rpcs_provider,
	&rpcs_hosted_service_provider,
};

const struct cim_registry profiles_registry = {
	.providers = providers,
	.count = sizeof(providers) / sizeof(providers[0]),
	.method_error = cim_error_of_method,
};
