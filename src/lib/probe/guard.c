/* SPDX-License-Identifier: MIT
 * guard.c - what keeps a probe within bounds from outside its walk: the cancellation token (an
 * atomic flag and a self-pipe every probe loop polls, so that a signal handler can stop all of
 * them), and the classes of addresses a hostile delegation may point at (RFC 6890). */

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dd/error.h"
#include "walk.h"

struct dd_probe_cancel {
	atomic_int set;
	int fd[2];
};

int dd_probe_cancel_new(dd_probe_cancel_t **out)
{
	if (out == NULL) {
		return DD_EINVAL;
	}
	dd_probe_cancel_t *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return DD_ENOMEM;
	}
	if (pipe2(c->fd, O_NONBLOCK | O_CLOEXEC) != 0) {
		free(c);
		return DD_EIO;
	}
	atomic_init(&c->set, 0);
	*out = c;
	return DD_OK;
}

void dd_probe_cancel_free(dd_probe_cancel_t *c)
{
	if (c == NULL) {
		return;
	}
	close(c->fd[0]);
	close(c->fd[1]);
	free(c);
}

void dd_probe_cancel_trigger(dd_probe_cancel_t *c)
{
	if (c == NULL) {
		return;
	}
	atomic_store(&c->set, 1);
	/* the pipe is never read: it stays readable for every loop that polls it, now or later
	 * (a full pipe is readable too) */
	ssize_t r = write(c->fd[1], "!", 1);
	(void)r;
}

bool dd_probe_cancelled(dd_probe_cancel_t *c)
{
	return c != NULL && atomic_load(&c->set) != 0;
}

int dd__cancel_fd(const dd_probe_cancel_t *c)
{
	return c->fd[0];
}

/* ---- addresses ---------------------------------------------------------------------------- */

static addr_class_t v4_class(const uint8_t a[4], const char **what)
{
	uint32_t v = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	static const struct {
		uint32_t net, mask;
		addr_class_t cls;
		const char *what;
	} NETS[] = {
		{ 0x00000000, 0xff000000, ADDR_REFUSED, "unspecified (0.0.0.0/8, RFC 6890)" },
		{ 0x7f000000, 0xff000000, ADDR_REFUSED, "loopback (127.0.0.0/8)" },
		{ 0xa9fe0000, 0xffff0000, ADDR_REFUSED, "link-local (169.254.0.0/16, RFC 3927)" },
		{ 0xe0000000, 0xf0000000, ADDR_REFUSED, "multicast (224.0.0.0/4)" },
		{ 0xffffffff, 0xffffffff, ADDR_REFUSED, "broadcast (255.255.255.255)" },
		{ 0x0a000000, 0xff000000, ADDR_PRIVATE, "private (10.0.0.0/8, RFC 1918)" },
		{ 0xac100000, 0xfff00000, ADDR_PRIVATE, "private (172.16.0.0/12, RFC 1918)" },
		{ 0xc0a80000, 0xffff0000, ADDR_PRIVATE, "private (192.168.0.0/16, RFC 1918)" },
	};
	for (size_t i = 0; i < sizeof(NETS) / sizeof(NETS[0]); i++) {
		if ((v & NETS[i].mask) == NETS[i].net) {
			*what = NETS[i].what;
			return NETS[i].cls;
		}
	}
	return ADDR_PUBLIC;
}

addr_class_t dd__addr_class(const char *addr, const char **what)
{
	uint8_t a[16];
	const char *dummy;
	if (what == NULL) {
		what = &dummy;
	}
	*what = "";
	char host[64];
	uint16_t port = 53;
	if (dd__addr_port(addr, host, &port) != 0) {
		return ADDR_PUBLIC;  /* not an address: the transport refuses it */
	}
	addr = host;  /* "192.0.2.1#5353": the address's class, whatever its port */
	if (inet_pton(AF_INET, addr, a) == 1) {
		return v4_class(a, what);
	}
	if (inet_pton(AF_INET6, addr, a) != 1) {
		return ADDR_PUBLIC;  /* not an address: the transport refuses it */
	}
	static const uint8_t zero[16], mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (memcmp(a, zero, 16) == 0) {
		*what = "unspecified (::)";
		return ADDR_REFUSED;
	}
	if (memcmp(a, zero, 15) == 0 && a[15] == 1) {
		*what = "loopback (::1)";
		return ADDR_REFUSED;
	}
	if (memcmp(a, mapped, 12) == 0) {
		return v4_class(a + 12, what);  /* ::ffff:127.0.0.1 is loopback too */
	}
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) {
		*what = "link-local (fe80::/10)";
		return ADDR_REFUSED;
	}
	if (a[0] == 0xff) {
		*what = "multicast (ff00::/8)";
		return ADDR_REFUSED;
	}
	if ((a[0] & 0xfe) == 0xfc) {
		*what = "unique local (fc00::/7, RFC 4193)";
		return ADDR_PRIVATE;
	}
	return ADDR_PUBLIC;
}
