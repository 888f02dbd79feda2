/*
 * drover-monitor: runs one task for Drover's exec drivers, outside the agent.
 *
 * Java cannot learn the exit status of a process it did not start, and the JDK
 * keeps a thread for every child it starts. So the agent starts this monitor,
 * which detaches (the agent's own child exits at once), starts the task in a
 * process group of its own, writes its output to rotated log files, obeys
 * commands written to a FIFO, and records the task's exit in a file. The task
 * and its monitor survive the agent's death; a later agent reads the files.
 *
 * Usage: drover-monitor [--cgroup DIR]... [--user UID:GID] [--netns PATH] RUNDIR LOGPREFIX MAXFILES MAXBYTES WORKDIR
 *        -- CMD [ARG...]
 *   --cgroup   a cgroup directory (made and limited by the agent) the task joins before it runs;
 *              repeated for each cgroup v1 hierarchy. The monitor itself stays out of it, so it
 *              never counts against the task's limits; it removes it when the task is over.
 *   --user     the task runs with this uid and gid (the monitor must be root)
 *   --netns    a network namespace file (the allocation's, e.g. /var/run/netns/ID) the task joins before
 *              it runs; the monitor itself stays in the host's namespace.
 *   RUNDIR     absolute; holds: pid ("PID STARTTIME MONITORPID MONITORSTARTTIME BOOTID"), ctl (FIFO),
 *              sock (a listening Unix socket), exit ("CODE SIGNAL OOM"). It is the monitor's
 *              working directory.
 *   LOGPREFIX  absolute, e.g. <alloc>/alloc/logs/web: writes web.stdout.N and web.stderr.N
 * The task gets the monitor's environment, with every signal at its default action and none
 * blocked. On stdout, before the launching process exits:
 * "ok PID STARTTIME MONITORPID MONITORSTARTTIME" or "error MESSAGE".
 * Commands on ctl, one a line: "signal N", "stop N TIMEOUT_MS".
 * sock is how the agent learns at once that the monitor is gone: it stays connected, and its end
 * of the connection closes when the monitor exits, however it exits. Nothing is read from it; a
 * connection beyond MAX_WATCHERS gets "busy" before it is closed.
 * The exit file says "CODE SIGNAL OOM", OOM 1 when the kernel killed the task for its memory limit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct log {
    char prefix[PATH_MAX];
    int fd;
    long index;
    long long size;
};

/* The agent's connections on sock: each one closes when this process ends. */
#define MAX_WATCHERS 16

static long max_files;
static char *cgroups[8];
static int ncgroups;
static long long max_bytes;

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns how much was written: less than n when the disk refused the rest. */
static size_t write_all(int fd, const char *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, buf + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            break; /* a full disk must not stop the task: the output is dropped */
        }
        done += (size_t) w;
    }
    return done;
}

/*
 * Writes PATH atomically: temporary file, fsync, rename, fsync of the directory. A file the
 * disk did not take whole is never renamed into place: a reader sees the whole text or none.
 */
static int write_file(const char *dir, const char *name, const char *text) {
    char tmp[PATH_MAX], path[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    size_t n = strlen(text);
    int whole = write_all(fd, text, n) == n && fsync(fd) == 0;
    if (close(fd) != 0) whole = 0;
    if (!whole || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d >= 0) {
        fsync(d);
        close(d);
    }
    return 0;
}

/*
 * Opens a log file as the regular file of one name it must be. A raw_exec task shares the log
 * directory as root, and this monitor, also root, must never write where a name the task planted
 * points: no link is followed (O_NOFOLLOW), a pipe never blocks the open (O_NONBLOCK), and a file
 * that is not regular or has another name (a hard link to a file elsewhere) is not written; its
 * name is unlinked and the file made anew. Truncation comes only once the file is known to be
 * ours, since O_TRUNC would empty the other name's file first.
 */
static int open_log(const char *path, int truncate) {
    for (int attempt = 0; attempt < 3; attempt++) {
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1) {
            fcntl(fd, F_SETFL, O_APPEND);
            if (truncate && ftruncate(fd, 0) != 0) {
                /* a full disk: the file keeps what it had, output goes on at its end */
            }
            return fd;
        }
        if (fd >= 0) {
            close(fd);
        } else if (errno != ELOOP && errno != ENXIO && errno != EWOULDBLOCK) {
            return -1; /* the disk, not a planted name */
        }
        unlink(path);
    }
    return -1;
}

