/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hv/datastore.h"
#include "hv/guest_file.h"
#include "hv/log.h"
#include "hv/mm.h"

static struct {
	uint32_t count;
	struct {
		char name[BOOT_MODULE_NAME_MAX];
		const uint8_t *data;
		size_t size;
	} module[BOOT_MODULES_MAX];
} files;

/* "/boot/vmlinuz quiet" -> "vmlinuz" */
static void module_name(const char *string, char *name, size_t len)
{
	size_t word = strcspn(string, " \t");
	const char *base = string;

	for (size_t i = 0; i < word; i++) {
		if (string[i] == '/') {
			base = string + i + 1;
		}
	}
	snprintf(name, len, "%.*s", (int)(word - (size_t)(base - string)), base);
}

void guest_files_init(const struct boot_info *info)
{
	for (uint32_t i = 0; i < info->module_count && i < BOOT_MODULES_MAX; i++) {
		const struct boot_module *m = &info->module[i];

		if (m->end <= m->start) {
			continue;
		}
		module_name(m->name, files.module[files.count].name, BOOT_MODULE_NAME_MAX);
		files.module[files.count].data = (const uint8_t *)(uintptr_t)m->start;
		files.module[files.count].size = (size_t)(m->end - m->start);
		hv_log("guest file: module %s, %zu bytes\n", files.module[files.count].name,
		       files.module[files.count].size);
		files.count++;
	}
}

int guest_file_open(const char *name, struct guest_file *f)
{
	const struct datastore_file *df;
	int err;

	memset(f, 0, sizeof(*f));
	for (uint32_t i = 0; i < files.count; i++) {
		if (strcmp(files.module[i].name, name) == 0) {
			f->data = files.module[i].data;
			f->size = files.module[i].size;
			f->source = "module";
			return 0;
		}
	}
	df = datastore_find(name);
	if (df == NULL) {
		return -ENOENT;
	}
	err = datastore_load(df, &f->pages, &f->page_count);
	if (err != 0) {
		return err;
	}
	f->data = f->pages;
	f->size = (size_t)df->bytes;
	f->source = "datastore";
	return 0;
}

void guest_file_close(struct guest_file *f)
{
	if (f->pages != NULL) {
		page_free(f->pages, f->page_count);
	}
	memset(f, 0, sizeof(*f));
}
