/* SPDX-License-Identifier: MIT */
/*
 * The only door from management into the hypervisor (DESIGN.md section 1):
 * define, start, stop and destroy VMs, read their state and console.
 * Requests are plain structs copied in and validated before anything
 * happens (style rule 4); VMs are named by a stable id.  Errors are
 * negative errno values; hv_error_text() turns one into words for a
 * client.  Calls come from the management CPU only.
 */
#ifndef VMANHV_HV_API_H
#define VMANHV_HV_API_H

#include <stddef.h>
#include <stdint.h>

#define HV_VM_NAME_LEN		24U
#define HV_IMAGE_NAME_LEN	24U
#define HV_STOP_REASON_LEN	256U
#define HV_CMDLINE_LEN		512U
#define HV_VM_LINUX_RAM_DEFAULT	(128ULL << 20)	/* a Linux VM without memory_bytes */
#define HV_VM_MEMORY_MIN	(64ULL << 10)
#define HV_VM_MEMORY_MAX	(1ULL << 30)
#define HV_VM_VCPUS_MAX		4U
/* VM ids are below HV_VM_MAX: hv_vm_info() on each id lists every VM. */
#define HV_VM_MAX		8U

struct hv_vm_config {
	char name[HV_VM_NAME_LEN];	/* [A-Za-z0-9._-], unique */
	uint64_t memory_bytes;		/* 0: the image's default; else 4 KiB multiple */
	/* A built-in guest image (hv/vm_image.h), or else a guest file (a boot
	 * module or a datastore file, hv/guest_file.h) holding a 64-bit Linux
	 * bzImage, booted with `initrd` and `cmdline` (hv/loader/linux.h). */
	char image[HV_IMAGE_NAME_LEN];
	char initrd[HV_IMAGE_NAME_LEN];	/* Linux: a guest file, or "" for none */
	char cmdline[HV_CMDLINE_LEN];	/* Linux: the kernel's command line */
	uint32_t vcpus;			/* 0: 1; at most HV_VM_VCPUS_MAX */
};

enum hv_vm_state {
	HV_VM_DEFINED = 1,
	HV_VM_RUNNING,
	HV_VM_STOPPED,
	HV_VM_PAUSED,			/* started, its vCPUs held off their CPUs */
};

struct hv_vm_info {
	uint32_t id;
	char name[HV_VM_NAME_LEN];
	enum hv_vm_state state;
	uint64_t memory_bytes;
	uint32_t cpu;			/* where its vCPU 0 runs (RUNNING, STOPPED) */
	uint32_t vcpus;
	uint64_t exits;			/* VM exits so far */
	uint64_t console_bytes;		/* bytes its console has ever written */
	/* CPU time (docs/scheduler.md): what each vCPU has run since the start
	 * (slices on its CPU, exits included), their sum, and the time since
	 * the start (to the stop when STOPPED), all in the host's TSC. */
	uint64_t vcpu_time_us[HV_VM_VCPUS_MAX];
	uint64_t cpu_time_us;
	uint64_t elapsed_us;
	uint32_t vcpu_cpu[HV_VM_VCPUS_MAX];	/* where each vCPU runs (RUNNING, STOPPED) */
	uint64_t reserved_cpus;		/* bit i: CPU i held by its Reservation (RUNNING) */
	char stop_reason[HV_STOP_REASON_LEN];	/* STOPPED */
};

/*
 * How a VM shares the guest CPUs (DSP1044 Weight, Limit, Reservation;
 * DSP1041 HostResource with Hard Affinity): docs/scheduler.md.
 */
#define HV_CPU_WEIGHT_DEFAULT	100U
#define HV_CPU_WEIGHT_MAX	10000U
#define HV_CPU_PERMILLE		1000U	/* one CPU's worth of time */
struct hv_cpu_terms {
	uint32_t weight;		/* 1..HV_CPU_WEIGHT_MAX: share of a CPU among its vCPUs */
	uint32_t limit_permille;	/* CPU time across its vCPUs, 1/1000 of a CPU; 0: no cap */
	uint32_t reserved_cpus;		/* 0..vCPUs: CPUs it has to itself while it runs */
	uint64_t affinity;		/* bit i: its vCPUs may run on CPU i (not 0); 0: any */
};

/* What this host can give guests (DSP1041 primordial pool capacities). */
struct hv_host_resources {
	uint32_t guest_cpus;		/* CPUs besides the management CPU (DESIGN.md section 4) */
	/* Guest RAM the VMs hold now plus RAM still free for more: it shrinks
	 * a little as VMs take pages for their own structures (EPT, devices). */
	uint64_t guest_memory_bytes;
};

/* Fill *out.  0 (it cannot fail today; the return is for symmetry). */
int hv_host_resources(struct hv_host_resources *out);

/* The CPUID feature words hv_guest_cpu_features() reports (SDM Vol. 2A CPUID). */
enum hv_cpuid_word {
	HV_CPUID_1_ECX,		/* leaf 1 ECX */
	HV_CPUID_1_EDX,		/* leaf 1 EDX */
	HV_CPUID_7_EBX,		/* leaf 7 subleaf 0 EBX */
	HV_CPUID_E1_ECX,	/* leaf 0x80000001 ECX */
	HV_CPUID_E1_EDX,	/* leaf 0x80000001 EDX */
	HV_CPUID_WORDS
};

