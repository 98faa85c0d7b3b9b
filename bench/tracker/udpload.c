/*
 * BEP 15 load generator: a closed loop of `--window` requests in flight over one UDP socket,
 * batched with sendmmsg/recvmmsg, each answer matched to its request by transaction id.
 *
 *   udpload --port P[,P2] --hashes FILE --torrents T --peers N [--sources A] [--mode reuse|connect]
 *           [--window W] [--numwant 50] [--fill] [--warmup S] [--duration S] [--pid PID[,PID]]
 *           [--timeout-ms 1000] [--max-fill S] [--scrape]
 *
 * --mode connect: every announce is preceded by its own connect (two round trips, the worst case
 * for the tracker); --mode reuse: a connection id is kept per source address and tracker for
 * 30 s (BEP 15 allows a minute), as clients do, so nearly every request is an announce.
 * Requests come from the peers of load.h; the source address of each packet is set with
 * IP_PKTINFO, so one socket bound to the wildcard address sends as, and hears the answers to, all
 * of 127.1.0.0/16. Packets go only to 127.0.0.1.
 *
 * Phases: --fill announces every peer once (swarms full before anything is timed), then
 * --warmup seconds of the same rotation, then --duration seconds measured. Only answers received
 * inside the measured window count; /proc readings of --pid are taken at its edges. A request
 * without an answer after --timeout-ms is counted and sent again (three tries). Prints one
 * `FILL …` line, one `RESULT …` line and, with --scrape, a `SCRAPE …` line with the peer counts
 * of every torrent as the tracker reports them.
 */
#include "load.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#define MAX_WINDOW 16384
#define BATCH 64
#define MAX_TARGETS 4
#define CID_REUSE_NS (30LL * 1000000000)
#define SCRAPE_MAX 74

enum stage { IDLE, CONNECTING, ANNOUNCING };

struct slot {
  uint32_t tid;
  uint32_t gen;
  long peer;
  int target;
  int attempts;
  enum stage stage;
  int64_t sent;
  uint8_t packet[100];
  int len;
  struct sockaddr_in to;
  struct iovec iov;
  union { char buf[CMSG_SPACE(sizeof(struct in_pktinfo))]; struct cmsghdr align; } control;
};

struct cid {
  uint8_t id[8];
  int64_t at; /* 0: none */
};

struct counters {
  long announces, connects, errors, timeouts, late, bad, failed;
  double peers;
};

static struct peers P;
static int fd;
static struct slot *slots;
static long window = 256;
static int mode_connect = 0;
static int numwant = 50;
static int ntargets = 0;
static uint16_t targets[MAX_TARGETS];
static struct cid *cids; /* [source][target] */
static int64_t timeout_ns = 1000000000;
static int queue[MAX_WINDOW], queued = 0;
static int idle[MAX_WINDOW], idle_n = 0; /* slots without a request */
static long busy = 0;
static struct counters win, all;
static char first_error[200] = "";
static int64_t last_answer;

static void put32(uint8_t *p, uint32_t v) { v = htonl(v); memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return ntohl(v); }

static struct cid *cid_of(long peer, int target) { return &cids[(size_t)peer_source(&P, peer) * MAX_TARGETS + target]; }

/* Writes the slot's next packet (a connect, or an announce for its peer) and queues it. */
static void send_stage(struct slot *s, enum stage stage, int64_t now) {
  s->stage = stage;
  s->gen = (s->gen + 1) & 0xffff;
  s->tid = (uint32_t)(s - slots) | (s->gen << 16);
  uint8_t *p = s->packet;
  if (stage == CONNECTING) {
    put32(p, 0x417); put32(p + 4, 0x27101980); /* BEP 15: the protocol id 0x41727101980 */
    put32(p + 8, 0);
    put32(p + 12, s->tid);
    s->len = 16;
  } else {
    memcpy(p, cid_of(s->peer, s->target)->id, 8);
    put32(p + 8, 1);
    put32(p + 12, s->tid);
    memcpy(p + 16, P.hashes + (size_t)peer_torrent(&P, s->peer) * 20, 20);
    char id[21];
    peer_id(s->peer, id);
    memcpy(p + 36, id, 20);
    memset(p + 56, 0, 8); /* downloaded */
    uint32_t left = peer_seeder(s->peer) ? 0 : 1000000000u;
    put32(p + 64, 0); put32(p + 68, left);
    memset(p + 72, 0, 8); /* uploaded */
    put32(p + 80, 0);      /* event: none */
    put32(p + 84, 0);      /* ip: the sender's */
    put32(p + 88, (uint32_t)s->peer); /* key */
    put32(p + 92, (uint32_t)numwant);
    uint16_t port = htons(peer_port(&P, s->peer));
    memcpy(p + 96, &port, 2);
    s->len = 98;
  }
  s->sent = now;
  queue[queued++] = (int)(s - slots);
}

