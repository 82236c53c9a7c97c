/*
 * FreeBSD kqueue on epoll, and poll/select.  A kqueue is an epoll
 * instance plus franca's list of knotes: READ and WRITE knotes share their
 * descriptor's epoll registration, each TIMER knote owns a auxfd, and all
 * USER knotes share one eventfd.  Regular files, which epoll refuses, are
 * always ready, as FreeBSD reports them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "franca/fbsd.h"
#include "franca/franca.h"
#include "franca/thread.h"

/* sys/sys/event.h */
struct fbsd_kevent {
	uint64_t ident;
	int16_t filter;
	uint16_t flags;
	uint32_t fflags;
	int64_t data;
	uint64_t udata;
	uint64_t ext[4];
};
_Static_assert(sizeof(struct fbsd_kevent) == 64, "sys/event.h");

enum {
	EVFILT_READ = -1, EVFILT_WRITE = -2, EVFILT_VNODE = -4, EVFILT_PROC = -5, EVFILT_SIGNAL = -6,
	EVFILT_TIMER = -7,
	EVFILT_USER = -11,
};
enum {
	EV_ADD = 0x1, EV_DELETE = 0x2, EV_ENABLE = 0x4, EV_DISABLE = 0x8,
	EV_ONESHOT = 0x10, EV_CLEAR = 0x20, EV_RECEIPT = 0x40, EV_DISPATCH = 0x80,
	EV_ERROR = 0x4000, EV_EOF = 0x8000,
};
#define NOTE_TRIGGER 0x01000000u
#define NOTE_FFCTRLMASK 0xc0000000u
#define NOTE_FFLAGSMASK 0x00ffffffu
#define NOTE_SECONDS 0x1u
#define NOTE_MSECONDS 0x2u
#define NOTE_USECONDS 0x4u
#define NOTE_NSECONDS 0x8u
#define NOTE_ABSTIME 0x10u
#define NOTE_EXIT 0x80000000u
/* EVFILT_VNODE fflags */
#define NOTE_DELETE 0x1u
#define NOTE_WRITE 0x2u
#define NOTE_EXTEND 0x4u
#define NOTE_ATTRIB 0x8u
#define NOTE_LINK 0x10u
#define NOTE_RENAME 0x20u
#define NOTE_OPEN 0x80u
#define NOTE_CLOSE 0x100u
#define NOTE_CLOSE_WRITE 0x200u
#define NOTE_READ 0x400u
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define TAG_SHIFT 60
#define TAG_FD 0ULL
#define TAG_AUX 1ULL
#define TAG_USER 2ULL
#define TAG_INOTIFY 3ULL

struct knote {
	uint64_t ident;
	int16_t filter;
	uint16_t flags;
	uint32_t fflags;
	int64_t data;
	uint64_t udata;
	int enabled;
	int always;     /* a regular file: always ready */
	int fired;      /* an EV_CLEAR always-ready knote already reported */
	int auxfd;      /* TIMER: its timerfd; PROC: a pidfd; VNODE: an inotify watch */
	uint32_t got;   /* VNODE: NOTE_ flags seen, not yet reported */
	int64_t size;   /* VNODE: file size at the last report, for NOTE_EXTEND */
	uint64_t nlink; /* VNODE: link count at the last report, for NOTE_LINK/NOTE_DELETE */
	int triggered;  /* EVFILT_USER */
};

/* TIMER and PROC knotes own a descriptor in epoll, tagged with their index. */
static int has_auxfd_tag(const struct knote *kn)
{
	return (kn->filter == EVFILT_TIMER || kn->filter == EVFILT_PROC) && kn->auxfd >= 0;
}

struct kq {
	int epfd, evfd;
	int inotify;                      /* EVFILT_VNODE watches, -1 until needed */
	uint32_t sigcount[FBSD_NSIG + 1]; /* EVFILT_SIGNAL: occurrences not yet reported */
	pthread_mutex_t lock;
	struct knote *k;
	size_t n, cap;
};

/*
 * kqueues with EVFILT_SIGNAL knotes, for the signal handler to reach
 * without locks.  A kqueue that was ever listed is never freed.
 */
#define MAX_SIGKQ 64
static struct kq *sigkqs[MAX_SIGKQ];

