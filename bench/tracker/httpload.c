/*
 * BEP 3 announce load generator over HTTP/1.1: `--connections` connections driven by epoll, one
 * announce in flight on each, every answer read to its end and checked (status 200, a bencoded
 * dictionary with `interval` and no `failure reason`; compact peers counted).
 *
 *   httpload --port P[,P2] --hashes FILE --torrents T --peers N [--connections C] [--mode keepalive|close]
 *            [--numwant 50] [--fill] [--warmup S] [--duration S] [--pid PID] [--timeout-ms 2000]
 *            [--max-fill S]
 *
 * --mode keepalive: announces follow each other on a connection (what wrk measures); a connection
 * the server closes after an answer is reopened, and counted. --mode close: every announce on a
 * new connection (`Connection: close`), which is how BitTorrent clients announce (one request
 * every half hour) and the only way opentracker answers: it closes the connection after each reply.
 * Connection c is bound to source address c of load.h and announces its peers c, c + C, c + 2C…,
 * so the peers are those of udpload with --sources C. With several ports (tracker processes sharing
 * a store), connection c talks to port c % ports. Connects only to 127.0.0.1.
 *
 * Phases as in udpload.c (fill: every peer once; warm-up; measured window); prints `FILL …` and
 * `RESULT …` lines.
 */
#include "load.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define MAX_CONNECTIONS 4096
#define RESPONSE_MAX 16384

enum state { FREE, CONNECTING, WRITING, READING };

struct conn {
  int fd;
  uint32_t gen; /* which of the connection's sockets an epoll event is for */
  enum state state;
  long k;        /* the next of this connection's peers: c + k * C */
  long peer;
  int attempts;
  int reused;    /* the request went out on a connection that had answered before */
  int done;      /* fill: every peer of this connection announced */
  int64_t started;
  char req[640];
  int req_len, req_off;
  char resp[RESPONSE_MAX];
  int resp_len;
};

struct counters {
  long announces, errors, timeouts, reconnects, connections, failed;
  double peers;
};

static struct peers P;
static struct conn *conns;
static long nconns = 64;
static int keepalive = 1;
static int numwant = 50;
#define MAX_TARGETS 4
static uint16_t ports[MAX_TARGETS];
static int nports = 0;
static int ep;
static int64_t timeout_ns = 2000000000;
static struct counters win, all;
static char first_error[200] = "";
static int64_t last_answer;
static char (*encoded)[61]; /* each infohash, percent-encoded */

static void build(struct conn *c) {
  long i = c->peer;
  char id[21];
  peer_id(i, id);
  c->req_len = snprintf(c->req, sizeof c->req,
                        "GET /announce?info_hash=%s&peer_id=%s&port=%u&uploaded=0&downloaded=0&left=%s&numwant=%d&compact=1 HTTP/1.1\r\n"
                        "Host: 127.0.0.1:%u\r\nUser-Agent: kinora-bench/1\r\n%s\r\n",
                        encoded[peer_torrent(&P, i)], id, peer_port(&P, i), peer_seeder(i) ? "0" : "1000000000", numwant, ports[(c - conns) % nports],
                        keepalive ? "" : "Connection: close\r\n");
  c->req_off = 0;
  c->resp_len = 0;
}

