/* sources: hv/devices/uart8250.c hv/devices/rtc.c hv/devices/i8042.c hv/devices/legacy_pc.c hv/devices/pci_host.c hv/devices/ioapic.c hv/vm.c hv/sched_share.c hv/vm_io.c arch/x86_64/vmx/ept.c */
/* SPDX-License-Identifier: MIT */
/*
 * hv/devices/uart8250.c, the guest's COM1 (PC16550D data sheet register
 * map), alone with a sink that records transmitted bytes; then wired into
 * a VM by vm_create(), through the VM's port bus into its console ring
 * and the line-by-line echo to the firmware console (hv/vm.c).  Firmware
 * services hv/vm.c calls are doubles below: the page allocator, hv_log
 * (captures lines), and the vCPU/VT-x calls (succeed, do nothing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv/devices/uart8250.h"
#include "hv/log.h"
#include "hv/mm.h"
#include "hv/vcpu.h"
#include "hv/vm.h"

/* Registers (offsets from 0x3F8). */
#define THR	0U
#define DLL	0U
#define IER	1U
#define DLM	1U
#define IIR	2U
#define FCR	2U
#define LCR	3U
#define MCR	4U
#define LSR	5U
#define MSR	6U
#define SCR	7U

/* --- doubles for hv/vm.c ---------------------------------------------------------- */

void *page_alloc(uint64_t count, uint64_t align)
{
	uint64_t a = align * PAGE_SIZE;
	/* C11 wants the size a multiple of the alignment (ASan checks it). */
	void *p = aligned_alloc(a, (count * PAGE_SIZE + a - 1U) / a * a);

	if (p != NULL) {
		memset(p, 0, count * PAGE_SIZE);
	}
	return p;
}

void page_free(void *pages, uint64_t count)
{
	free(pages);
}

#define LOG_LINES	64U
#define LOG_LEN		512U

static char logged[LOG_LINES][LOG_LEN];
static unsigned int log_count;

void hv_log(const char *fmt, ...)
{
	va_list ap;

	assert_true(log_count < LOG_LINES);
	va_start(ap, fmt);
	vsnprintf(logged[log_count++], LOG_LEN, fmt, ap);
	va_end(ap);
}

int vcpu_start(struct vcpu *vcpu, uint32_t cpu)
{
	return 0;
}

void vcpu_kick(const struct vcpu *vcpu)
{
}

int vmx_vcpu_create(struct vmx_vcpu *v, uint16_t vpid)
{
	return 0;
}

void vmx_vcpu_destroy(struct vmx_vcpu *v)
{
}

void vcpu_deliver(struct vm *vm, const struct vlapic_ipi *message)
{
}

void vcpu_xapic_window(void *device, uint64_t offset, uint8_t size, bool is_read,
		       uint64_t *value)
{
}

/* hv/vm.c's reset path (never taken here) needs these three. */
void vcpu_power_on(struct vcpu *vcpu)
{
	(void)vcpu;
}

uint64_t clock_now_us(void)
{
	return 0;
}

void clock_delay_us(uint64_t us)
{
	(void)us;
}

uint64_t clock_wall_us(void)
{
	return 0;
}

void vmx_exit_summary(const uint64_t counts[VMX_EXIT_REASON_COUNT], char *buf, size_t len)
{
	snprintf(buf, len, "0");
}

/* --- the UART alone --------------------------------------------------------------- */

static struct uart8250 uart;
static uint8_t sent[64];
static unsigned int sent_count;

static void sink(void *ctx, uint8_t byte)
{
	assert_ptr_equal(ctx, &sent);
	assert_true(sent_count < sizeof(sent));
	sent[sent_count++] = byte;
}

static int uart_setup(void **state)
{
	sent_count = 0;
	uart8250_init(&uart, sink, &sent);
	return 0;
}

static uint8_t rd(uint16_t reg)
{
	uint32_t v = 0xDEADBEEFU;

	uart8250_io(&uart, reg, 1, true, &v);
	assert_true(v <= 0xFFU);	/* a byte read fills the whole value */
	return (uint8_t)v;
}

static void wr(uint16_t reg, uint8_t byte)
{
	uint32_t v = byte;

	uart8250_io(&uart, reg, 1, false, &v);
}