static void sigkq_add(struct kq *q)
{
	for (int i = 0; i < MAX_SIGKQ; i++)
		if (__atomic_load_n(&sigkqs[i], __ATOMIC_SEQ_CST) == q)
			return;
	for (int i = 0; i < MAX_SIGKQ; i++) {
		struct kq *none = NULL;
		if (__atomic_compare_exchange_n(&sigkqs[i], &none, q, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return;
	}
}

static int sigkq_listed(const struct kq *q)
{
	for (int i = 0; i < MAX_SIGKQ; i++)
		if (__atomic_load_n(&sigkqs[i], __ATOMIC_SEQ_CST) == q)
			return 1;
	return 0;
}

/* From franca's signal handler: count f in every kqueue watching it and wake its waiters. */
void fbsd_kq_signal(int f)
{
	for (int i = 0; i < MAX_SIGKQ; i++) {
		struct kq *q = __atomic_load_n(&sigkqs[i], __ATOMIC_SEQ_CST);
		if (!q)
			continue;
		__atomic_add_fetch(&q->sigcount[f], 1, __ATOMIC_SEQ_CST);
		uint64_t one = 1;
		if (write(q->evfd, &one, sizeof(one)) < 0) { /* already signalled */ }
	}
}

static struct kq **kqs;
static size_t nkqs;
static pthread_mutex_t kqs_lock = PTHREAD_MUTEX_INITIALIZER;

static struct kq *kq_get(int fd)
{
	struct kq *q = NULL;
	pthread_mutex_lock(&kqs_lock);
	if (fd >= 0 && (size_t)fd < nkqs)
		q = kqs[fd];
	pthread_mutex_unlock(&kqs_lock);
	return q;
}

static void kq_free(struct kq *q)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->k[i].filter == EVFILT_SIGNAL)
			fbsd_signal_watch((int)q->k[i].ident, -1);
	for (size_t i = 0; i < q->n; i++)
		if (has_auxfd_tag(&q->k[i]))
			close(q->k[i].auxfd);
	close(q->evfd);
	if (q->inotify >= 0)
		close(q->inotify);
	free(q->k);
	free(q);
}

int fbsd_kq_close(int fd)
{
	struct kq *q = NULL;
	pthread_mutex_lock(&kqs_lock);
	if (fd >= 0 && (size_t)fd < nkqs) {
		q = kqs[fd];
		kqs[fd] = NULL;
	}
	pthread_mutex_unlock(&kqs_lock);
	if (!q)
		return 0;
	if (sigkq_listed(q)) {
		/* A signal handler may still look at it: keep the memory, close the rest. */
		for (size_t i = 0; i < q->n; i++)
			if (q->k[i].filter == EVFILT_SIGNAL)
				fbsd_signal_watch((int)q->k[i].ident, -1);
		q->n = 0;
		return 1;
	}
	kq_free(q);
	return 1;
}

/*
 * FreeBSD drops a descriptor's knotes when the descriptor is closed; Go's
 * netpoller relies on it.  Called before fd is closed or replaced, so that
 * the epoll registration goes too, even if a forked child still holds the
 * file open.
 */
static void knote_remove(struct kq *q, struct knote *kn);

void fbsd_kq_fd_closing(int fd)
{
	pthread_mutex_lock(&kqs_lock);
	for (size_t i = 0; i < nkqs; i++) {
		struct kq *q = kqs[i];
		if (!q)
			continue;
		pthread_mutex_lock(&q->lock);
		for (size_t j = 0; j < q->n;) {
			struct knote *kn = &q->k[j];
			if ((kn->filter == EVFILT_READ || kn->filter == EVFILT_WRITE || kn->filter == EVFILT_VNODE) &&
			    kn->ident == (uint64_t)fd) {
				knote_remove(q, kn); /* moves the last knote into slot j */
				continue;
			}
			j++;
		}
		epoll_ctl(q->epfd, EPOLL_CTL_DEL, fd, NULL);
		pthread_mutex_unlock(&q->lock);
	}
	pthread_mutex_unlock(&kqs_lock);
}

/*
 * kqueues are not inherited by fork(2) children.  Runs in the child of a
 * multi-threaded parent, where another thread may have held our locks or
 * malloc's: it only closes descriptors and resets the locks, and leaks the
 * structures (the child usually execs at once).
 */
void fbsd_kq_forget_all(void)
{
	pthread_mutex_init(&kqs_lock, NULL);
	for (size_t i = 0; i < nkqs; i++) {
		struct kq *q = kqs[i];
		if (!q)
			continue;
		for (size_t j = 0; j < q->n; j++)
			if (has_auxfd_tag(&q->k[j]))
				close(q->k[j].auxfd);
		if (q->inotify >= 0)
			close(q->inotify);
		close(q->evfd);
		close((int)i);
		kqs[i] = NULL;
	}
}