/* Which processor features this host has and which of them a guest's CPUID
 * shows (DSP1044 CIM_ProcessorAllocationSettingData's extensions). */
struct hv_cpu_features {
	uint32_t host[HV_CPUID_WORDS];	/* the management CPU's CPUID */
	/* What every VM's vCPUs see: the host's bits that arch/x86_64/vmx/
	 * vmx_cpuid.c passes through, plus those it emulates.  Without VMX
	 * (management-only mode) the same filter over the host's CPUID, and
	 * no RDTSCP, whose VMX control cannot be had there. */
	uint32_t guest[HV_CPUID_WORDS];
};

/* Fill *out.  0 (it cannot fail; the return is for symmetry). */
int hv_guest_cpu_features(struct hv_cpu_features *out);

/* NULL when VMs can run here, else why not (e.g. no VMX: management-only mode). */
const char *hv_vms_unavailable(void);
/*
 * Define a VM from `config` and load its image.  0 with *id set, or
 * -EINVAL (bad name, size or vCPU count), -ENOENT (no such image), -EEXIST (name
 * taken), -ENOSPC (too many VMs), -ENOMEM, -EFBIG (image larger than RAM).
 */
int hv_vm_create(const struct hv_vm_config *config, uint32_t *id);
/*
 * Start a DEFINED VM, each vCPU on the least loaded CPU that runs guests,
 * within its CPU terms (hv_vm_set_cpu_terms).  0, or -ENOENT, -EBUSY (not
 * DEFINED), -ENOTSUP (hv_vms_unavailable()), -ENODEV (no CPU besides the
 * management CPU can run guests), -EADDRINUSE (its Reservation or affinity
 * needs CPUs that other running VMs use or hold).
 */
int hv_vm_start(uint32_t id);
/*
 * Set VM `id`'s CPU terms, in any state: Weight and Limit take effect from
 * its vCPUs' next slices, Reservation and affinity at its next start.
 * Nothing changes on an error.  0, -ENOENT, or -ERANGE (a weight outside
 * 1..10000, a limit above its vCPUs' worth or a reservation above its
 * vCPUs, an affinity naming CPU 0, a CPU that does not exist, or fewer
 * CPUs than it reserves).
 */
int hv_vm_set_cpu_terms(uint32_t id, const struct hv_cpu_terms *terms);
/* Ask a RUNNING or PAUSED VM to stop; it is STOPPED shortly after.  0, -ENOENT or -EBUSY. */
int hv_vm_stop(uint32_t id);
/*
 * Pause a RUNNING VM: each vCPU leaves its CPU at its next exit (its CPU is
 * kicked) and is not scheduled again until hv_vm_resume; a paused vCPU
 * costs no CPU and keeps its state.  0, -ENOENT or -EBUSY (not RUNNING).
 */
int hv_vm_pause(uint32_t id);
/* Put a PAUSED VM's vCPUs back on their CPUs.  0, -ENOENT or -EBUSY (not PAUSED). */
int hv_vm_resume(uint32_t id);
/*
 * Reset a RUNNING or PAUSED VM: its vCPUs leave their CPUs with their VMCS
 * cleared, its RAM is zeroed, its devices re-initialised and its image
 * loaded again as hv_vm_create did; then it runs from its boot state
 * (RUNNING).  0, -ENOENT, -EBUSY (not RUNNING or PAUSED), -ETIMEDOUT (a
 * vCPU did not leave its CPU: the VM is stopped), or a load error (the VM
 * is stopped with it as the reason).
 */
int hv_vm_reset(uint32_t id);
/* Free a DEFINED or STOPPED VM.  0, -ENOENT or -EBUSY (running). */
int hv_vm_destroy(uint32_t id);
/* 0 or -ENOENT. */
int hv_vm_info(uint32_t id, struct hv_vm_info *info);
/*
 * The configuration VM `id` was created from, its defaults filled in (the
 * memory and vCPUs it has, the image, initrd and command line it loads):
 * what the configuration store keeps to recreate it.  0 or -ENOENT.
 */
int hv_vm_config_get(uint32_t id, struct hv_vm_config *config);
/*
 * Press a RUNNING VM's ACPI power button: a guest that handles it (Linux
 * does) shuts down and powers off, and the VM stops with "ACPI power off
 * (S5)".  0, -ENOENT or -EBUSY (not running).
 */
int hv_vm_power_button(uint32_t id);
/*
 * Console bytes from *offset on (offsets count every byte ever written; the
 * VM keeps the last 4 KiB).  Copies up to len bytes, advances *offset past
 * them (and past what was lost), returns how many.
 */
size_t hv_vm_console_read(uint32_t id, uint64_t *offset, char *buf, size_t len);
/* What an hv_* error means, in words. */
const char *hv_error_text(int err);

#endif
