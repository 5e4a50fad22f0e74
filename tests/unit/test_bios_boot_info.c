/* sources: */
/* SPDX-License-Identifier: MIT */
/*
 * The BIOS loader's hand-off structures are written by three parties: the
 * image builder (tools/mkimage.py, in Python), the 16-bit loader and the
 * firmware.  Their layout is the contract, so it is pinned here byte by byte
 * (docs/disk-layout.md, boot/bios_boot_info.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "boot/bios_boot_info.h"

static void boot_descriptor_fills_one_sector(void **state)
{
	assert_int_equal(sizeof(struct boot_descriptor), 512);
	assert_int_equal(offsetof(struct boot_descriptor, magic), 0);
	assert_int_equal(offsetof(struct boot_descriptor, version), 8);
	assert_int_equal(offsetof(struct boot_descriptor, fw_lba), 12);
	assert_int_equal(offsetof(struct boot_descriptor, fw_sectors), 16);
	assert_int_equal(offsetof(struct boot_descriptor, load_addr), 20);
	assert_int_equal(offsetof(struct boot_descriptor, entry32), 24);
	assert_int_equal(offsetof(struct boot_descriptor, loader_lba), 28);
	assert_int_equal(offsetof(struct boot_descriptor, loader_sectors), 32);
	assert_int_equal(offsetof(struct boot_descriptor, cmdline), 40);
}

static void boot_descriptor_magic_is_eight_bytes(void **state)
{
	struct boot_descriptor d;

	assert_int_equal(strlen(BOOT_DESC_MAGIC), sizeof(d.magic));
}

static void boot_info_layout(void **state)
{
	assert_int_equal(offsetof(struct bios_boot_info, magic), 0);
	assert_int_equal(offsetof(struct bios_boot_info, version), 4);
	assert_int_equal(offsetof(struct bios_boot_info, e820_count), 8);
	assert_int_equal(offsetof(struct bios_boot_info, boot_drive), 12);
	assert_int_equal(offsetof(struct bios_boot_info, fw_lba), 16);
	assert_int_equal(offsetof(struct bios_boot_info, fw_bytes), 20);
	assert_int_equal(offsetof(struct bios_boot_info, cmdline), 32);
	assert_int_equal(offsetof(struct bios_boot_info, e820), 32 + BIOS_CMDLINE_MAX);
	assert_int_equal(sizeof(struct bios_e820_entry), 24);
	assert_int_equal(sizeof(struct bios_boot_info),
			 32 + BIOS_CMDLINE_MAX + 24 * BIOS_E820_MAX);
}

/* The structure sits at BIOS_BOOT_INFO_ADDR and must end below the EBDA. */
static void boot_info_fits_in_low_memory(void **state)
{
	assert_true(BIOS_BOOT_INFO_ADDR + sizeof(struct bios_boot_info) <= 0x80000);
}

static void magics_spell_their_names(void **state)
{
	uint32_t m = BIOS_BOOT_MAGIC, i = BIOS_BOOT_INFO_MAGIC;

	/*
	 * The structure's magic reads "VMHB" in a memory dump (mkimage.py and
	 * the loader write it as bytes); the EAX magic reads "VMHV" as a
	 * register value, so its bytes in memory are "VHMV".
	 */
	assert_memory_equal(&m, "VHMV", 4);
	assert_memory_equal(&i, "VMHB", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boot_descriptor_fills_one_sector),
		cmocka_unit_test(boot_descriptor_magic_is_eight_bytes),
		cmocka_unit_test(boot_info_layout),
		cmocka_unit_test(boot_info_fits_in_low_memory),
		cmocka_unit_test(magics_spell_their_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