static void reset_state_is_idle_9600_baud(void **state)
{
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR), 0x01);	/* no interrupt pending, no FIFOs */
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), 0x60);	/* THRE | TEMT, no data */
	assert_int_equal(rd(MSR), 0xB0);	/* DCD, DSR, CTS */
	assert_int_equal(rd(SCR), 0);
	wr(LCR, 0x80);
	assert_int_equal(rd(DLL), 12);		/* 115200 / 12 = 9600 baud */
	assert_int_equal(rd(DLM), 0);
	assert_int_equal(sent_count, 0);
}

static void thr_write_transmits_the_byte(void **state)
{
	wr(THR, 'A');
	wr(THR, 0x00);
	wr(THR, 0xFF);
	assert_int_equal(sent_count, 3);
	assert_memory_equal(sent, "A\0\xff", 3);
	assert_int_equal(uart.tx_bytes, 3);
}

static void lsr_transmitter_always_empty(void **state)
{
	for (unsigned int i = 0; i < 20U; i++) {
		wr(THR, (uint8_t)('a' + i));
		assert_int_equal(rd(LSR), 0x60);
	}
	assert_int_equal(sent_count, 20);
}

static void rbr_reads_zero_without_data(void **state)
{
	wr(THR, 'x');
	assert_int_equal(rd(THR), 0);
	assert_int_equal(rd(LSR) & 0x01U, 0);	/* LSR.DR clear */
}

static void dlab_redirects_data_and_ier_to_divisor(void **state)
{
	wr(IER, 0x05);
	wr(LCR, 0x83);			/* DLAB, 8N1 */
	wr(DLL, 0x01);			/* 115200 baud */
	wr(DLM, 0x02);
	assert_int_equal(sent_count, 0);	/* DLL writes are not data */
	assert_int_equal(rd(DLL), 0x01);
	assert_int_equal(rd(DLM), 0x02);
	assert_int_equal(rd(LCR), 0x83);
	wr(LCR, 0x03);
	assert_int_equal(rd(IER), 0x05);	/* untouched by the DLM write */
	assert_int_equal(rd(THR), 0);
	wr(THR, 'z');
	assert_int_equal(sent_count, 1);
	wr(LCR, 0x83);
	assert_int_equal(rd(DLL), 0x01);	/* the THR write left DLL alone */
	assert_int_equal(rd(DLM), 0x02);
}

static void ier_keeps_low_four_bits(void **state)
{
	wr(IER, 0xFF);
	assert_int_equal(rd(IER), 0x0F);
	wr(IER, 0xA5);
	assert_int_equal(rd(IER), 0x05);
}

static void iir_shows_fifos_after_fcr_enable(void **state)
{
	wr(FCR, 0xC7);			/* enable, clear both, trigger 14 */
	assert_int_equal(rd(IIR), 0xC1);
	wr(LCR, 0x80);
	assert_int_equal(rd(IIR), 0xC1);	/* not behind DLAB */
	wr(LCR, 0x00);
	wr(FCR, 0x00);
	assert_int_equal(rd(IIR), 0x01);
}

/* As documented (uart8250.h): transmit-only model, no interrupt ever pending. */
static bool irq_line;
static int irq_edges;

static void irq_sink(void *ctx, bool asserted)
{
	(void)ctx;
	irq_edges += asserted && !irq_line ? 1 : 0;
	irq_line = asserted;
}

/* PC16550D IIR: THR empty is an interrupt source once ETBEI is on; reading
 * IIR acknowledges it, the next THR write (sent at once) raises it again;
 * the line reaches the interrupt controller only through MCR OUT2. */
static void thre_interrupt_raised_acknowledged_and_gated(void **state)
{
	(void)state;
	irq_line = false;
	irq_edges = 0;
	uart8250_set_irq(&uart, irq_sink, NULL);
	assert_int_equal(rd(IIR) & 0x0FU, 0x01);	/* nothing enabled */
	wr(MCR, 0x08);					/* OUT2 */
	wr(IER, 0x02);					/* ETBEI, with THR empty */
	assert_true(irq_line);
	assert_int_equal(irq_edges, 1);
	assert_int_equal(rd(IIR) & 0x0FU, 0x02);	/* THR empty, acknowledged */
	assert_false(irq_line);
	assert_int_equal(rd(IIR) & 0x0FU, 0x01);
	wr(THR, 'q');
	assert_true(irq_line);
	assert_int_equal(irq_edges, 2);
	wr(IER, 0x00);					/* disabled: line drops */
	assert_false(irq_line);
	wr(IER, 0x02);
	assert_true(irq_line);
	wr(MCR, 0x00);					/* OUT2 off: gated */
	assert_false(irq_line);
	assert_int_equal(rd(IIR) & 0x0FU, 0x02);	/* still identified */
	wr(MCR, 0x18);					/* OUT2 in loopback: silent */
	wr(THR, 'x');
	assert_false(irq_line);
	assert_int_equal(sent_count, 1);		/* 'q' only: loopback drops */
}

