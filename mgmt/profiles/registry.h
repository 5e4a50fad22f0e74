/* SPDX-License-Identifier: MIT */
/*
 * Every CIM provider the firmware serves, in one list: a profile adds its
 * providers here (mgmt/profiles/registry.c) and nowhere else.
 */
#ifndef VMANHV_MGMT_PROFILES_REGISTRY_H
#define VMANHV_MGMT_PROFILES_REGISTRY_H

#include "mgmt/cim/cim.h"

extern const struct cim_registry profiles_registry;

#endif