static long kq_create(int cloexec)
{
	struct kq *q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->epfd = epoll_create1(cloexec ? EPOLL_CLOEXEC : 0);
	if (q->epfd < 0) {
		int e = errno;
		free(q);
		return -e;
	}
	q->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	q->inotify = -1;
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG_USER << TAG_SHIFT};
	epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->evfd, &ev);
	pthread_mutex_init(&q->lock, NULL);
	pthread_mutex_lock(&kqs_lock);
	if ((size_t)q->epfd >= nkqs) {
		size_t nn = (size_t)q->epfd * 2 + 16;
		struct kq **nk = realloc(kqs, nn * sizeof(*nk));
		if (!nk) {
			pthread_mutex_unlock(&kqs_lock);
			close(q->epfd);
			free(q);
			return -ENOMEM;
		}
		memset(nk + nkqs, 0, (nn - nkqs) * sizeof(*nk));
		kqs = nk;
		nkqs = nn;
	}
	kqs[q->epfd] = q;
	pthread_mutex_unlock(&kqs_lock);
	return q->epfd;
}

/* FreeBSD kqueue(2). */
long fbsd_sys_kqueue(struct fr_sc *sc)
{
	(void)sc;
	return kq_create(0);
}

/* FreeBSD kqueuex(2): KQUEUE_CLOEXEC is 1. */
long fbsd_sys_kqueuex(struct fr_sc *sc)
{
	if (sc->a[0] & ~1UL)
		return -EINVAL;
	return kq_create((int)(sc->a[0] & 1));
}

static struct knote *find(struct kq *q, uint64_t ident, int16_t filter)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->k[i].ident == ident && q->k[i].filter == filter)
			return &q->k[i];
	return NULL;
}

/* Recomputes the epoll registration of descriptor fd from its knotes. */
static int fd_rearm(struct kq *q, int fd)
{
	struct knote *r = find(q, (uint64_t)fd, EVFILT_READ);
	struct knote *w = find(q, (uint64_t)fd, EVFILT_WRITE);
	uint32_t events = 0;
	int clear = 1, any = 0;
	if (r && !r->always) {
		any = 1;
		if (r->enabled)
			events |= EPOLLIN | EPOLLRDHUP;
		clear &= !!(r->flags & EV_CLEAR);
	}
	if (w && !w->always) {
		any = 1;
		if (w->enabled)
			events |= EPOLLOUT;
		clear &= !!(w->flags & EV_CLEAR);
	}
	if (!any) {
		epoll_ctl(q->epfd, EPOLL_CTL_DEL, fd, NULL);
		return 0;
	}
	struct epoll_event ev = {.events = events | (clear ? EPOLLET : 0),
				 .data.u64 = (TAG_FD << TAG_SHIFT) | (uint32_t)fd};
	if (epoll_ctl(q->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)
		return 0;
	if (errno == ENOENT && epoll_ctl(q->epfd, EPOLL_CTL_ADD, fd, &ev) == 0)
		return 0;
	return -errno;
}

static void knote_remove(struct kq *q, struct knote *kn)
{
	if (kn->filter == EVFILT_SIGNAL)
		fbsd_signal_watch((int)kn->ident, -1);
	if (kn->filter == EVFILT_VNODE) {
		inotify_rm_watch(q->inotify, kn->auxfd);
		kn->auxfd = -1;
	}
	if (kn->auxfd >= 0) {
		epoll_ctl(q->epfd, EPOLL_CTL_DEL, kn->auxfd, NULL);
		close(kn->auxfd);
	}
	uint64_t ident = kn->ident;
	int16_t filter = kn->filter;
	*kn = q->k[--q->n];
	if (filter == EVFILT_READ || filter == EVFILT_WRITE)
		fd_rearm(q, (int)ident);
	/* The moved knote's timer tag carries its index: refresh it. */
	if ((size_t)(kn - q->k) < q->n && has_auxfd_tag(kn)) {
		struct epoll_event ev = {.events = EPOLLIN,
					 .data.u64 = (TAG_AUX << TAG_SHIFT) | (uint64_t)(kn - q->k)};
		epoll_ctl(q->epfd, EPOLL_CTL_MOD, kn->auxfd, &ev);
	}
}

static int timer_arm(struct knote *kn)
{
	int64_t v = kn->data;
	uint64_t ns;
	uint32_t u = kn->fflags & (NOTE_SECONDS | NOTE_MSECONDS | NOTE_USECONDS | NOTE_NSECONDS);
	if (v < 0)
		return -EINVAL;
	ns = u == NOTE_SECONDS ? (uint64_t)v * 1000000000ULL
	     : u == NOTE_USECONDS ? (uint64_t)v * 1000ULL
	     : u == NOTE_NSECONDS ? (uint64_t)v
				  : (uint64_t)v * 1000000ULL;
	struct itimerspec its = {0};
	its.it_value.tv_sec = (time_t)(ns / 1000000000ULL);
	its.it_value.tv_nsec = (long)(ns % 1000000000ULL);
	if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
		its.it_value.tv_nsec = 1;
	if (!(kn->flags & EV_ONESHOT) && !(kn->fflags & NOTE_ABSTIME))
		its.it_interval = its.it_value;
	int flags = kn->fflags & NOTE_ABSTIME ? TFD_TIMER_ABSTIME : 0;
	return timerfd_settime(kn->auxfd, flags, &its, NULL) ? -errno : 0;
}

/* Watches the file open on fd with inotify; returns the watch descriptor. */
static int vnode_watch(struct kq *q, int fd)
{
	if (q->inotify < 0) {
		q->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (q->inotify < 0)
			return -errno;
		struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG_INOTIFY << TAG_SHIFT};
		epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->inotify, &ev);
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int wd = inotify_add_watch(q->inotify, path,
				   IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF | IN_CREATE | IN_DELETE |
				   IN_MOVED_FROM | IN_MOVED_TO | IN_OPEN | IN_CLOSE | IN_ACCESS);
	return wd < 0 ? -errno : wd;
}