static void scratch_register_holds_every_value(void **state)
{
	for (unsigned int v = 0; v < 256U; v++) {
		wr(SCR, (uint8_t)v);
		assert_int_equal(rd(SCR), v);
	}
	assert_int_equal(sent_count, 0);
}

static void lcr_reads_back(void **state)
{
	wr(LCR, 0x1B);
	assert_int_equal(rd(LCR), 0x1B);
	wr(LCR, 0x7F);
	assert_int_equal(rd(LCR), 0x7F);
}

static void mcr_keeps_low_five_bits(void **state)
{
	wr(MCR, 0xFF);
	assert_int_equal(rd(MCR), 0x1F);
	wr(MCR, 0x0B);
	assert_int_equal(rd(MCR), 0x0B);
}

/* Loopback: DTR->DSR (5), RTS->CTS (4), OUT1->RI (6), OUT2->DCD (7). */
static void loopback_msr_mirrors_mcr(void **state)
{
	wr(MCR, 0x10);
	assert_int_equal(rd(MSR), 0x00);
	wr(MCR, 0x11);
	assert_int_equal(rd(MSR), 0x20);
	wr(MCR, 0x12);
	assert_int_equal(rd(MSR), 0x10);
	wr(MCR, 0x14);
	assert_int_equal(rd(MSR), 0x40);
	wr(MCR, 0x18);
	assert_int_equal(rd(MSR), 0x80);
	wr(MCR, 0x1F);
	assert_int_equal(rd(MSR), 0xF0);
	wr(MCR, 0x0F);
	assert_int_equal(rd(MSR), 0xB0);	/* out of loopback: a terminal again */
}

static void loopback_drops_transmitted_bytes(void **state)
{
	wr(MCR, 0x10);
	wr(THR, 'L');
	assert_int_equal(sent_count, 0);
	assert_int_equal(uart.tx_bytes, 0);
	wr(MCR, 0x00);
	wr(THR, 'M');
	assert_int_equal(sent_count, 1);
	assert_int_equal(sent[0], 'M');
}

static void lsr_and_msr_writes_ignored(void **state)
{
	wr(LSR, 0x00);
	wr(MSR, 0x00);
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(MSR), 0xB0);
	assert_int_equal(rd(SCR), 0);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(sent_count, 0);
}

/* A 16- or 32-bit access touches consecutive registers, low byte first. */
static void wide_access_spans_consecutive_registers(void **state)
{
	uint32_t v;

	wr(LCR, 0x80);
	v = 0x0201U;
	uart8250_io(&uart, DLL, 2, false, &v);
	assert_int_equal(rd(DLL), 0x01);
	assert_int_equal(rd(DLM), 0x02);
	wr(LCR, 0x00);

	v = 0x0741U;			/* 'A' to THR, 0x07 to IER */
	uart8250_io(&uart, THR, 2, false, &v);
	assert_int_equal(sent_count, 1);
	assert_int_equal(sent[0], 'A');
	assert_int_equal(rd(IER), 0x07);

	wr(SCR, 0x5A);
	v = 0;
	uart8250_io(&uart, LSR, 2, true, &v);
	assert_int_equal(v, 0xB060U);	/* MSR:LSR */
	uart8250_io(&uart, MCR, 4, true, &v);
	assert_int_equal(v, 0x5AB06000U);	/* SCR:MSR:LSR:MCR */
}

/* --- COM1 of a VM: the console ring and the firmware console ---------------------- */

static struct vm *vm;

