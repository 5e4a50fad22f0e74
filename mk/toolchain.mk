# Compiler and flags for the freestanding firmware (DESIGN.md section 3).
CC := gcc
LD := ld
OBJCOPY := objcopy

# Flags every freestanding object shares, third-party libraries included:
# no red zone (interrupts arrive on the current stack), no PIC, addresses in
# the low 2 GiB (the firmware is linked at 1 MiB, identity mapped).
FW_BASE_CFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -mno-red-zone \
	-mcmodel=small -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -O2 -g

# Project code: warnings are errors, and no SSE/x87 so interrupt and exit
# paths never have to save vector state on the host's behalf.
FW_CFLAGS := $(FW_BASE_CFLAGS) -mgeneral-regs-only -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	-Wpointer-arith -Wundef -Wvla --param=min-pagesize=0 -I.

FW_ASFLAGS := -D__ASSEMBLY__ -I. -g -Wa,--noexecstack

FW_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-Wl,--build-id=none -Wl,-T,linker.ld -Wl,-Map,$(BUILD)/vmanhv.map
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

# Host builds of the portable cores (unit tests, fuzzers, benchmarks).
HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all -I.
