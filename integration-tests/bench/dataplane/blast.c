/*
 * Traffic generator for the data-plane benchmark: sends UDP datagrams as fast as one core can
 * (sendmmsg, batches of 64) so that every IPv6 packet is exactly SIZE bytes (40 IPv6 + 8 UDP +
 * SIZE-48 payload), for SECONDS seconds, then prints how many it sent.
 *
 *   blast DST_ADDR SIZE SECONDS
 *
 * Send errors (ENOBUFS when a queue is full) are counted, not fatal. Built by run.sh with gcc -O2.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s DST_ADDR SIZE SECONDS\n", argv[0]);
        return 2;
    }
    int size = atoi(argv[2]);
    double seconds = atof(argv[3]);
    if (size < 48 || size > 1500 || seconds <= 0 || seconds > 3600) {
        fprintf(stderr, "SIZE must be 48..1500 and SECONDS 0..3600\n");
        return 2;
    }
    struct sockaddr_in6 to;
    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    to.sin6_port = htons(9); /* discard */
    if (inet_pton(AF_INET6, argv[1], &to.sin6_addr) != 1) {
        fprintf(stderr, "bad address %s\n", argv[1]);
        return 2;
    }
    int s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *) &to, sizeof to) < 0) {
        perror("socket/connect");
        return 1;
    }
    static char payload[1500];
    memset(payload, 0xa5, sizeof payload);
    struct iovec iov = {payload, (size_t) (size - 48)};
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    unsigned long long sent = 0, errors = 0;
    double end = now() + seconds;
    while (now() < end) {
        int n = sendmmsg(s, msgs, BATCH, 0);
        if (n < 0) {
            errors++;
            continue;
        }
        sent += (unsigned long long) n;
        if (n < BATCH) {
            errors++; /* the first unsent message failed (ENOBUFS, ...) */
        }
    }
    printf("sent %llu errors %llu\n", sent, errors);
    return 0;
}