static int vm_setup(void **state)
{
	int err = 1;

	log_count = 0;
	memset(logged, 0, sizeof(logged));
	vm = vm_create("t", 64U * 1024U, 1, &err);
	assert_non_null(vm);
	assert_int_equal(err, 0);
	return 0;
}

static int vm_teardown(void **state)
{
	assert_int_equal(vm_destroy(vm), 0);
	return 0;
}

/* Through the VM's port bus, as the I/O exit handler does. */
static void out_com1(uint16_t offset, uint8_t byte)
{
	uint32_t v = byte;

	assert_true(vm_io_access(&vm->io, (uint16_t)(UART8250_COM1_BASE + offset), 1, false, &v));
}

static uint8_t in_com1(uint16_t offset)
{
	uint32_t v = 0;

	assert_true(vm_io_access(&vm->io, (uint16_t)(UART8250_COM1_BASE + offset), 1, true, &v));
	return (uint8_t)v;
}

static void put_bytes(const void *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out_com1(THR, ((const uint8_t *)bytes)[i]);
	}
}

static void put_str(const char *s)
{
	put_bytes(s, strlen(s));
}

/* The lines echoed as `[vm t] ...`, in order; everything else logged is skipped. */
static unsigned int echoed(const char *lines[], unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < log_count && n < max; i++) {
		if (strncmp(logged[i], "[vm t] ", 7) == 0) {
			lines[n++] = logged[i] + 7;
		}
	}
	return n;
}

static void com1_claims_eight_ports(void **state)
{
	uint32_t v = 0;

	assert_int_equal(in_com1(LSR), 0x60);
	assert_int_equal(in_com1(MSR), 0xB0);
	assert_false(vm_io_access(&vm->io, 0x3F7, 1, true, &v));
	assert_false(vm_io_access(&vm->io, 0x400, 1, true, &v));
	assert_false(vm_io_access(&vm->io, 0x3FF, 2, true, &v));	/* runs off the end */
}

/* hv/devices/legacy_pc.h: the PIC, PIT, port B, 0x80 and ELCR ports are
 * claimed, writes dropped and reads 0 (Linux's PIC probe sees none); the
 * ports around them stay unclaimed and would stop the VM. */
static void legacy_ports_claimed_and_absent(void **state)
{
	static const uint16_t claimed[] = { 0x20, 0x21, 0x2E, 0x2F, 0x40, 0x43, 0x4E, 0x4F,
					    0x61, 0x80, 0x87, 0x8F, 0xA0, 0xA1, 0x4D0, 0x4D1 };
	static const uint16_t unclaimed[] = { 0x22, 0x30, 0x3F, 0x44, 0x50, 0x160, 0x90, 0xA2,
					      0x4D2, 0xCF7, 0xD00, 0x2F8 };
	uint64_t before = vm->legacy_accesses;
	uint32_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(claimed) / sizeof(claimed[0]); i++) {
		v = 0xFF;
		assert_true(vm_io_access(&vm->io, claimed[i], 1, false, &v));
		v = 0xAB;
		assert_true(vm_io_access(&vm->io, claimed[i], 1, true, &v));
		assert_int_equal(v, 0);
	}
	assert_int_equal(vm->legacy_accesses - before, 2 * sizeof(claimed) / sizeof(claimed[0]));
	for (size_t i = 0; i < sizeof(unclaimed) / sizeof(unclaimed[0]); i++) {
		assert_false(vm_io_access(&vm->io, unclaimed[i], 1, true, &v));
	}
}

/* hv/devices/pci_host.h: the VM's own, empty PCI bus. */
static void pci_bus_is_empty(void **state)
{
	uint32_t v = 0x80001000;	/* bus 0, device 2, function 0, register 0 */

	(void)state;
	assert_true(vm_io_access(&vm->io, 0xCF8, 4, false, &v));
	v = 0;
	assert_true(vm_io_access(&vm->io, 0xCF8, 4, true, &v));
	assert_int_equal(v, 0x80001000);
	assert_true(vm_io_access(&vm->io, 0xCFC, 4, true, &v));
	assert_int_equal(v, 0xFFFFFFFF);
	assert_true(vm_io_access(&vm->io, 0xCFE, 2, true, &v));
	assert_int_equal(v, 0xFFFF);
	assert_true(vm_io_access(&vm->io, 0xCFF, 1, true, &v));
	assert_int_equal(v, 0xFF);
	v = 0x1234;
	assert_true(vm_io_access(&vm->io, 0xCFC, 4, false, &v));	/* dropped */
	assert_int_equal(vm->pci.writes, 1);
	v = 0x06;				/* PCH reset control: not there */
	assert_true(vm_io_access(&vm->io, 0xCF9, 1, false, &v));
	v = 0x55;
	assert_true(vm_io_access(&vm->io, 0xCF9, 1, true, &v));
	assert_int_equal(v, 0);
	assert_true(vm_io_access(&vm->io, 0xCF8, 4, true, &v));
	assert_int_equal(v, 0x80001000);	/* the byte write left the address alone */
}