static void log_open(struct log *l, long index, int truncate) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s.%ld", l->prefix, index);
    l->fd = open_log(path, truncate);
    l->index = index;
    struct stat st;
    l->size = (l->fd >= 0 && fstat(l->fd, &st) == 0) ? st.st_size : 0;
}

/* Continues at the highest index already there, as Nomad does after a restart. */
static void log_init(struct log *l, const char *prefix, const char *stream) {
    snprintf(l->prefix, sizeof l->prefix, "%s.%s", prefix, stream);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", l->prefix);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    if (slash) *slash = '\0';
    size_t blen = strlen(base);
    long highest = 0;
    DIR *d = opendir(slash ? dir : ".");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strncmp(e->d_name, base, blen) == 0 && e->d_name[blen] == '.') {
                char *end;
                long n = strtol(e->d_name + blen + 1, &end, 10);
                if (*end == '\0' && n > highest) highest = n;
            }
        }
        closedir(d);
    }
    log_open(l, highest, 0);
}

static void log_rotate(struct log *l) {
    if (l->fd >= 0) close(l->fd);
    log_open(l, l->index + 1, 1);
    if (l->index >= max_files) {
        char old[PATH_MAX];
        snprintf(old, sizeof old, "%s.%ld", l->prefix, l->index - max_files);
        unlink(old);
    }
}

/* Rotates at a line boundary when the line fits in a file; a longer line is split. */
static void log_write(struct log *l, const char *buf, size_t n) {
    while (n > 0) {
        if (l->size + (long long) n <= max_bytes) {
            l->size += (long long) write_all(l->fd, buf, n);
            return;
        }
        size_t room = l->size < max_bytes ? (size_t) (max_bytes - l->size) : 0;
        const char *nl = NULL;
        for (size_t i = room; i > 0; i--) {
            if (buf[i - 1] == '\n') {
                nl = buf + i - 1;
                break;
            }
        }
        size_t part = nl ? (size_t) (nl - buf) + 1 : (l->size == 0 ? room : 0);
        if (part > 0) {
            write_all(l->fd, buf, part);
            buf += part;
            n -= part;
        }
        log_rotate(l);
    }
}

static unsigned long long start_time(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p) return 0;
    unsigned long long v = 0;
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        if (++field == 22) {
            v = strtoull(tok, NULL, 10);
            break;
        }
    }
    return v;
}

/* Kills every descendant of this monitor: the task's group and whatever escaped it. */
static void kill_tree(int sig) {
    pid_t self = getpid();
    for (int pass = 0; pass < 3; pass++) {
        DIR *d = opendir("/proc");
        if (!d) return;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            pid_t pid = (pid_t) atoi(e->d_name);
            if (pid <= 0 || pid == self) continue;
            /* walk up the parents; stop at init */
            pid_t p = pid;
            for (int depth = 0; depth < 64 && p > 1; depth++) {
                char path[64], buf[512];
                snprintf(path, sizeof path, "/proc/%d/stat", (int) p);
                int fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0) break;
                ssize_t n = read(fd, buf, sizeof buf - 1);
                close(fd);
                if (n <= 0) break;
                buf[n] = '\0';
                char *q = strrchr(buf, ')');
                if (!q) break;
                char state;
                int ppid;
                if (sscanf(q + 2, "%c %d", &state, &ppid) != 2) break;
                if (ppid == self) {
                    kill(pid, sig);
                    break;
                }
                p = ppid;
            }
        }
        closedir(d);
    }
}

/* The kernel's count of OOM kills in the task's cgroups (memory.events on v2, memory.oom_control on v1). */
static long oom_kills(void) {
    long total = 0;
    for (int i = 0; i < ncgroups; i++) {
        const char *files[] = {"memory.events", "memory.oom_control"};
        for (int f = 0; f < 2; f++) {
            char path[PATH_MAX], buf[2048];
            snprintf(path, sizeof path, "%s/%s", cgroups[i], files[f]);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n <= 0) continue;
            buf[n] = '\0';
            char *p = strstr(buf, "oom_kill ");
            if (p) total += atol(p + 9);
        }
    }
    return total;
}