static void drop_fd(struct conn *c) {
  if (c->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->fd = -1;
}

static void want(struct conn *c, uint32_t events, int op) {
  struct epoll_event e = {.events = events, .data.u64 = (uint64_t)(c - conns) | ((uint64_t)c->gen << 32)};
  if (epoll_ctl(ep, op, c->fd, &e) < 0) { perror("epoll_ctl"); exit(1); }
}

/* Opens a connection from the connection's own source address to 127.0.0.1:port. */
static void open_fd(struct conn *c) {
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (c->fd < 0) { perror("socket"); exit(1); }
  c->gen++;
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(c->fd, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = source_address(peer_source(&P, c->peer))};
  if (bind(c->fd, (struct sockaddr *)&from, sizeof from) < 0) { perror("bind"); exit(1); }
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(ports[(c - conns) % nports]), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  c->reused = 0;
  all.connections++; win.connections++;
  if (connect(c->fd, (struct sockaddr *)&to, sizeof to) == 0) {
    c->state = WRITING;
    want(c, EPOLLOUT, EPOLL_CTL_ADD);
  } else if (errno == EINPROGRESS) {
    c->state = CONNECTING;
    want(c, EPOLLOUT, EPOLL_CTL_ADD);
  } else {
    perror("connect");
    exit(1);
  }
}

/* Sends the connection's current request (c->peer), on a new connection unless one is open. */
static void send_request(struct conn *c, int64_t now) {
  build(c);
  c->started = now;
  if (c->fd < 0) open_fd(c);
  else {
    c->reused = 1;
    c->state = WRITING;
    want(c, EPOLLOUT, EPOLL_CTL_MOD);
  }
}

static void next_request(struct conn *c, enum phase phase, int64_t now) {
  long ci = (long)(c - conns);
  if (ci + c->k * nconns >= P.n) {
    if (phase == FILL) { c->done = 1; c->state = FREE; drop_fd(c); return; }
    c->k = 0;
  }
  c->peer = ci + c->k * nconns;
  c->k++;
  c->attempts = 0;
  send_request(c, now);
}

static void failure(struct conn *c, const char *why, int64_t now) {
  all.errors++; win.errors++;
  if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s", why);
  drop_fd(c);
  if (++c->attempts >= 3) { all.failed++; win.failed++; c->state = FREE; return; }
  send_request(c, now);
}

static const char *header(const char *head, int len, const char *name) {
  size_t n = strlen(name);
  for (const char *p = head; p + n < head + len; p++) {
    if ((p == head || p[-1] == '\n') && !strncasecmp(p, name, n)) return p + n;
  }
  return NULL;
}

/* Returns 1 when a whole answer is in and was handled, 0 when more bytes are needed. */
static int parse(struct conn *c, enum phase phase, long *filled, int64_t now) {
  char *end = memmem(c->resp, (size_t)c->resp_len, "\r\n\r\n", 4);
  if (!end) {
    if (c->resp_len >= RESPONSE_MAX) { failure(c, "response headers too long", now); return 1; }
    return 0;
  }
  int head = (int)(end - c->resp) + 4;
  const char *cl = header(c->resp, head, "content-length:");
  if (!cl) { failure(c, "response without content-length", now); return 1; }
  long body = strtol(cl, NULL, 10);
  if (head + body > RESPONSE_MAX) { failure(c, "response too long", now); return 1; }
  if (c->resp_len < head + body) return 0;
  const char *b = c->resp + head;
  if (strncmp(c->resp, "HTTP/1.1 200", 12) && strncmp(c->resp, "HTTP/1.0 200", 12)) { failure(c, "status is not 200", now); return 1; }
  if (body < 1 || b[0] != 'd' || !memmem(b, (size_t)body, "8:intervali", 11)) { failure(c, "not a bencoded announce answer", now); return 1; }
  if (memmem(b, (size_t)body, "14:failure reason", 17)) {
    char why[200];
    const char *r = memmem(b, (size_t)body, "14:failure reason", 17) + 17;
    snprintf(why, sizeof why, "failure reason %.*s", (int)(b + body - r > 120 ? 120 : b + body - r), r);
    failure(c, why, now);
    return 1;
  }
  const char *peers = memmem(b, (size_t)body, "5:peers", 7);
  long n = peers ? strtol(peers + 7, NULL, 10) : 0;
  all.announces++; win.announces++;
  last_answer = now;
  win.peers += (double)n / 6;
  if (phase == FILL) (*filled)++;
  const char *conn = header(c->resp, head, "connection:");
  int server_closes = conn && !strncasecmp(conn + strspn(conn, " "), "close", 5);
  if (!keepalive || server_closes) drop_fd(c);
  c->state = FREE;
  return 1;
}

static void readable(struct conn *c, enum phase phase, long *filled, int64_t now) {
  for (;;) {
    ssize_t r = read(c->fd, c->resp + c->resp_len, (size_t)(RESPONSE_MAX - c->resp_len));
    if (r > 0) {
      c->resp_len += (int)r;
      if (parse(c, phase, filled, now)) return;
      continue;
    }
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    /* Closed (or reset) before a whole answer: a kept-alive connection the server had closed is reopened. */
    if (c->resp_len == 0 && c->reused) {
      all.reconnects++; win.reconnects++;
      drop_fd(c);
      send_request(c, now);
    } else failure(c, r == 0 ? "connection closed before the answer was complete" : strerror(errno), now);
    return;
  }
}

static void writable(struct conn *c, int64_t now) {
  if (c->state == CONNECTING) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) { failure(c, strerror(err), now); return; }
    c->state = WRITING;
  }
  while (c->req_off < c->req_len) {
    ssize_t w = write(c->fd, c->req + c->req_off, (size_t)(c->req_len - c->req_off));
    if (w < 0 && errno == EAGAIN) return;
    if (w <= 0) {
      if (c->reused && c->req_off == 0) { all.reconnects++; win.reconnects++; drop_fd(c); send_request(c, now); }
      else failure(c, strerror(errno), now);
      return;
    }
    c->req_off += (int)w;
  }
  c->state = READING;
  want(c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD);
}

