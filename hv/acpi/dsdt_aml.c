/* SPDX-License-Identifier: MIT */
/*
 * The DSDT's AML: iasl -tc turns hv/acpi/dsdt.asl into a C array, which
 * mk/firmware.mk makes `static const` as dsdt_aml.inc in the build
 * directory; included here so that the firmware and the hosted unit tests
 * embed the same bytes.
 */
#include "hv/acpi/acpi_tables.h"

#include "dsdt_aml.inc"

const uint8_t *const acpi_dsdt_aml = dsdt_aml_code;
const size_t acpi_dsdt_aml_len = sizeof(dsdt_aml_code);
