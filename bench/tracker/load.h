/*
 * What the two load generators (udpload.c, httpload.c) share: the benchmark's peers, the
 * infohash list, the clock, the phases (fill, warm-up, measured window) and the readings of the
 * tracker's CPU time and memory from /proc.
 *
 * Peer i of N (0 <= i < N) announces torrent i % T from source address 127.1.x.y number i % A
 * (A source addresses; the whole of 127/8 is loopback on Linux) with port 10000 + i / A. Every
 * (address, port) pair is distinct, so there are N distinct peers by the rule the trackers use
 * (IP + announced port), and each torrent has N / T of them. One peer in four is a seeder. The
 * peer id is "-KB0001-" and i in 12 digits (bittorrent-tracker and opentracker ignore it for
 * identity; it is distinct anyway).
 */
#ifndef KINORA_BENCH_LOAD_H
#define KINORA_BENCH_LOAD_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#define PORT_BASE 10000
#define MAX_PIDS 4

static void die(const char *fmt, const char *arg) {
  fprintf(stderr, "error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  exit(2);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static long whole_arg(const char *name, const char *text, long min, long max) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || *end || v < min || v > max) die("bad value for %s", name);
  return v;
}

static double seconds_arg(const char *name, const char *text) {
  char *end;
  double v = strtod(text, &end);
  if (*end == 's') end++;
  if (*end || v < 0 || v > 3600) die("bad duration for %s (0 to 3600 seconds)", name);
  return v;
}

/* The infohashes: 40 hex digits a line, as generate.ts writes them; the first `want` are used. */
static uint8_t *read_hashes(const char *file, long want) {
  FILE *f = fopen(file, "r");
  if (!f) die("cannot open %s", file);
  uint8_t *out = malloc((size_t)want * 20);
  char line[128];
  long n = 0;
  while (n < want && fgets(line, sizeof line, f)) {
    if (strlen(line) < 40) continue;
    for (int b = 0; b < 20; b++) {
      unsigned v;
      if (sscanf(line + 2 * b, "%2x", &v) != 1) die("not a hex infohash in %s", file);
      out[n * 20 + b] = (uint8_t)v;
    }
    n++;
  }
  fclose(f);
  if (n < want) die("%s holds fewer infohashes than --torrents asks for", file);
  return out;
}

/* Source address number s, in network order: 127.1.(s / 250).(s % 250 + 1). */
static uint32_t source_address(uint32_t s) { return htonl((127u << 24) | (1u << 16) | ((s / 250) << 8) | (s % 250 + 1)); }

struct peers {
  long n;       /* peers */
  long t;       /* torrents */
  long a;       /* source addresses */
  uint8_t *hashes;
};

static void check_peers(const struct peers *p) {
  if (p->a < 1 || p->a > 60000) die("%s", "--sources must be 1 to 60000");
  if (p->n / p->a + PORT_BASE > 65535) die("%s", "too many peers per source address (port above 65535): raise --sources");
}

static uint32_t peer_torrent(const struct peers *p, long i) { return (uint32_t)(i % p->t); }
static uint32_t peer_source(const struct peers *p, long i) { return (uint32_t)(i % p->a); }
static uint16_t peer_port(const struct peers *p, long i) { return (uint16_t)(PORT_BASE + i / p->a); }
static int peer_seeder(long i) { return i % 4 == 0; }
static void peer_id(long i, char out[21]) { snprintf(out, 21, "-KB0001-%012ld", i); }

/* ---- the tracker processes being measured: CPU ticks and memory, from /proc ------------------- */

struct reading {
  double cpu_s;   /* utime + stime, all threads */
  long rss_kb;    /* VmRSS */
  long hwm_kb;    /* VmHWM: the peak */
};

static struct reading read_proc(int pid) {
  struct reading r = {0, 0, 0};
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return r;
  size_t len = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[len] = 0;
  /* Fields after the command (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15. */
  char *p = strrchr(buf, ')');
  unsigned long utime = 0, stime = 0;
  if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) == 2)
    r.cpu_s = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  f = fopen(path, "r");
  if (!f) return r;
  while (fgets(buf, sizeof buf, f)) {
    if (!strncmp(buf, "VmRSS:", 6)) r.rss_kb = strtol(buf + 6, NULL, 10);
    if (!strncmp(buf, "VmHWM:", 6)) r.hwm_kb = strtol(buf + 6, NULL, 10);
  }
  fclose(f);
  return r;
}

/* Busy seconds of one core since boot (everything but idle and iowait), from /proc/stat. */
static double core_busy_s(int cpu) {
  FILE *f = fopen("/proc/stat", "r");
  if (!f) return 0;
  char line[512], name[16];
  snprintf(name, sizeof name, "cpu%d ", cpu);
  double busy = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, name, strlen(name))) continue;
    unsigned long long v[8] = {0};
    sscanf(line + strlen(name), "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    busy = (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)sysconf(_SC_CLK_TCK);
    break;
  }
  fclose(f);
  return busy;
}

/* The tracker processes, and both cores: a core busier than the processes pinned to it ran someone else. */
struct watched {
  int n;
  int pid[MAX_PIDS];
  struct reading start[MAX_PIDS], end[MAX_PIDS];
  double core_start[2], core_end[2];
};

static void parse_pids(struct watched *w, const char *text) {
  char copy[256];
  snprintf(copy, sizeof copy, "%s", text);
  w->n = 0;
  for (char *tok = strtok(copy, ","); tok && w->n < MAX_PIDS; tok = strtok(NULL, ",")) w->pid[w->n++] = (int)whole_arg("--pid", tok, 1, 1 << 30);
}

static void watch_start(struct watched *w) {
  for (int i = 0; i < w->n; i++) w->start[i] = read_proc(w->pid[i]);
  for (int c = 0; c < 2; c++) w->core_start[c] = core_busy_s(c);
}
static void watch_end(struct watched *w) {
  for (int i = 0; i < w->n; i++) w->end[i] = read_proc(w->pid[i]);
  for (int c = 0; c < 2; c++) w->core_end[c] = core_busy_s(c);
}

/* Appends " cpu=<% of one core>[,…] rss_kb=…[,…] hwm_kb=…[,…] core0=<busy %> core1=<busy %>" for the measured window. */
static void print_watched(const struct watched *w, double seconds) {
  const char *names[3] = {" cpu=", " rss_kb=", " hwm_kb="};
  for (int k = 0; k < 3; k++) {
    fputs(names[k], stdout);
    if (w->n == 0) fputs("-", stdout);
    for (int i = 0; i < w->n; i++) {
      if (i) fputc(',', stdout);
      if (k == 0) printf("%.1f", 100.0 * (w->end[i].cpu_s - w->start[i].cpu_s) / seconds);
      else printf("%ld", k == 1 ? w->end[i].rss_kb : w->end[i].hwm_kb);
    }
  }
  printf(" core0=%.1f core1=%.1f", 100.0 * (w->core_end[0] - w->core_start[0]) / seconds, 100.0 * (w->core_end[1] - w->core_start[1]) / seconds);
}

/* The generator's own CPU time (user + system), to show when the load side is what limits. */
static double self_cpu_s(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

/* No answer at all for this long: the tracker is down or refuses everything; stop rather than spin. */
#define STALL_NS (5LL * 1000000000)

static void stalled(const char *first_error) {
  printf("STALLED no answer for 5 s%s%s\n", first_error[0] ? "; first error: " : "", first_error);
  fflush(stdout);
  exit(1);
}

/* ---- phases --------------------------------------------------------------------------------- */

enum phase { FILL, WARMUP, MEASURE, DRAIN, DONE };

#endif