/* Starts a request for `peer` in slot s: an announce if a fresh connection id is at hand. */
static void start(struct slot *s, long peer, int64_t now) {
  s->peer = peer;
  s->target = (int)((peer / P.t) % ntargets);
  s->attempts = 0;
  busy++;
  struct cid *c = cid_of(peer, s->target);
  send_stage(s, !mode_connect && c->at && now - c->at < CID_REUSE_NS ? ANNOUNCING : CONNECTING, now);
}

static void finish(struct slot *s) {
  s->stage = IDLE;
  busy--;
  idle[idle_n++] = (int)(s - slots);
}

/* No answer, an error or a malformed answer: try again from a fresh connect, three times in all. */
static void retry(struct slot *s, int64_t now) {
  if (++s->attempts >= 3) {
    all.failed++;
    win.failed++;
    finish(s);
    return;
  }
  cid_of(s->peer, s->target)->at = 0;
  send_stage(s, CONNECTING, now);
}

static void flush(void) {
  struct mmsghdr msgs[BATCH];
  int at = 0;
  while (at < queued) {
    int n = queued - at < BATCH ? queued - at : BATCH;
    for (int k = 0; k < n; k++) {
      struct slot *s = &slots[queue[at + k]];
      s->iov.iov_base = s->packet;
      s->iov.iov_len = (size_t)s->len;
      memset(&s->to, 0, sizeof s->to);
      s->to.sin_family = AF_INET;
      s->to.sin_port = htons(targets[s->target]);
      s->to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      memset(&msgs[k], 0, sizeof msgs[k]);
      msgs[k].msg_hdr.msg_name = &s->to;
      msgs[k].msg_hdr.msg_namelen = sizeof s->to;
      msgs[k].msg_hdr.msg_iov = &s->iov;
      msgs[k].msg_hdr.msg_iovlen = 1;
      msgs[k].msg_hdr.msg_control = s->control.buf;
      msgs[k].msg_hdr.msg_controllen = sizeof s->control.buf;
      struct cmsghdr *cm = CMSG_FIRSTHDR(&msgs[k].msg_hdr);
      cm->cmsg_level = IPPROTO_IP;
      cm->cmsg_type = IP_PKTINFO;
      cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
      struct in_pktinfo info;
      memset(&info, 0, sizeof info);
      info.ipi_spec_dst.s_addr = source_address(peer_source(&P, s->peer));
      memcpy(CMSG_DATA(cm), &info, sizeof info);
    }
    int sent = sendmmsg(fd, msgs, (unsigned)n, 0);
    if (sent <= 0) {
      if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR) break;
      perror("sendmmsg");
      exit(1);
    }
    at += sent;
  }
  memmove(queue, queue + at, (size_t)(queued - at) * sizeof queue[0]);
  queued -= at;
}

static void answer(const uint8_t *b, ssize_t len, enum phase phase, int64_t now, long *filled) {
  if (len < 8) { all.bad++; win.bad++; return; }
  uint32_t action = get32(b), tid = get32(b + 4);
  uint32_t index = tid & 0xffff;
  if (index >= (uint32_t)window || slots[index].stage == IDLE || slots[index].tid != tid) { all.late++; win.late++; return; }
  struct slot *s = &slots[index];
  last_answer = now;
  if (action == 3) {
    all.errors++; win.errors++;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%.*s", (int)(len - 8 > 150 ? 150 : len - 8), (const char *)b + 8);
    retry(s, now);
  } else if (s->stage == CONNECTING && action == 0 && len >= 16) {
    struct cid *c = cid_of(s->peer, s->target);
    memcpy(c->id, b + 8, 8);
    c->at = now;
    all.connects++; win.connects++;
    send_stage(s, ANNOUNCING, now);
  } else if (s->stage == ANNOUNCING && action == 1 && len >= 20 && (len - 20) % 6 == 0 && (len - 20) / 6 <= numwant) {
    all.announces++; win.announces++;
    win.peers += (double)(len - 20) / 6;
    if (phase == FILL) (*filled)++;
    finish(s);
  } else {
    all.bad++; win.bad++;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "unexpected answer: action %u, %zd bytes, to a %s", action, len, s->stage == CONNECTING ? "connect" : "announce");
    retry(s, now);
  }
}