/* inotify events to FreeBSD NOTE_ flags; a directory "is written" when an entry changes. */
static const struct {
	uint32_t in, note;
} vnode_map[] = {
	{IN_DELETE_SELF, NOTE_DELETE},
	{IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO, NOTE_WRITE},
	{IN_ATTRIB, NOTE_ATTRIB},
	{IN_MOVE_SELF, NOTE_RENAME},
	{IN_OPEN, NOTE_OPEN},
	{IN_CLOSE_NOWRITE, NOTE_CLOSE},
	{IN_CLOSE_WRITE, NOTE_CLOSE_WRITE},
	{IN_ACCESS, NOTE_READ},
};

static uint32_t vnode_flags(uint32_t m)
{
	uint32_t f = 0;
	for (size_t i = 0; i < FR_ARRAY_LEN(vnode_map); i++)
		if (m & vnode_map[i].in)
			f |= vnode_map[i].note;
	/* A subdirectory coming or going changes the directory's link count. */
	if ((m & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) && (m & IN_ISDIR))
		f |= NOTE_LINK;
	return f;
}

static int apply_change(struct kq *q, const struct fbsd_kevent *ch)
{
	struct knote *kn = find(q, ch->ident, ch->filter);
	if (ch->flags & EV_DELETE) {
		if (!kn)
			return -ENOENT;
		knote_remove(q, kn);
		return 0;
	}
	if (!kn && !(ch->flags & EV_ADD))
		return -ENOENT;
	if (!kn) {
		if (ch->filter != EVFILT_READ && ch->filter != EVFILT_WRITE && ch->filter != EVFILT_PROC &&
		    ch->filter != EVFILT_SIGNAL && ch->filter != EVFILT_TIMER && ch->filter != EVFILT_USER &&
		    ch->filter != EVFILT_VNODE)
			return -EINVAL;
		int wd = -1;
		if (ch->filter == EVFILT_VNODE) {
			wd = vnode_watch(q, (int)ch->ident);
			if (wd < 0)
				return wd;
		}
		if (ch->filter == EVFILT_SIGNAL && (ch->ident < 1 || ch->ident > FBSD_NSIG))
			return -EINVAL;
		int pidfd = -1;
		if (ch->filter == EVFILT_PROC) {
			if (!(ch->fflags & NOTE_EXIT))
				return -EINVAL; /* NOTE_FORK, NOTE_EXEC, NOTE_TRACK: not yet */
			pidfd = (int)syscall(SYS_pidfd_open, (pid_t)ch->ident, 0);
			if (pidfd < 0)
				return -errno;
		}
		if ((ch->filter == EVFILT_READ || ch->filter == EVFILT_WRITE) &&
		    fcntl((int)ch->ident, F_GETFD) < 0)
			return -EBADF;
		if (q->n == q->cap) {
			size_t nc = q->cap * 2 + 16;
			struct knote *nk = realloc(q->k, nc * sizeof(*nk));
			if (!nk) {
				if (pidfd >= 0)
					close(pidfd);
				return -ENOMEM;
			}
			q->k = nk;
			q->cap = nc;
		}
		kn = &q->k[q->n++];
		memset(kn, 0, sizeof(*kn));
		kn->ident = ch->ident;
		kn->filter = ch->filter;
		kn->auxfd = -1;
		kn->enabled = 1;
		/* As in FreeBSD, these are fixed when the knote is made. */
		kn->flags = ch->flags & (EV_ONESHOT | EV_CLEAR | EV_DISPATCH);
		if (ch->filter == EVFILT_VNODE) {
			kn->auxfd = wd;
			struct stat st;
			if (fstat((int)ch->ident, &st) == 0) {
				kn->size = st.st_size;
				kn->nlink = st.st_nlink;
			}
		}
		if (ch->filter == EVFILT_SIGNAL) {
			kn->flags |= EV_CLEAR; /* FreeBSD: signal knotes are always EV_CLEAR */
			__atomic_store_n(&q->sigcount[ch->ident], 0, __ATOMIC_SEQ_CST);
			sigkq_add(q);
			fbsd_signal_watch((int)ch->ident, 1);
		}
		if (ch->filter == EVFILT_TIMER || ch->filter == EVFILT_PROC) {
			kn->auxfd = ch->filter == EVFILT_PROC ? pidfd
				    : timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
			if (kn->auxfd < 0) {
				q->n--;
				return -errno;
			}
			struct epoll_event ev = {.events = EPOLLIN,
						 .data.u64 = (TAG_AUX << TAG_SHIFT) | (uint64_t)(kn - q->k)};
			epoll_ctl(q->epfd, EPOLL_CTL_ADD, kn->auxfd, &ev);
		}
	}
	kn->udata = ch->udata;
	kn->fired = 0;
	if (ch->flags & EV_DISABLE)
		kn->enabled = 0;
	if (ch->flags & (EV_ENABLE | EV_ADD) && !(ch->flags & EV_DISABLE))
		kn->enabled = 1;
	switch (ch->filter) {
	case EVFILT_READ:
	case EVFILT_WRITE: {
		kn->fflags = ch->fflags;
		int r = fd_rearm(q, (int)ch->ident);
		if (r == -EPERM) {
			kn->always = 1; /* a regular file or directory */
			r = 0;
		}
		if (r)
			knote_remove(q, kn);
		return r;
	}
	case EVFILT_TIMER:
		kn->fflags = ch->fflags;
		kn->data = ch->data;
		return timer_arm(kn);
	case EVFILT_PROC:
	case EVFILT_SIGNAL:
	case EVFILT_VNODE:
		kn->fflags = ch->fflags;
		return 0;
	case EVFILT_USER: {
		uint32_t ff = ch->fflags & NOTE_FFLAGSMASK;
		switch (ch->fflags & NOTE_FFCTRLMASK) {
		case 0x40000000u: kn->fflags &= ff; break; /* NOTE_FFAND */
		case 0x80000000u: kn->fflags |= ff; break; /* NOTE_FFOR */
		case 0xc0000000u: kn->fflags = ff; break;  /* NOTE_FFCOPY */
		}
		if (ch->fflags & NOTE_TRIGGER) {
			kn->triggered = 1;
			uint64_t one = 1;
			if (write(q->evfd, &one, sizeof(one)) < 0) { /* already signalled */ }
		}
		return 0;
	}
	}
	return -EINVAL;
}