static int join_cgroups(void) {
    char pid[32];
    snprintf(pid, sizeof pid, "%d\n", (int) getpid());
    for (int i = 0; i < ncgroups; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/cgroup.procs", cgroups[i]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, pid, strlen(pid)) < 0) {
            if (fd >= 0) close(fd);
            return -1;
        }
        close(fd);
    }
    return 0;
}

/*
 * Every signal at its default action, none blocked. What a process inherits from the agent is not
 * that: the JVM's threads block SIGQUIT, and an agent started from a script with `&` ignores SIGINT.
 * Ignored and blocked signals survive exec, so a task would never receive such a kill_signal, and a
 * monitor that inherited SIGCHLD ignored would never learn its task's exit. The raw call reaches
 * the signals glibc keeps for itself (32, 33), which the agent's spawn leaves ignored too; a zeroed
 * kernel sigaction is SIG_DFL with no flags and an empty mask on every architecture.
 */
static void reset_signals(void) {
    unsigned long dfl[4] = {0, 0, 0, 0};
    for (int sig = 1; sig < _NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            syscall(SYS_rt_sigaction, sig, dfl, NULL, (size_t) (_NSIG / 8));
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Listens on RUNDIR/sock, bound by a relative name: the run dir may be longer than sun_path. */
static int listen_here(void) {
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0) return -1;
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, "sock");
    unlink("sock");
    mode_t old = umask(077); /* only the agent's user may connect */
    int ok = bind(s, (struct sockaddr *) &addr, sizeof addr) == 0 && listen(s, MAX_WATCHERS) == 0;
    umask(old);
    if (!ok) {
        close(s);
        return -1;
    }
    return s;
}

static void reply(int fd, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    write_all(fd, buf, strlen(buf));
}