static void percent_encode(const uint8_t *h, char out[61]) {
  static const char hex[] = "0123456789ABCDEF";
  for (int i = 0; i < 20; i++) {
    out[3 * i] = '%';
    out[3 * i + 1] = hex[h[i] >> 4];
    out[3 * i + 2] = hex[h[i] & 15];
  }
  out[60] = 0;
}

int main(int argc, char **argv) {
  const char *hashes = NULL, *port_list = NULL;
  double warmup = 0, duration = 0, max_fill = 300;
  int fill = 0;
  struct watched watched = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE() (v ? (i++, v) : (die("%s needs a value", a), ""))
    if (!strcmp(a, "--port")) port_list = VALUE();
    else if (!strcmp(a, "--hashes")) hashes = VALUE();
    else if (!strcmp(a, "--torrents")) P.t = whole_arg(a, VALUE(), 1, 10000000);
    else if (!strcmp(a, "--peers")) P.n = whole_arg(a, VALUE(), 1, 100000000);
    else if (!strcmp(a, "--connections")) nconns = whole_arg(a, VALUE(), 1, MAX_CONNECTIONS);
    else if (!strcmp(a, "--mode")) { const char *m = VALUE(); if (!strcmp(m, "close")) keepalive = 0; else if (strcmp(m, "keepalive")) die("--mode is keepalive or close, not %s", m); }
    else if (!strcmp(a, "--numwant")) numwant = (int)whole_arg(a, VALUE(), 0, 200);
    else if (!strcmp(a, "--fill")) fill = 1;
    else if (!strcmp(a, "--warmup")) warmup = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--duration")) duration = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--max-fill")) max_fill = seconds_arg(a, VALUE());
    else if (!strcmp(a, "--timeout-ms")) timeout_ns = whole_arg(a, VALUE(), 1, 60000) * 1000000LL;
    else if (!strcmp(a, "--pid")) parse_pids(&watched, VALUE());
    else die("unknown argument %s", a);
  }
  if (port_list) {
    char copy[128];
    snprintf(copy, sizeof copy, "%s", port_list);
    for (char *tok = strtok(copy, ","); tok && nports < MAX_TARGETS; tok = strtok(NULL, ",")) ports[nports++] = (uint16_t)whole_arg("--port", tok, 1, 65535);
  }
  if (!nports || !hashes || !P.t || !P.n) die("%s", "usage: httpload --port P[,P2] --hashes FILE --torrents T --peers N [options; see the header of httpload.c]");
  P.a = nconns;
  check_peers(&P);
  P.hashes = read_hashes(hashes, P.t);
  encoded = malloc((size_t)P.t * sizeof *encoded);
  for (long t = 0; t < P.t; t++) percent_encode(P.hashes + t * 20, encoded[t]);
  conns = calloc((size_t)nconns, sizeof *conns);
  ep = epoll_create1(0);

  enum phase phase = fill ? FILL : warmup > 0 ? WARMUP : duration > 0 ? MEASURE : DRAIN;
  int64_t phase_at = now_ns(), t0 = 0, t1 = 0, last_scan = phase_at;
  double gen0 = 0, gen1 = 0;
  long filled = 0;
  last_answer = phase_at;
  if (phase == MEASURE) { t0 = phase_at; watch_start(&watched); gen0 = self_cpu_s(); }
  for (long k = 0; k < nconns; k++) { conns[k].fd = -1; if (phase != DRAIN) next_request(&conns[k], phase, phase_at); }

  struct epoll_event events[256];
  while (phase != DONE) {
    int n = epoll_wait(ep, events, 256, 5);
    int64_t now = now_ns();
    for (int k = 0; k < n; k++) {
      struct conn *c = &conns[(uint32_t)events[k].data.u64];
      if (c->fd < 0 || c->gen != (uint32_t)(events[k].data.u64 >> 32)) continue; /* for a socket closed since */
      if (c->state == READING) readable(c, phase, &filled, now);
      else if (c->state == CONNECTING || c->state == WRITING) writable(c, now);
      if (c->state == FREE && !c->done && phase != DRAIN && c->attempts < 3) next_request(c, phase, now);
    }
    if (now - last_scan > 50000000) {
      last_scan = now;
      for (long k = 0; k < nconns; k++) {
        struct conn *c = &conns[k];
        if (c->state != FREE && now - c->started > timeout_ns) {
          all.timeouts++; win.timeouts++;
          failure(c, "no answer in time", now);
        }
        /* A connection whose request failed three times moves on to its next peer. */
        if (c->state == FREE && !c->done && phase != DRAIN) next_request(c, phase, now);
      }
    }
    if (phase != DRAIN && now - last_answer > STALL_NS) stalled(first_error);
    long active = 0;
    for (long k = 0; k < nconns; k++) active += conns[k].state != FREE;
    if (phase == FILL) {
      long pending = 0;
      for (long k = 0; k < nconns; k++) pending += !conns[k].done;
      if (pending == 0 || now - phase_at > (int64_t)(max_fill * 1e9)) {
        double s = (double)(now - phase_at) / 1e9;
        printf("FILL peers=%ld announced=%ld seconds=%.2f rate=%.0f failed=%ld%s\n", P.n, filled, s, filled / s, all.failed, pending ? " INCOMPLETE" : "");
        fflush(stdout);
        phase = warmup > 0 ? WARMUP : duration > 0 ? MEASURE : DRAIN;
        phase_at = now;
        for (long k = 0; k < nconns; k++) {
          struct conn *c = &conns[k];
          c->done = 0;
          if (c->state == FREE && phase != DRAIN) { c->k = 0; next_request(c, phase, now); }
        }
        if (phase == MEASURE) { memset(&win, 0, sizeof win); t0 = now; watch_start(&watched); gen0 = self_cpu_s(); }
      }
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
    } else if (phase == DRAIN && (active == 0 || now - phase_at > 2000000000LL)) {
      phase = DONE;
    }
  }
  for (long k = 0; k < nconns; k++) drop_fd(&conns[k]);

  if (t1 > t0) {
    double s = (double)(t1 - t0) / 1e9;
    printf("RESULT proto=http mode=%s torrents=%ld peers=%ld connections=%ld seconds=%.2f announces=%ld rate=%.0f errors=%ld timeouts=%ld reconnects=%ld new_connections=%ld failed=%ld peers_per_answer=%.1f",
           keepalive ? "keepalive" : "close", P.t, P.n, nconns, s, win.announces, win.announces / s, win.errors, win.timeouts, win.reconnects, win.connections, win.failed,
           win.announces ? win.peers / (double)win.announces : 0.0);
    print_watched(&watched, s);
    printf(" load_cpu=%.1f\n", 100.0 * (gen1 - gen0) / s);
  }
  if (first_error[0]) printf("FIRST_ERROR %s\n", first_error);
  printf("TOTAL announces=%ld errors=%ld timeouts=%ld reconnects=%ld connections=%ld failed=%ld\n", all.announces, all.errors, all.timeouts, all.reconnects, all.connections, all.failed);
  fflush(stdout);
  return 0;
}
