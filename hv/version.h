/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_HV_VERSION_H
#define VMANHV_HV_VERSION_H

#define VMANHV_VERSION	"0.1.0"

#endif