/* Marks a reported knote as FreeBSD does for ONESHOT and DISPATCH. */
static void after_report(struct kq *q, struct knote *kn)
{
	if (kn->flags & EV_ONESHOT)
		knote_remove(q, kn);
	else if (kn->flags & EV_DISPATCH) {
		kn->enabled = 0;
		if (kn->filter == EVFILT_READ || kn->filter == EVFILT_WRITE)
			fd_rearm(q, (int)kn->ident);
	}
}

static void fill(struct fbsd_kevent *e, const struct knote *kn, uint16_t extra, int64_t data)
{
	memset(e, 0, sizeof(*e));
	e->ident = kn->ident;
	e->filter = kn->filter;
	e->flags = kn->flags | extra;
	e->fflags = 0;
	e->data = data;
	e->udata = kn->udata;
}

static int64_t readable_bytes(int fd)
{
	int n = 0;
	if (ioctl(fd, FIONREAD, &n) == 0)
		return n;
	return 0;
}

static int collect_ready(struct kq *q, struct epoll_event *evs, int nev, struct fbsd_kevent *out, int room)
{
	int n = 0;
	for (int i = 0; i < nev && n < room; i++) {
		uint64_t tag = evs[i].data.u64 >> TAG_SHIFT;
		uint32_t ev = evs[i].events;
		if (tag == TAG_FD) {
			int fd = (int)(evs[i].data.u64 & 0xffffffffu);
			struct knote *r = find(q, (uint64_t)fd, EVFILT_READ);
			struct knote *w = find(q, (uint64_t)fd, EVFILT_WRITE);
			int eof = (ev & (EPOLLHUP | EPOLLRDHUP)) != 0;
			if (r && r->enabled && (ev & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) && n < room) {
				fill(&out[n++], r, eof ? EV_EOF : 0, readable_bytes(fd));
				after_report(q, r);
				w = find(q, (uint64_t)fd, EVFILT_WRITE);
			}
			if (w && w->enabled && (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && n < room) {
				int64_t room_left = 0;
				int sndbuf = 0, outq = 0;
				socklen_t sl = sizeof(sndbuf);
				if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) == 0 &&
				    ioctl(fd, TIOCOUTQ, &outq) == 0)
					room_left = sndbuf - outq;
				else
					room_left = 65536 - readable_bytes(fd);
				/*
				 * FreeBSD also puts the socket's pending error in fflags;
				 * reading it here (SO_ERROR) would clear it before the
				 * program's own read, so it is left at 0.
				 */
				fill(&out[n++], w, (ev & (EPOLLHUP | EPOLLERR)) ? EV_EOF : 0, room_left);
				after_report(q, w);
			}
		} else if (tag == TAG_AUX) {
			size_t idx = evs[i].data.u64 & ((1ULL << TAG_SHIFT) - 1);
			if (idx >= q->n)
				continue;
			struct knote *kn = &q->k[idx];
			if (kn->filter == EVFILT_PROC) {
				/* NOTE_EXIT: data is the wait status; the knote is spent. */
				siginfo_t si;
				memset(&si, 0, sizeof(si));
				if (syscall(SYS_waitid, P_PIDFD, kn->auxfd, &si, WEXITED | WNOWAIT | WNOHANG, NULL) != 0 ||
				    si.si_pid == 0 || !kn->enabled)
					continue;
				int st = si.si_code == CLD_EXITED ? (si.si_status & 0xff) << 8
					 : (si.si_status & 0x7f) | (si.si_code == CLD_DUMPED ? 0x80 : 0);
				fill(&out[n], kn, EV_EOF | EV_ONESHOT, waitstatus_host_to_fbsd(st));
				out[n++].fflags = NOTE_EXIT;
				knote_remove(q, kn);
				continue;
			}
			uint64_t count = 0;
			if (read(kn->auxfd, &count, sizeof(count)) != sizeof(count) || !kn->enabled)
				continue;
			fill(&out[n++], kn, 0, (int64_t)count);
			after_report(q, kn);
		} else if (tag == TAG_INOTIFY) {
			char ibuf[4096] __attribute__((aligned(8)));
			ssize_t len;
			while ((len = read(q->inotify, ibuf, sizeof(ibuf))) > 0) {
				for (ssize_t p = 0; p < len;) {
					const struct inotify_event *ie = (const void *)(ibuf + p);
					for (size_t j = 0; j < q->n; j++)
						if (q->k[j].filter == EVFILT_VNODE && q->k[j].auxfd == ie->wd)
							q->k[j].got |= vnode_flags(ie->mask);
					p += (ssize_t)(sizeof(*ie) + ie->len);
				}
			}
			for (size_t j = 0; j < q->n && n < room; j++) {
				struct knote *kn = &q->k[j];
				if (kn->filter != EVFILT_VNODE || !kn->enabled)
					continue;
				uint32_t f = kn->got;
				struct stat st;
				if ((f & (NOTE_WRITE | NOTE_ATTRIB)) && fstat((int)kn->ident, &st) == 0) {
					if ((f & NOTE_WRITE) && st.st_size > kn->size)
						f |= NOTE_EXTEND;
					/*
					 * Linux reports an unlink of a file still open as a
					 * change of attributes; FreeBSD as NOTE_DELETE.
					 */
					if (st.st_nlink != kn->nlink) /* the IN_ATTRIB was the link count */
						f = (f & ~NOTE_ATTRIB) | (st.st_nlink == 0 ? NOTE_DELETE : NOTE_LINK);
					kn->size = st.st_size;
					kn->nlink = st.st_nlink;
				}
				f &= kn->fflags;
				kn->got = 0;
				if (!f)
					continue;
				fill(&out[n], kn, 0, 0);
				out[n++].fflags = f;
				after_report(q, kn);
			}
		} else if (tag == TAG_USER) {
			uint64_t v;
			if (read(q->evfd, &v, sizeof(v)) < 0) { /* drained already */ }
			for (size_t j = 0; j < q->n && n < room; j++) {
				struct knote *kn = &q->k[j];
				if (kn->filter != EVFILT_USER || !kn->triggered || !kn->enabled)
					continue;
				fill(&out[n], kn, 0, kn->data);
				out[n++].fflags = kn->fflags;
				if (kn->flags & EV_CLEAR) {
					kn->triggered = 0;
					kn->fflags = 0;
				}
				after_report(q, kn);
			}
			for (size_t j = 0; j < q->n && n < room; j++) {
				struct knote *kn = &q->k[j];
				if (kn->filter != EVFILT_SIGNAL || !kn->enabled)
					continue;
				uint32_t c = __atomic_exchange_n(&q->sigcount[kn->ident], 0, __ATOMIC_SEQ_CST);
				if (!c)
					continue;
				fill(&out[n++], kn, 0, c);
				after_report(q, kn);
			}
			/* Still-triggered (level) user knotes keep the eventfd ready. */
			for (size_t j = 0; j < q->n; j++)
				if (q->k[j].filter == EVFILT_USER && q->k[j].triggered) {
					uint64_t one = 1;
					if (write(q->evfd, &one, sizeof(one)) < 0) { /* full */ }
					break;
				}
		}
	}
	/* Then the knotes that are always ready: regular files and /dev/null. */
	for (size_t i = 0; i < q->n && n < room; i++) {
		struct knote *kn = &q->k[i];
		if (kn->always && kn->enabled && !kn->fired) {
			if (kn->flags & EV_CLEAR)
				kn->fired = 1; /* edge-triggered: once, until re-armed */
			int64_t d = 0;
			if (kn->filter == EVFILT_READ) {
				struct stat st;
				off_t pos = lseek((int)kn->ident, 0, SEEK_CUR);
				if (fstat((int)kn->ident, &st) == 0 && pos >= 0)
					d = st.st_size - pos;
			}
			fill(&out[n++], kn, 0, d);
		}
	}
	return n;
}