static void console_ring_records_bytes(void **state)
{
	put_str("ok");
	assert_int_equal(vm->console.written, 2);
	assert_memory_equal(vm->console.ring, "ok", 2);
	assert_int_equal(vm->com1.tx_bytes, 2);
}

static void console_line_echoed_on_newline(void **state)
{
	const char *lines[4];

	put_str("hello from guest");
	assert_int_equal(echoed(lines, 4), 0);	/* nothing before the newline */
	put_str("\n");
	assert_int_equal(echoed(lines, 4), 1);
	assert_string_equal(lines[0], "hello from guest\n");
	put_str("two\n");
	assert_int_equal(echoed(lines, 4), 2);
	assert_string_equal(lines[1], "two\n");
	assert_int_equal(vm->console.written, 21);
}

static void console_empty_line_echoed(void **state)
{
	const char *lines[4];

	put_str("\n");
	assert_int_equal(echoed(lines, 4), 1);
	assert_string_equal(lines[0], "\n");
}

static void console_carriage_return_in_ring_not_in_line(void **state)
{
	const char *lines[4];

	put_str("a\r\nb\rc\n");
	assert_int_equal(echoed(lines, 4), 2);
	assert_string_equal(lines[0], "a\n");
	assert_string_equal(lines[1], "bc\n");
	assert_int_equal(vm->console.written, 7);
	assert_memory_equal(vm->console.ring, "a\r\nb\rc\n", 7);
}

/* NUL and control bytes reach the ring as they are, the echo as '.'. */
static void console_nul_and_control_bytes_echoed_as_dots(void **state)
{
	static const uint8_t bytes[] = { 'x', 0x00, 0x1B, '[', '2', 'J', 0x07, 0x7F, 0x80, 0xFF,
					 '\t', 'y', '\n' };
	const char *lines[4];

	put_bytes(bytes, sizeof(bytes));
	assert_int_equal(echoed(lines, 4), 1);
	assert_string_equal(lines[0], "x..[2J.....y\n");
	assert_int_equal(vm->console.written, sizeof(bytes));
	assert_memory_equal(vm->console.ring, bytes, sizeof(bytes));
}

/* A line longer than VM_CONSOLE_LINE is echoed in pieces of that length. */
static void console_long_line_split(void **state)
{
	char text[VM_CONSOLE_LINE + 41];
	const char *lines[4];

	for (unsigned int i = 0; i < sizeof(text) - 1U; i++) {
		text[i] = (char)('a' + i % 26U);
	}
	text[sizeof(text) - 1U] = '\0';
	put_str(text);
	assert_int_equal(echoed(lines, 4), 1);
	assert_int_equal(strlen(lines[0]), VM_CONSOLE_LINE + 1U);
	assert_memory_equal(lines[0], text, VM_CONSOLE_LINE);
	put_str("\n");
	assert_int_equal(echoed(lines, 4), 2);
	assert_int_equal(strlen(lines[1]), 41);	/* 40 and the newline */
	assert_memory_equal(lines[1], text + VM_CONSOLE_LINE, 40);
	assert_int_equal(vm->console.written, sizeof(text));
}

/*
 * A line exactly VM_CONSOLE_LINE long, then its newline: one echoed line,
 * not that line and an empty one.
 */
static void console_line_of_exactly_line_length_echoed_once(void **state)
{
	char text[VM_CONSOLE_LINE + 1];
	const char *lines[4];

	memset(text, '=', VM_CONSOLE_LINE);
	text[VM_CONSOLE_LINE] = '\0';
	put_str(text);
	put_str("\n");
	put_str("next\n");
	unsigned int n = echoed(lines, 4);

	assert_true(n >= 2U);
	assert_int_equal(strlen(lines[0]), VM_CONSOLE_LINE + 1U);
	assert_string_equal(lines[1], "next\n");
	assert_int_equal(n, 2);
}

