/*
 * ioc-probe - a static test helper copied into test jails: it makes one
 * system call the confinement tests ask for and prints what came back,
 * "OK" or the errno name ("EPERM"), so a test can tell the seccomp
 * filter's EPERM from another refusal.  Exit status 0 when the call was
 * made, 2 on a usage error.  Test-only: never installed.
 */
#define _GNU_SOURCE 1

#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	int e;
	const char *name;
} names[] = {
    {EPERM, "EPERM"},
    {EACCES, "EACCES"},
    {EROFS, "EROFS"},
    {ENOENT, "ENOENT"},
    {ENOSYS, "ENOSYS"},
    {EINVAL, "EINVAL"},
    {EBADF, "EBADF"},
    {ESTALE, "ESTALE"},
    {EOPNOTSUPP, "EOPNOTSUPP"},
    {EFAULT, "EFAULT"},
    {ENXIO, "ENXIO"},
    {ENODEV, "ENODEV"},
    {EEXIST, "EEXIST"},
    {EBUSY, "EBUSY"},
};

/* Print the result of a call: r < 0 means errno tells why. */
static int
report(long r)
{
	size_t i;

	if (r >= 0) {
		(void)puts("OK");
		return (0);
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].e == errno) {
			(void)puts(names[i].name);
			return (0);
		}
	}
	(void)printf("E%d\n", errno);
	return (0);
}

static long
do_read(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return (-1);
	n = read(fd, buf, sizeof(buf));
	(void)close(fd);
	if (n == 0) {
		(void)puts("EMPTY");
		exit(0);
	}
	return (n < 0 ? -1 : 0);
}

static long
do_write(const char *path)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_WRONLY)) < 0)
		return (-1);
	n = write(fd, "1\n", 2);
	(void)close(fd);
	return (n < 0 ? -1 : 0);
}

static long
do_open_by_handle(void)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[64];
	} h;
	int mfd, fd;

	(void)memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = 8;
	h.fh.handle_type = 1;
	if ((mfd = open("/", O_RDONLY | O_DIRECTORY)) < 0)
		return (-1);
	fd = open_by_handle_at(mfd, &h.fh, O_RDONLY);
	(void)close(mfd);
	if (fd >= 0)
		(void)close(fd);
	return (fd);
}

static long
do_name_to_handle(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[128];
	} h;
	int mount_id;

	(void)memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = 128;
	return (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0));
}

static long
do_clone_user(void)
{
	long pid;
	int st;

	pid = syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), 0,
	    NULL, NULL, 0);
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		(void)waitpid((pid_t)pid, &st, 0);
	return (pid);
}

/* The i386 ABI (int 0x80) from this 64-bit process: init_module is 128. */
static long
do_init_module_i386(void)
{
#if defined(__x86_64__)
	long r;

	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "a"(128L), "b"(0L), "c"(0L), "d"(0L)
			 : "memory");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return (-1);
	}
	return (r);
#else
	(void)puts("UNSUPPORTED");
	exit(0);
#endif
}

/* The x32 ABI: the x86_64 number with bit 30 set. */
static long
do_init_module_x32(void)
{
#if defined(__x86_64__)
	return (syscall(0x40000000L | SYS_init_module, NULL, 0L, ""));
#else
	(void)puts("UNSUPPORTED");
	exit(0);
#endif
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "/";
	unsigned char params[120];
	int fd;

	(void)memset(params, 0, sizeof(params));
	if (strcmp(cmd, "euid") == 0) {
		(void)printf("%ld\n", (long)geteuid());
		return (0);
	}
	if (strcmp(cmd, "mknod") == 0)
		return (report(mknod(arg, S_IFCHR | 0600, makedev(1, 3))));
	if (strcmp(cmd, "open") == 0) {
		fd = open(arg, O_RDONLY);
		if (fd >= 0)
			(void)close(fd);
		return (report(fd));
	}
	if (strcmp(cmd, "read") == 0)
		return (report(do_read(arg)));
	if (strcmp(cmd, "write") == 0)
		return (report(do_write(arg)));
	if (strcmp(cmd, "mount-tmpfs") == 0)
		return (report(mount("tmpfs", arg, "tmpfs", 0, "size=1m")));
	if (strcmp(cmd, "remount-rw") == 0)
		return (
		    report(mount(NULL, arg, NULL, MS_BIND | MS_REMOUNT, NULL)));
	if (strcmp(cmd, "umount") == 0)
		return (report(umount2(arg, 0)));
	if (strcmp(cmd, "fsopen") == 0)
		return (report(syscall(SYS_fsopen, "tmpfs", 0)));
	if (strcmp(cmd, "rawsock") == 0)
		return (report(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)));
	if (strcmp(cmd, "init_module") == 0)
		return (report(syscall(SYS_init_module, NULL, 0L, "")));
	if (strcmp(cmd, "finit_module") == 0) {
		if ((fd = open("/bin/busybox", O_RDONLY)) < 0)
			return (report(fd));
		return (report(syscall(SYS_finit_module, fd, "", 0)));
	}
	if (strcmp(cmd, "init_module_i386") == 0)
		return (report(do_init_module_i386()));
	if (strcmp(cmd, "init_module_x32") == 0)
		return (report(do_init_module_x32()));
	if (strcmp(cmd, "open_by_handle_at") == 0)
		return (report(do_open_by_handle()));
	if (strcmp(cmd, "name_to_handle_at") == 0)
		return (report(do_name_to_handle(arg)));
	if (strcmp(cmd, "unshare-user") == 0)
		return (report(unshare(CLONE_NEWUSER)));
	if (strcmp(cmd, "clone-user") == 0)
		return (report(do_clone_user()));
	if (strcmp(cmd, "clone3") == 0)
		return (report(syscall(SYS_clone3, NULL, 0L)));
	if (strcmp(cmd, "keyctl") == 0) /* KEYCTL_GET_KEYRING_ID, user */
		return (report(syscall(SYS_keyctl, 0L, -4L, 0L)));
	if (strcmp(cmd, "userfaultfd") == 0) /* UFFD_USER_MODE_ONLY */
		return (report(syscall(SYS_userfaultfd, O_CLOEXEC | 1)));
	if (strcmp(cmd, "io_uring") == 0)
		return (report(syscall(SYS_io_uring_setup, 1L, params)));
	if (strcmp(cmd, "bpf") == 0) /* BPF_MAP_CREATE, empty attributes */
		return (report(syscall(SYS_bpf, 0L, params, 64L)));
	if (strcmp(cmd, "kexec_load") == 0)
		return (report(syscall(SYS_kexec_load, 0L, 0L, NULL, 0L)));
	(void)fprintf(stderr, "usage: ioc-probe CALL [PATH]\n");
	return (2);
}