static long kevent_common(int kqfd, const struct fbsd_kevent *changes, int nchanges, struct fbsd_kevent *out,
			  int nevents, const struct fbsd_timespec *ts)
{
	struct kq *q = kq_get(kqfd);
	int n = 0;

	if (!q)
		return fcntl(kqfd, F_GETFD) < 0 ? -EBADF : -EINVAL;
	if (nchanges < 0 || nevents < 0)
		return -EINVAL;
	pthread_mutex_lock(&q->lock);
	for (int i = 0; i < nchanges; i++) {
		struct fbsd_kevent ch = changes[i];
		int r = apply_change(q, &ch);
		if (r || (ch.flags & EV_RECEIPT)) {
			if (n < nevents) {
				out[n] = ch;
				out[n].flags = EV_ERROR;
				out[n].data = r ? errno_host_to_fbsd(-r) : 0;
				n++;
			} else if (r) {
				pthread_mutex_unlock(&q->lock);
				return r;
			}
		}
	}
	pthread_mutex_unlock(&q->lock);
	if (n || nevents == 0)
		return n;

	int always = 0;
	pthread_mutex_lock(&q->lock);
	for (size_t i = 0; i < q->n; i++)
		if (q->k[i].always && q->k[i].enabled && !q->k[i].fired)
			always = 1;
	pthread_mutex_unlock(&q->lock);

	struct epoll_event evs[64];
	/* Each epoll event can become two kevents (READ and WRITE of one fd). */
	int maxev = nevents / 2 < 1 ? 1 : nevents / 2 < 64 ? nevents / 2 : 64;
	struct timespec hts, *htsp = NULL;
	if (always) {
		hts.tv_sec = 0;
		hts.tv_nsec = 0;
		htsp = &hts;
	} else if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
			return -EINVAL;
		hts.tv_sec = ts->tv_sec;
		hts.tv_nsec = ts->tv_nsec;
		htsp = &hts;
	}
	int nev = (int)fr_blocking_syscall(SYS_epoll_pwait2, q->epfd, (long)evs, maxev, (long)htsp, 0, 8);
	if (nev < 0)
		return nev;
	pthread_mutex_lock(&q->lock);
	n = collect_ready(q, evs, nev, out, nevents);
	pthread_mutex_unlock(&q->lock);
	return n;
}

