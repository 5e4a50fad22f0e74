/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "hv/guest_file.h"
#include "hv/loader/linux.h"
#include "hv/log.h"
#include "hv/vm.h"
#include "hv/vm_linux.h"

static int write_guest(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	return vm_gpa_write(ctx, gpa, src, len);
}

static void fill_boot(const struct linux_boot_state *st, struct vcpu_boot *boot)
{
	memset(boot, 0, sizeof(*boot));
	boot->mode = VCPU_MODE_LONG;
	boot->rip = st->entry;
	boot->rsi = st->zero_page;	/* boot.rst: RSI holds the boot_params */
	boot->cr3 = st->cr3;
	boot->gdt_base = st->gdt_base;
	boot->cs_selector = LINUX_BOOT_CS;	/* boot.rst: __BOOT_CS, __BOOT_DS */
	boot->ds_selector = LINUX_BOOT_DS;
	boot->gdt_limit = st->gdt_limit;
}

int vm_linux_load(struct vm *vm, const struct guest_file *k, const char *kernel,
		  const char *initrd, const char *cmdline, uint64_t acpi_rsdp_gpa,
		  struct vcpu_boot *boot)
{
	struct guest_file rd = { 0 };
	struct linux_boot_state st;
	int err = 0;

	if (initrd != NULL && initrd[0] != '\0') {
		err = guest_file_open(initrd, &rd);
	}
	if (err == 0) {
		struct linux_boot_config cfg = {
			.kernel = k->data, .kernel_size = k->size,
			.initrd = rd.data, .initrd_size = rd.size,
			.cmdline = cmdline, .ram_bytes = vm->ram_size,
			.acpi_rsdp_gpa = acpi_rsdp_gpa,
		};

		err = linux_load(&cfg, write_guest, vm, &st);
		/* hv/api.h's -ENOTSUP means "no VMs here": an old kernel is -ENOEXEC */
		err = err == -ENOTSUP ? -ENOEXEC : err;
	}
	if (err == 0) {
		fill_boot(&st, boot);
		hv_log("vm %s: linux %s (%s, %zu bytes)%s%s, entry %#llx\n", vm->name, kernel,
		       k->source, k->size, rd.data != NULL ? " with initrd " : "",
		       rd.data != NULL ? initrd : "", (unsigned long long)st.entry);
	}
	guest_file_close(&rd);
	return err;
}