/* Asks for the counts of every torrent (BEP 15 scrape, 74 a packet) from 127.1.0.1 and sums them. */
static void scrape(void) {
  long seeders = 0, leechers = 0, completed = 0, answered = 0;
  uint8_t cid[8];
  int have = 0, refusals = 0;
  for (long from = 0; from < P.t && refusals < 10;) {
    long n = P.t - from < SCRAPE_MAX ? P.t - from : SCRAPE_MAX;
    uint8_t out[16 + SCRAPE_MAX * 20], in[2048];
    uint32_t tid = 0x5c000000u | (uint32_t)from;
    int len;
    if (!have) {
      put32(out, 0x417); put32(out + 4, 0x27101980); put32(out + 8, 0); put32(out + 12, tid);
      len = 16;
    } else {
      memcpy(out, cid, 8); put32(out + 8, 2); put32(out + 12, tid);
      memcpy(out + 16, P.hashes + from * 20, (size_t)n * 20);
      len = 16 + (int)n * 20;
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(targets[0]), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int got = 0;
    for (int attempt = 0; attempt < 5 && !got; attempt++) {
      sendto(fd, out, (size_t)len, 0, (struct sockaddr *)&to, sizeof to);
      int64_t until = now_ns() + 1000000000;
      while (!got && now_ns() < until) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 100) <= 0) continue;
        ssize_t r = recv(fd, in, sizeof in, MSG_DONTWAIT);
        if (r < 8 || get32(in + 4) != tid) continue;
        if (!have && get32(in) == 0 && r >= 16) { memcpy(cid, in + 8, 8); have = got = 1; }
        else if (have && get32(in) == 2 && r >= 8 + n * 12) {
          for (long k = 0; k < n; k++) {
            seeders += get32(in + 8 + k * 12);
            completed += get32(in + 12 + k * 12);
            leechers += get32(in + 16 + k * 12);
          }
          answered += n;
          from += n;
          got = 1;
        } else if (get32(in) == 3) { have = 0; got = 1; refusals++; }
      }
    }
    if (!got) { fprintf(stderr, "udpload: no answer to a scrape\n"); break; }
  }
  printf("SCRAPE torrents=%ld answered=%ld seeders=%ld leechers=%ld completed=%ld peers=%ld\n", P.t, answered, seeders, leechers, completed, seeders + leechers);
}