/* FreeBSD kevent(2), struct kevent of FreeBSD 12 and later. */
long fbsd_sys_kevent(struct fr_sc *sc)
{
	return kevent_common((int)sc->a[0], (const void *)sc->a[1], (int)sc->a[2], (void *)sc->a[3],
			     (int)sc->a[4], (const void *)sc->a[5]);
}

/* FreeBSD 11 struct kevent: no ext[] words (Go's syscall package uses it). */
struct fbsd11_kevent {
	uint64_t ident;
	int16_t filter;
	uint16_t flags;
	uint32_t fflags;
	int64_t data;
	uint64_t udata;
};
_Static_assert(sizeof(struct fbsd11_kevent) == 32, "sys/event.h freebsd11_kevent");

/* FreeBSD freebsd11_kevent(2). */
long fbsd_sys_freebsd11_kevent(struct fr_sc *sc)
{
	const struct fbsd11_kevent *c11 = (const void *)sc->a[1];
	struct fbsd11_kevent *o11 = (void *)sc->a[3];
	int nchanges = (int)sc->a[2], nevents = (int)sc->a[4];
	if (nchanges < 0 || nevents < 0 || nchanges > 4096 || nevents > 4096)
		return -EINVAL;
	struct fbsd_kevent *c = calloc((size_t)nchanges + (size_t)nevents + 1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	struct fbsd_kevent *o = c + nchanges;
	for (int i = 0; i < nchanges; i++) {
		c[i].ident = c11[i].ident;
		c[i].filter = c11[i].filter;
		c[i].flags = c11[i].flags;
		c[i].fflags = c11[i].fflags;
		c[i].data = c11[i].data;
		c[i].udata = c11[i].udata;
	}
	long n = kevent_common((int)sc->a[0], c, nchanges, o, nevents, (const void *)sc->a[5]);
	for (long i = 0; i < n; i++) {
		o11[i].ident = o[i].ident;
		o11[i].filter = o[i].filter;
		o11[i].flags = o[i].flags;
		o11[i].fflags = o[i].fflags;
		o11[i].data = o[i].data;
		o11[i].udata = o[i].udata;
	}
	free(c);
	return n;
}

/* poll(2) event bits: FreeBSD sys/sys/poll.h against Linux asm-generic/poll.h. */
static const struct { short fbsd, host; } pollbits[] = {
	{0x1, POLLIN}, {0x2, POLLPRI}, {0x4, POLLOUT}, {0x8, POLLERR},
	{0x10, POLLHUP}, {0x20, POLLNVAL}, {0x40, POLLRDNORM}, {0x80, POLLRDBAND},
	{0x100, POLLWRBAND}, {0x4000, POLLRDHUP},
};

static short poll_fbsd_to_host(short f)
{
	short h = 0;
	for (size_t i = 0; i < FR_ARRAY_LEN(pollbits); i++)
		if (f & pollbits[i].fbsd)
			h |= pollbits[i].host;
	return h;
}

static short poll_host_to_fbsd(short h)
{
	short f = 0;
	if (h & POLLWRNORM)
		h |= POLLOUT;
	for (size_t i = 0; i < FR_ARRAY_LEN(pollbits); i++)
		if (h & pollbits[i].host)
			f |= pollbits[i].fbsd;
	return f;
}

static long do_poll(struct pollfd *fds, nfds_t n, const struct timespec *ts)
{
	for (nfds_t i = 0; i < n; i++)
		fds[i].events = poll_fbsd_to_host(fds[i].events);
	struct timespec tcopy, *tp = NULL;
	if (ts) {
		tcopy = *ts;
		tp = &tcopy;
	}
	long r = fr_blocking_syscall(SYS_ppoll, (long)fds, (long)n, (long)tp, 0, 8, 0);
	for (nfds_t i = 0; i < n; i++) {
		fds[i].events = poll_host_to_fbsd(fds[i].events);
		fds[i].revents = poll_host_to_fbsd(fds[i].revents);
	}
	return r;
}

/* FreeBSD poll(2). */
long fbsd_sys_poll(struct fr_sc *sc)
{
	int ms = (int)sc->a[2];
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	return do_poll((struct pollfd *)sc->a[0], (nfds_t)sc->a[1], ms < 0 ? NULL : &ts);
}

/* FreeBSD ppoll(2); the signal mask is not applied (see signal.c). */
long fbsd_sys_ppoll(struct fr_sc *sc)
{
	return do_poll((struct pollfd *)sc->a[0], (nfds_t)sc->a[1], (const struct timespec *)sc->a[2]);
}

/* FreeBSD select(2): fd_set and timeval are the same. */
long fbsd_sys_select(struct fr_sc *sc)
{
	return fr_blocking_syscall(SYS_select, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], (long)sc->a[4], 0);
}

/* FreeBSD pselect(2); the signal mask is not applied (see signal.c). */
long fbsd_sys_pselect(struct fr_sc *sc)
{
	struct timespec tcopy, *tp = NULL;
	if (sc->a[4]) {
		tcopy = *(const struct timespec *)sc->a[4];
		tp = &tcopy;
	}
	return fr_blocking_syscall(SYS_pselect6, (long)sc->a[0], (long)sc->a[1], (long)sc->a[2], (long)sc->a[3], (long)tp, 0);
}
