/*
 * Reference IPv6-in-IPv6 relay for the data-plane benchmark (the home agent's forward tunnel,
 * DESIGN.md section 2): read a packet from a TUN device, put a 40-byte outer IPv6 header
 * (next header 41) in front of it and send it to the peer on a raw socket.
 *
 *   relay TUN OUTER_SRC OUTER_DST hdrincl|raw41 MAX_SECONDS
 *
 * hdrincl: the outer header is built here, in the 40 bytes reserved before the packet, and the
 *          whole packet goes out on a header-included socket (IPPROTO_RAW, 255).
 * raw41:   the packet goes out on a raw protocol-41 socket and the kernel builds the outer header.
 *
 * The TUN is attached with TUNSETIFF (IFF_TUN | IFF_NO_PI): a persistent device made by the
 * benchmark script. Reads block. Packets to a multicast address (the kernel's own MLD and Router
 * Solicitations) are skipped, as the Java relay does. Prints "ready" once attached; on SIGTERM,
 * SIGINT or after MAX_SECONDS prints its counters and exits.
 *
 * Built by run.sh with gcc -O2. Linux only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define OUTER 40
#define MAX_PACKET 65535

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
    (void) sig;
    stop = 1;
}

static int fail(const char *what) {
    perror(what);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s TUN OUTER_SRC OUTER_DST hdrincl|raw41 MAX_SECONDS\n", argv[0]);
        return 2;
    }
    int hdrincl = strcmp(argv[4], "hdrincl") == 0;
    if (!hdrincl && strcmp(argv[4], "raw41") != 0) {
        fprintf(stderr, "encapsulation must be hdrincl or raw41, not %s\n", argv[4]);
        return 2;
    }
    static unsigned char buf[OUTER + MAX_PACKET];
    struct in6_addr src, dst;
    if (inet_pton(AF_INET6, argv[2], &src) != 1 || inet_pton(AF_INET6, argv[3], &dst) != 1) {
        fprintf(stderr, "bad address\n");
        return 2;
    }

    int tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (tun < 0) {
        return fail("open /dev/net/tun");
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    if (ioctl(tun, TUNSETIFF, &ifr) < 0) {
        return fail("ioctl TUNSETIFF");
    }
    int sock = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, hdrincl ? IPPROTO_RAW : IPPROTO_IPV6);
    if (sock < 0) {
        return fail("socket");
    }
    struct sockaddr_in6 to;
    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    to.sin6_addr = dst;

    /* the constant part of the outer header; the payload length is set per packet */
    buf[0] = 0x60;
    buf[6] = 41;
    buf[7] = 64;
    memcpy(buf + 8, &src, 16);
    memcpy(buf + 24, &dst, 16);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked read returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    alarm((unsigned) atoi(argv[5]));

    unsigned long long relayed = 0, errors = 0, skipped = 0;
    printf("ready\n");
    fflush(stdout);
    while (!stop) {
        ssize_t n = read(tun, buf + OUTER, MAX_PACKET);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("read");
            break;
        }
        if (n < OUTER || buf[OUTER + 24] == 0xff) {
            skipped++;
            continue;
        }
        ssize_t r;
        if (hdrincl) {
            buf[4] = (unsigned char) (n >> 8);
            buf[5] = (unsigned char) n;
            r = sendto(sock, buf, (size_t) n + OUTER, 0, (struct sockaddr *) &to, sizeof to);
        } else {
            r = sendto(sock, buf + OUTER, (size_t) n, 0, (struct sockaddr *) &to, sizeof to);
        }
        if (r < 0) {
            errors++;
        } else {
            relayed++;
        }
    }
    printf("relayed %llu errors %llu skipped %llu\n", relayed, errors, skipped);
    return 0;
}
