/* SPDX-License-Identifier: MIT */
/*
 * The system calls newlib expects from its host (newlib's libc/include/
 * reent.h lists them; docs/dependencies.md lists the ones our link needs).
 * The firmware has no files or processes: the console is the only stream,
 * and everything else fails with the errno a POSIX system would give.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "hv/spinlock.h"

#define STDIN_FD	0
#define STDERR_FD	2

struct _reent;

int _write(int fd, const void *buf, int len);
int _read(int fd, void *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int offset, int whence);
int _open(const char *path, int flags, int mode);
int _kill(int pid, int sig);
int _getpid(void);
int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *buf);
void _exit(int status) __attribute__((noreturn));
void __malloc_lock(struct _reent *r);
void __malloc_unlock(struct _reent *r);

int _write(int fd, const void *buf, int len)
{
	if (fd <= STDIN_FD || fd > STDERR_FD) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, (size_t)len);
	return len;
}

int _read(int fd, void *buf, int len)
{
	errno = fd == STDIN_FD ? EAGAIN : EBADF;
	return -1;
}

int _close(int fd)
{
	errno = EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (fd < STDIN_FD || fd > STDERR_FD) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= STDIN_FD && fd <= STDERR_FD;
}

int _lseek(int fd, int offset, int whence)
{
	errno = ESPIPE;
	return -1;
}

int _open(const char *path, int flags, int mode)
{
	errno = ENOENT;
	return -1;
}

int _kill(int pid, int sig)
{
	errno = EINVAL;
	return -1;
}

int _getpid(void)
{
	return 1;
}

/* Time since reset: there is no wall clock until SNTP (or an RTC) sets one. */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t us = clock_now_us();

	if (tv != NULL) {
		tv->tv_sec = (time_t)(us / 1000000U);
		tv->tv_usec = (suseconds_t)(us % 1000000U);
	}
	return 0;
}

clock_t _times(struct tms *buf)
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