int main(int argc, char **argv) {
  const char *hashes = NULL, *ports = NULL;
  double warmup = 0, duration = 0, max_fill = 300;
  int fill = 0, want_scrape = 0;
  struct watched watched = {0};
  P.a = 256;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE() (v ? (i++, v) : (die("%s needs a value", a), ""))
    if (!strcmp(a, "--port")) ports = VALUE();
    else if (!strcmp(a, "--hashes")) hashes = VALUE();
    else if (!strcmp(a, "--torrents")) P.t = whole_arg(a, VALUE(), 1, 10000000);
    else if (!strcmp(a, "--peers")) P.n = whole_arg(a, VALUE(), 1, 100000000);
    else if (!strcmp(a, "--sources")) P.a = whole_arg(a, VALUE(), 1, 60000);
    else if (!strcmp(a, "--mode")) { const char *m = VALUE(); if (!strcmp(m, "connect")) mode_connect = 1; else if (strcmp(m, "reuse")) die("--mode is reuse or connect, not %s", m); }
    else if (!strcmp(a, "--window")) window = whole_arg(a, VALUE(), 1, MAX_WINDOW);
    else if (!strcmp(a, "--numwant")) numwant = (int)whole_arg(a, VALUE(), 0, 200);
    else if (!strcmp(a, "--fill")) fill = 1;
    else if (!strcmp(a, "--scrape")) want_scrape = 1;
    else if (!strcmp(a, "--warmup")) warmup = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--duration")) duration = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--max-fill")) max_fill = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--timeout-ms")) timeout_ns = whole_arg(a, VALUE(), 1, 60000) * 1000000LL;
    else if (!strcmp(a, "--pid")) parse_pids(&watched, VALUE());
    else die("unknown argument %s", a);
  }
  if (!ports || !hashes || !P.t || !P.n) die("%s", "usage: udpload --port P[,P2] --hashes FILE --torrents T --peers N [options; see the header of udpload.c]");
  char copy[128];
  snprintf(copy, sizeof copy, "%s", ports);
  for (char *tok = strtok(copy, ","); tok && ntargets < MAX_TARGETS; tok = strtok(NULL, ",")) targets[ntargets++] = (uint16_t)whole_arg("--port", tok, 1, 65535);
  check_peers(&P);
  P.hashes = read_hashes(hashes, P.t);
  slots = calloc((size_t)window, sizeof *slots);
  for (long k = window - 1; k >= 0; k--) idle[idle_n++] = (int)k;
  cids = calloc((size_t)P.a * MAX_TARGETS, sizeof *cids);

  fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int size = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  /* The wildcard address, so answers to every 127.1.x.y source reach this socket. */
  struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(fd, (struct sockaddr *)&any, sizeof any) < 0) { perror("bind"); return 1; }

  static uint8_t bufs[BATCH][2048];
  struct mmsghdr msgs[BATCH];
  struct iovec iovs[BATCH];
  enum phase phase = fill ? FILL : warmup > 0 ? WARMUP : duration > 0 ? MEASURE : DRAIN;
  int64_t phase_at = now_ns(), t0 = 0, t1 = 0, last_scan = phase_at;
  double gen0 = 0, gen1 = 0;
  long next = 0, filled = 0;
  last_answer = phase_at;
  if (phase == MEASURE) { t0 = phase_at; watch_start(&watched); gen0 = self_cpu_s(); }

  while (phase != DONE) {
    int64_t now = now_ns();
    /* Phase changes. */
    if (phase == FILL && ((next >= P.n && busy == 0) || now - phase_at > (int64_t)(max_fill * 1e9))) {
      double s = (double)(now - phase_at) / 1e9;
      printf("FILL peers=%ld announced=%ld seconds=%.2f rate=%.0f failed=%ld%s\n", P.n, filled, s, filled / s, all.failed, next < P.n || busy ? " INCOMPLETE" : "");
      fflush(stdout);
      phase = warmup > 0 ? WARMUP : duration > 0 ? MEASURE : DRAIN;
      phase_at = now;
      if (phase == MEASURE) { memset(&win, 0, sizeof win); t0 = now; watch_start(&watched); gen0 = self_cpu_s(); }
    } else if (phase == WARMUP && now - phase_at >= (int64_t)(warmup * 1e9)) {
      phase = duration > 0 ? MEASURE : DRAIN;
      phase_at = now;
      if (phase == MEASURE) { memset(&win, 0, sizeof win); t0 = now; watch_start(&watched); gen0 = self_cpu_s(); }
    } else if (phase == MEASURE && now - t0 >= (int64_t)(duration * 1e9)) {
      t1 = now;
      watch_end(&watched);
      gen1 = self_cpu_s();
      phase = DRAIN;
      phase_at = now;
    } else if (phase == DRAIN && (busy == 0 || now - phase_at > 2000000000LL)) {
      phase = DONE;
      break;
    }
    if (phase != DRAIN && now - last_answer > STALL_NS) stalled(first_error);
    /* Idle slots take the next peer (fill: each once; afterwards round and round). */
    if (phase != DRAIN) {
      while (idle_n > 0 && !(phase == FILL && next >= P.n)) {
        start(&slots[idle[--idle_n]], next % P.n, now);
        next++;
      }
    }
    flush();
    /* Answers. */
    for (int k = 0; k < BATCH; k++) {
      iovs[k].iov_base = bufs[k];
      iovs[k].iov_len = sizeof bufs[k];
      memset(&msgs[k], 0, sizeof msgs[k]);
      msgs[k].msg_hdr.msg_iov = &iovs[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
    }
    int got = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    now = now_ns();
    for (int k = 0; k < got; k++) answer(bufs[k], msgs[k].msg_len, phase, now, &filled);
    if (got <= 0 && queued == 0) {
      struct pollfd pfd = {.fd = fd, .events = POLLIN};
      poll(&pfd, 1, 2);
    }
    /* Requests that got no answer. */
    if (now - last_scan > 20000000) {
      last_scan = now;
      for (long k = 0; k < window; k++) {
        struct slot *s = &slots[k];
        if (s->stage != IDLE && now - s->sent > timeout_ns) {
          all.timeouts++; win.timeouts++;
          retry(s, now);
        }
      }
    }
  }

  if (t1 > t0) {
    double s = (double)(t1 - t0) / 1e9;
    printf("RESULT proto=udp mode=%s torrents=%ld peers=%ld window=%ld seconds=%.2f announces=%ld rate=%.0f connects=%ld errors=%ld timeouts=%ld late=%ld bad=%ld failed=%ld peers_per_answer=%.1f",
           mode_connect ? "connect" : "reuse", P.t, P.n, window, s, win.announces, win.announces / s, win.connects, win.errors, win.timeouts, win.late, win.bad, win.failed,
           win.announces ? win.peers / (double)win.announces : 0.0);
    print_watched(&watched, s);
    printf(" load_cpu=%.1f\n", 100.0 * (gen1 - gen0) / s);
  }
  if (first_error[0]) printf("FIRST_ERROR %s\n", first_error);
  printf("TOTAL announces=%ld connects=%ld errors=%ld timeouts=%ld bad=%ld failed=%ld\n", all.announces, all.connects, all.errors, all.timeouts, all.bad, all.failed);
  if (want_scrape) scrape();
  fflush(stdout);
  return 0;
}
