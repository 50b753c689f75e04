// sendfloor (../shared/tools/sendfloor.c) with its sends through io_uring: one IORING_OP_SEND per frame, each 10 ms
// slice of frames submitted in one io_uring_enter. gcc -O2 -o sfu sendfloor-uring.c -luring (liburing-dev).
// Usage: sfu N BYTES FPS SECS FIXED (1: registered descriptors); env RING=entries (4096), PLAIN=1 (no SINGLE_ISSUER|DEFER_TASKRUN)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double cpu(void) { struct rusage r; getrusage(RUSAGE_SELF, &r); return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6; }
int main(int argc, char **argv) {
  int n = atoi(argv[1]), bytes = atoi(argv[2]); double fps = atof(argv[3]), secs = atof(argv[4]); int fixed = atoi(argv[5]);
  int ls = socket(AF_INET, SOCK_STREAM, 0); int one = 1; setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}; socklen_t al = sizeof a;
  bind(ls, (void *)&a, sizeof a); listen(ls, 4096); getsockname(ls, (void *)&a, &al);
  pid_t kid = fork();
  if (kid == 0) {
    int ep = epoll_create1(0); char buf[65536];
    for (int i = 0; i < n; i++) { int s = socket(AF_INET, SOCK_STREAM, 0); if (connect(s, (void *)&a, sizeof a)) { perror("connect"); exit(1); }
      struct epoll_event e = {.events = EPOLLIN, .data.fd = s}; epoll_ctl(ep, EPOLL_CTL_ADD, s, &e); }
    struct epoll_event ev[256];
    for (;;) { int k = epoll_wait(ep, ev, 256, 1000); for (int i = 0; i < k; i++) while (read(ev[i].data.fd, buf, sizeof buf) == sizeof buf) {} }
  }
  int *fd = malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) { fd[i] = accept(ls, 0, 0); setsockopt(fd[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
  fprintf(stderr, "reader %d\n", kid);
  struct io_uring ring; struct io_uring_params p = {0};
  p.flags = getenv("PLAIN") ? 0 : (IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
  if (io_uring_queue_init_params(getenv("RING") ? atoi(getenv("RING")) : 4096, &ring, &p) < 0) { perror("ring"); return 1; }
  if (fixed && io_uring_register_files(&ring, fd, n) < 0) { perror("register"); return 1; }
  char *frame = malloc(bytes); memset(frame, 'x', bytes);
  sleep(3); // time to move the reader
  double t0 = now(), c0 = cpu(); long sent = 0; int next = 0; long shorts = 0;
  while (now() - t0 < secs) {
    long due = (long)((now() - t0) * fps); int q = 0;
    while (sent < due) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
      if (!sqe) { io_uring_submit(&ring); sqe = io_uring_get_sqe(&ring); }
      io_uring_prep_send(sqe, fixed ? next : fd[next], frame, bytes, MSG_DONTWAIT);
      if (fixed) sqe->flags |= IOSQE_FIXED_FILE;
      next = (next + 1) % n; sent++; q++;
    }
    if (q) { io_uring_submit_and_get_events(&ring); }
    struct io_uring_cqe *cqe; unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) { if (cqe->res != bytes) shorts++; seen++; }
    io_uring_cq_advance(&ring, seen);
    usleep(10000);
  }
  double c = cpu() - c0, t = now() - t0;
  printf("{\"connections\":%d,\"bytes\":%d,\"framesPerSec\":%.0f,\"writerCpuPct\":%.1f,\"usPerFrame\":%.2f,\"short\":%ld,\"fixed\":%d}\n", n, bytes, sent / t, 100 * c / t, 1e6 * c / sent, shorts, fixed);
  kill(kid, SIGKILL); waitpid(kid, 0, 0); return 0;
}