int main(int argc, char **argv) {
    reset_signals();
    long uid = -1, gid = -1;
    const char *netns = NULL;
    while (argc > 2 && strncmp(argv[1], "--", 2) == 0 && strcmp(argv[1], "--") != 0) {
        if (strcmp(argv[1], "--cgroup") == 0 && ncgroups < 8) {
            cgroups[ncgroups++] = argv[2];
        } else if (strcmp(argv[1], "--user") == 0 && sscanf(argv[2], "%ld:%ld", &uid, &gid) == 2) {
            /* parsed */
        } else if (strcmp(argv[1], "--netns") == 0) {
            netns = argv[2];
        } else {
            fprintf(stderr, "drover-monitor: bad option %s\n", argv[1]);
            return 2;
        }
        argv += 2;
        argc -= 2;
    }
    if (argc < 8 || strcmp(argv[6], "--") != 0) {
        fprintf(stderr, "usage: drover-monitor [--cgroup DIR]... [--user UID:GID] [--netns PATH] RUNDIR LOGPREFIX"
                        " MAXFILES MAXBYTES WORKDIR -- CMD [ARG...]\n");
        return 2;
    }
    const char *rundir = argv[1], *logprefix = argv[2], *workdir = argv[5];
    if (rundir[0] != '/' || logprefix[0] != '/') {
        fprintf(stderr, "drover-monitor: RUNDIR and LOGPREFIX must be absolute\n");
        return 2;
    }
    max_files = atol(argv[3]);
    max_bytes = atoll(argv[4]);
    char **cmd = argv + 7;
    if (max_files < 1) max_files = 1;
    if (max_bytes < 1) max_bytes = 1;

    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return 1;
    pid_t monitor = fork();
    if (monitor < 0) return 1;
    if (monitor > 0) {
        /* The launching process: relay the monitor's verdict, then exit so the agent reaps it at once. */
        close(ready[1]);
        char buf[1024];
        ssize_t n, total = 0;
        while ((n = read(ready[0], buf + total, sizeof buf - 1 - (size_t) total)) > 0) total += n;
        buf[total < 0 ? 0 : total] = '\0';
        if (total <= 0) strcpy(buf, "error the monitor died before starting the task\n");
        write_all(1, buf, strlen(buf));
        return strncmp(buf, "ok ", 3) == 0 ? 0 : 1;
    }

    close(ready[0]);
    setsid(); /* out of the agent's session: its death and its signals do not reach us */
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of the task become ours, so a stop finds them */
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);

    char ctlpath[PATH_MAX];
    snprintf(ctlpath, sizeof ctlpath, "%s/ctl", rundir);
    unlink(ctlpath);
    if (mkfifo(ctlpath, 0600) != 0) {
        reply(ready[1], "error cannot create %s: %s\n", ctlpath, strerror(errno));
        _exit(1);
    }
    /* Read-write, so the FIFO never reports end-of-file when a writer closes it. */
    int ctl = open(ctlpath, O_RDWR | O_NONBLOCK | O_CLOEXEC);

    int out[2], err[2], execfail[2];
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(execfail, O_CLOEXEC)) {
        reply(ready[1], "error pipe: %s\n", strerror(errno));
        _exit(1);
    }
    /* Opened here, so a namespace that is not there is said as such; joined in the task's child only. */
    int netfd = -1;
    if (netns != NULL && (netfd = open(netns, O_RDONLY | O_CLOEXEC)) < 0) {
        reply(ready[1], "error cannot open network namespace %s: %s\n", netns, strerror(errno));
        _exit(1);
    }
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);

    pid_t task = fork();
    if (task == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        if (netfd >= 0 && setns(netfd, CLONE_NEWNET) != 0) {
            int e[2] = {errno, 1};
            write_all(execfail[1], (char *) e, sizeof e);
            _exit(127);
        }
        if (join_cgroups() != 0 || (gid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t) gid) != 0))
                || (uid >= 0 && setuid((uid_t) uid) != 0)) {
            int e[2] = {errno, 0};
            write_all(execfail[1], (char *) e, sizeof e);
            _exit(127);
        }
        if (chdir(workdir) != 0) {
            int e[2] = {errno, 0};
            write_all(execfail[1], (char *) e, sizeof e);
            _exit(127);
        }
        reset_signals(); /* the monitor's own SIGHUP, SIGPIPE and SIGCHLD settings are not the task's */
        execvp(cmd[0], cmd);
        int e[2] = {errno, 0};
        write_all(execfail[1], (char *) e, sizeof e);
        _exit(127);
    }
    if (netfd >= 0) close(netfd);
    close(out[1]);
    close(err[1]);
    close(execfail[1]);
    int e[2] = {0, 0};
    if (task < 0 || read(execfail[0], e, sizeof e) == sizeof e) {
        if (task >= 0 && e[1] == 1) {
            reply(ready[1], "error cannot join network namespace %s: %s\n", netns, strerror(e[0]));
        } else {
            reply(ready[1], "error cannot run %s in %s: %s\n", cmd[0], workdir, strerror(task < 0 ? errno : e[0]));
        }
        _exit(1);
    }
    close(execfail[0]);

    unsigned long long started = start_time(task), self_started = start_time(getpid());
    char text[256], boot[64] = "";
    int bootfd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    if (bootfd >= 0) {
        ssize_t n = read(bootfd, boot, sizeof boot - 1);
        boot[n > 0 ? n : 0] = '\0';
        boot[strcspn(boot, "\n")] = '\0';
        close(bootfd);
    }
    /* The boot, since a start time counts from it: an agent that finds this file after a reboot
       knows nothing of it can live. */
    snprintf(text, sizeof text, "%d %llu %d %llu %s\n", (int) task, started, (int) getpid(), self_started, boot);
    write_file(rundir, "pid", text);
    /* Without its socket the agent still finds a dead monitor, by looking, once a second. */
    int listener = chdir(rundir) == 0 ? listen_here() : -1;
    reply(ready[1], "ok %d %llu %d %llu\n", (int) task, started, (int) getpid(), self_started);
    close(ready[1]);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);

    struct log logs[2];
    log_init(&logs[0], logprefix, "stdout");
    log_init(&logs[1], logprefix, "stderr");
    int pipes_open = 2, task_done = 0, status = 0;
    long long deadline = -1;
    char buf[65536];
    char cmdbuf[256];
    size_t cmdlen = 0;
    int watchers[MAX_WATCHERS];
    int nwatchers = 0;

    while (!task_done || pipes_open > 0) {
        struct pollfd fds[5 + MAX_WATCHERS] = {
            {out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {ctl, POLLIN, 0}, {sigfd, POLLIN, 0}, {listener, POLLIN, 0}};
        for (int i = 0; i < nwatchers; i++) {
            fds[5 + i] = (struct pollfd) {watchers[i], POLLIN, 0};
        }
        int timeout = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            timeout = left < 0 ? 0 : (int) left;
        }
        if (task_done) timeout = timeout < 0 || timeout > 100 ? 100 : timeout;
        poll(fds, (nfds_t) (5 + nwatchers), timeout);
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t n = read(fds[i].fd, buf, sizeof buf);
                if (n > 0) {
                    log_write(&logs[i], buf, (size_t) n);
                } else if (n == 0 || errno != EINTR) {
                    close(fds[i].fd);
                    if (i == 0) out[0] = -1; else err[0] = -1;
                    pipes_open--;
                }
            }
        }
        if (fds[2].revents & POLLIN) {
            ssize_t n = read(ctl, cmdbuf + cmdlen, sizeof cmdbuf - 1 - cmdlen);
            if (n > 0) cmdlen += (size_t) n;
            char *nl;
            while ((nl = memchr(cmdbuf, '\n', cmdlen)) != NULL) {
                *nl = '\0';
                int sig = 0;
                long long ms = 0;
                if (sscanf(cmdbuf, "signal %d", &sig) == 1) {
                    if (!task_done) kill(-task, sig);
                } else if (sscanf(cmdbuf, "stop %d %lld", &sig, &ms) == 2) {
                    if (!task_done) {
                        kill(-task, sig);
                        long long d = now_ms() + ms;
                        deadline = deadline < 0 || d < deadline ? d : deadline;
                    }
                }
                size_t used = (size_t) (nl - cmdbuf) + 1;
                memmove(cmdbuf, cmdbuf + used, cmdlen - used);
                cmdlen -= used;
            }
            if (cmdlen == sizeof cmdbuf - 1) cmdlen = 0; /* a line too long to be a command */
        }
        if (fds[3].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) == sizeof si) {
            }
        }
        for (int i = nwatchers - 1; i >= 0; i--) {
            if (fds[5 + i].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t n = read(watchers[i], buf, sizeof buf);
                if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) { /* that agent is gone */
                    close(watchers[i]);
                    watchers[i] = watchers[--nwatchers];
                }
            }
        }
        if (fds[4].revents & POLLIN) {
            int w;
            while ((w = accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
                if (nwatchers < MAX_WATCHERS) {
                    watchers[nwatchers++] = w;
                } else {
                    /* Said before closing: an end of the connection without a word is this monitor's own. */
                    write_all(w, "busy\n", 5);
                    close(w);
                }
            }
        }
        pid_t pid;
        int st;
        while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
            if (pid == task) {
                status = st;
                task_done = 1;
                /* The task is over: what it left behind is killed, so its pipes close. */
                kill(-task, SIGKILL);
                kill_tree(SIGKILL);
            }
        }
        if (!task_done && deadline >= 0 && now_ms() >= deadline) {
            kill(-task, SIGKILL);
            kill_tree(SIGKILL);
            deadline = -1;
        }
        if (task_done && pipes_open > 0) {
            kill_tree(SIGKILL); /* a descendant still holding a pipe */
        }
    }
    for (int i = 0; i < 2; i++) {
        if (logs[i].fd >= 0) fsync(logs[i].fd);
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    int oom = sig == SIGKILL && oom_kills() > 0;
    snprintf(text, sizeof text, "%d %d %d\n", code, sig, oom);
    /* The exit is the one thing the agent cannot learn otherwise: on a full or read-only disk
       the monitor stays, trying every second, until it is written. */
    while (write_file(rundir, "exit", text) != 0) {
        sleep(1);
    }
    for (int i = 0; i < ncgroups; i++) {
        rmdir(cgroups[i]); /* empty now: everything in it was killed above */
    }
    unlink(ctlpath);
    if (listener >= 0) {
        unlink("sock"); /* in the run dir, the working directory since it listens */
    }
    return 0;
}
