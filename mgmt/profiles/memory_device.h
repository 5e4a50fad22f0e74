/* SPDX-License-Identifier: MIT */
/*
 * DSP1045 / DSP1057: each VM's memory as one CIM_Memory (keys in
 * mgmt/profiles/virtual_device.h): NumberOfBlocks blocks of BlockSize
 * bytes, the VM's whole RAM, in 4 KiB blocks, the hypervisor's granule
 * (hv/api.h: memory is a multiple of 4 KiB).
 */
#ifndef VMANHV_MGMT_PROFILES_MEMORY_DEVICE_H
#define VMANHV_MGMT_PROFILES_MEMORY_DEVICE_H

#include "mgmt/cim/cim.h"

#define MEMORY_DEVICE_BLOCK_SIZE	4096U

extern const struct cim_class memory_device_class;
extern const struct cim_provider memory_device_provider;

#endif
