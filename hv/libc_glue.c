/* SPDX-License-Identifier: MIT */
/*
 * The system calls newlib expects from its host (newlib's libc/include/
 * reent.h lists them; docs/dependencies.md lists the ones our link needs).
 * The firmware has no files or processes: the console is the only stream,
 * and everything else fails with the errno a POSIX system would give.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/spinlock.h"

/*
 * newlib for a bare x86_64-elf target is built with MISSING_SYSCALL_NAMES:
 * its reentrant wrappers (_write_r, ...) call the plain POSIX names.
 */
struct _reent;

void __malloc_lock(struct _reent *r);
void __malloc_unlock(struct _reent *r);

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	if (fd <= STDIN_FILENO || fd > STDERR_FILENO) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return (_READ_WRITE_RETURN_TYPE)len;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	errno = fd == STDIN_FILENO ? EAGAIN : EBADF;
	return -1;
}

int close(int fd)
{
	errno = EBADF;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	if (fd < STDIN_FILENO || fd > STDERR_FILENO) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int isatty(int fd)
{
	return fd >= STDIN_FILENO && fd <= STDERR_FILENO;
}

off_t lseek(int fd, off_t offset, int whence)
{
	errno = ESPIPE;
	return -1;
}

int open(const char *path, int flags, ...)
{
	errno = ENOENT;
	return -1;
}

int kill(pid_t pid, int sig)
{
	errno = EINVAL;
	return -1;
}

pid_t getpid(void)
{
	return 1;
}

/* The wall clock, which reads as time since reset until SNTP sets it. */
int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t us = clock_wall_us();

	if (tv != NULL) {
		tv->tv_sec = (time_t)(us / 1000000U);
		tv->tv_usec = (suseconds_t)(us % 1000000U);
	}
	return 0;
}

clock_t times(struct tms *buf)
{
	errno = ENOSYS;
	return (clock_t)-1;
}

/* abort() and exit() end here: a firmware bug, so stop this CPU loudly. */
void _exit(int status)
{
	hv_log("vmanhv: libc exit(%d) on cpu, halting\n", status);
	cpu_halt_forever();
}

/*
 * newlib calls these around every malloc/free, and its realloc() takes the
 * lock again through malloc(): a recursive lock, owned by a CPU.
 */
static struct rlock malloc_lock = RLOCK_INIT;

void __malloc_lock(struct _reent *r)
{
	(void)r;
	rlock_acquire(&malloc_lock, cpu_current_index());
}

void __malloc_unlock(struct _reent *r)
{
	(void)r;
	rlock_release(&malloc_lock);
}
