/*
 * expat 2.5.0 build configuration for vmanhv (expat's lib/*.c include
 * <expat_config.h>; the build finds this file there, see docs/dependencies.md).
 * Code using expat includes only <expat.h>, which does not read this file.
 */
#ifndef VMANHV_EXPAT_CONFIG_H
#define VMANHV_EXPAT_CONFIG_H

/* Namespace processing: SOAP, WS-Addressing and CIM are all namespaced
 * (XML_ParserCreateNS). */
#define XML_NS 1

/* Keep 1 KiB of already parsed input around each event so errors can quote
 * their context (XML_GetInputContext). */
#define XML_CONTEXT_BYTES 1024

/* No XML_DTD: vmanhv refuses DTDs (SOAP 1.2 Part 1 section 5: an envelope MUST
 * NOT contain a document type declaration). Parameter entities and external
 * subsets are compiled out. Note that expat's billion-laughs accounting
 * (XML_SetBillionLaughsAttackProtection*) exists only with XML_DTD, while an
 * internal subset's general entities are still expanded without it: the
 * WS-Man parser must stop at the doctype itself
 * (XML_SetStartDoctypeDeclHandler -> XML_StopParser) before any entity
 * declaration is read. */

/* x86_64 is little-endian. */
#define BYTEORDER 1234

#define HAVE_MEMMOVE 1

/*
 * Hash salt. The firmware always calls XML_SetHashSalt() with a value from
 * the hardware RNG before parsing, so expat's own salt generator only runs if
 * that salt is 0. XML_POOR_ENTROPY tells xmlparse.c that no getrandom(),
 * arc4random() or /dev/urandom exists here; its generator then falls back to
 * gettimeofday() ^ getpid(), which is why the firmware must provide those two
 * (docs/dependencies.md lists every symbol the libraries need).
 */
#define XML_POOR_ENTROPY 1

#endif /* VMANHV_EXPAT_CONFIG_H */
