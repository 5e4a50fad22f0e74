/* SPDX-License-Identifier: MIT */
/*
 * expat's memory, counted against a budget (reference/style.md practice
 * 11: mgmt/ allocates only within bounds).  expat 2.5.0 has no allocation
 * tracker of its own and its memory-suite callbacks carry no context, so
 * the budget of the one parse in progress is made current around it: the
 * management core parses on one CPU, one request at a time (DESIGN.md
 * section 4), and nothing else calls these functions.
 *
 * Tests and fuzzers inject failures through fail_at.
 */
#ifndef VMANHV_MGMT_WSMAN_XML_MEM_H
#define VMANHV_MGMT_WSMAN_XML_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <expat.h>

struct xml_mem {
	size_t used;		/* bytes held by expat now */
	size_t peak;
	size_t max;		/* the budget */
	uint32_t allocations;	/* malloc and growing realloc calls so far */
	uint32_t fail_at;	/* the fail_at-th of them fails; 0: none does */
	bool over_budget;	/* one was refused for the budget: the request's fault */
	bool failed;		/* one was refused by the heap or by fail_at: ours */
};

/* The suite to pass to XML_ParserCreate_MM(). */
extern const XML_Memory_Handling_Suite xml_mem_suite;

/*
 * Make m the budget charged by xml_mem_suite until xml_mem_end().
 * @pre no other budget is current (parses do not nest).
 */
void xml_mem_begin(struct xml_mem *m, size_t max, uint32_t fail_at);
/*
 * Make m current again for another parse by the parser it was begun for,
 * kept and reset (XML_ParserReset keeps some of expat's blocks): what that
 * parser holds stays charged to m; the budget becomes max, and the count
 * of allocations, the peak and the failure flags start afresh (no
 * injected failure).  @pre as xml_mem_begin(); m was begun before.
 */
void xml_mem_resume(struct xml_mem *m, size_t max);
void xml_mem_end(struct xml_mem *m);

#endif