/* Byte i of a long console stream: digits, a newline every 100. */
static uint8_t stream_byte(uint64_t i)
{
	return (i % 100U) == 99U ? '\n' : (uint8_t)('0' + i % 10U);
}

/* Past 4 KiB the ring keeps the newest VM_CONSOLE_RING bytes; `written` counts all. */
static void console_ring_wraps_keeping_newest(void **state)
{
	const uint64_t total = VM_CONSOLE_RING + 1000U;

	for (uint64_t i = 0; i < total; i++) {
		vm_console_put(vm, stream_byte(i));
	}
	assert_int_equal(vm->console.written, total);
	for (uint64_t i = total - VM_CONSOLE_RING; i < total; i++) {
		assert_int_equal((uint8_t)vm->console.ring[i % VM_CONSOLE_RING], stream_byte(i));
	}
	/* One more byte overwrites the oldest only, at written % size. */
	vm_console_put(vm, '#');
	assert_int_equal(vm->console.written, total + 1U);
	assert_int_equal(vm->console.ring[total % VM_CONSOLE_RING], '#');
	assert_int_equal((uint8_t)vm->console.ring[(total + 1U) % VM_CONSOLE_RING],
			 stream_byte(total + 1U - VM_CONSOLE_RING));
}

static void console_loopback_bytes_not_recorded(void **state)
{
	const char *lines[4];

	out_com1(MCR, 0x10);
	put_str("lost\n");
	out_com1(MCR, 0x03);
	assert_int_equal(vm->console.written, 0);
	assert_int_equal(echoed(lines, 4), 0);
}

static void console_divisor_writes_not_recorded(void **state)
{
	out_com1(LCR, 0x83);
	out_com1(DLL, 0x01);
	out_com1(DLM, 0x00);
	out_com1(LCR, 0x03);
	assert_int_equal(vm->console.written, 0);
	put_str("k");
	assert_int_equal(vm->console.written, 1);
}

/* When the vCPU is done, a line without its newline is still echoed. */
static void console_partial_line_flushed_at_stop(void **state)
{
	const char *lines[4];

	put_str("bye");
	assert_int_equal(echoed(lines, 4), 0);
	vm_vcpu_done(&vm->vcpu[0]);
	assert_int_equal(echoed(lines, 4), 1);
	assert_string_equal(lines[0], "bye\n");
	assert_int_equal(vm->state, VM_STATE_STOPPED);
}

#define U(f) cmocka_unit_test_setup(f, uart_setup)
#define V(f) cmocka_unit_test_setup_teardown(f, vm_setup, vm_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		U(reset_state_is_idle_9600_baud),
		U(thr_write_transmits_the_byte),
		U(lsr_transmitter_always_empty),
		U(rbr_reads_zero_without_data),
		U(dlab_redirects_data_and_ier_to_divisor),
		U(ier_keeps_low_four_bits),
		U(iir_shows_fifos_after_fcr_enable),
		U(thre_interrupt_raised_acknowledged_and_gated),
		U(scratch_register_holds_every_value),
		U(lcr_reads_back),
		U(mcr_keeps_low_five_bits),
		U(loopback_msr_mirrors_mcr),
		U(loopback_drops_transmitted_bytes),
		U(lsr_and_msr_writes_ignored),
		U(wide_access_spans_consecutive_registers),
		V(com1_claims_eight_ports),
		V(legacy_ports_claimed_and_absent),
		V(pci_bus_is_empty),
		V(console_ring_records_bytes),
		V(console_line_echoed_on_newline),
		V(console_empty_line_echoed),
		V(console_carriage_return_in_ring_not_in_line),
		V(console_nul_and_control_bytes_echoed_as_dots),
		V(console_long_line_split),
		V(console_line_of_exactly_line_length_echoed_once),
		V(console_ring_wraps_keeping_newest),
		V(console_loopback_bytes_not_recorded),
		V(console_divisor_writes_not_recorded),
		V(console_partial_line_flushed_at_stop),
	};

	return cmocka_run_group_tests_name("uart8250", tests, NULL, NULL);
}
