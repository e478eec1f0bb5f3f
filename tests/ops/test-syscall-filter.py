#!/usr/bin/python3
# The server under the system calls portico.service allows:
#   test-syscall-filter.py SOURCE_ROOT SERVER_BINARY
# systemd cannot run units on every machine that runs the tests (no systemd
# as PID 1 here), so this loads, with libseccomp, the filters the unit's
# seccomp settings stand for and runs the server under them:
# - SystemCallFilter= lines of data/systemd/portico.service, expanded with
#   `systemd-analyze syscall-filter` (@system-service minus @privileged), the
#   rest failing with SystemCallErrorNumber= (EPERM);
# - RestrictAddressFamilies=: socket() of another family fails;
# - MemoryDenyWriteExecute=yes: no writable+executable mapping, no
#   mprotect to executable.
# Then: GET 200 with the exact file, HEAD, 304, 404, a PNG, keep-alive, and
# SIGTERM exits 0 with every record in the log.  On 0.0.0.0 the server
# cannot list the interfaces (getifaddrs needs AF_NETLINK), says so in the
# one "Other devices can use:" line and serves.  A control run with accept4
# and accept also refused must serve nothing, so the filter is in force.
import errno
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

import seccomp

src_root, server = sys.argv[1], sys.argv[2]
unit = open(os.path.join(src_root, 'data/systemd/portico.service')).read()
fails = 0


def fail(msg):
    global fails
    fails += 1
    print('FAIL: ' + msg)


def ok(msg):
    print('ok: ' + msg)


def expand(group, seen=None):
    out = subprocess.run(['systemd-analyze', 'syscall-filter', group],
                         capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        line = line.split('#')[0].strip()
        if not line:
            continue
        if line.startswith('@'):
            names |= expand(line)
        else:
            names.add(line)
    return names


allowed, denied = set(), set()
for value in re.findall(r'^SystemCallFilter=(.*)$', unit, re.M):
    words = value.split()
    target = allowed
    if words[0].startswith('~'):
        words[0] = words[0][1:]
        target = denied
    for w in words:
        target |= expand(w) if w.startswith('@') else {w}
allowed -= denied
errname = re.search(r'^SystemCallErrorNumber=(\w+)$', unit, re.M).group(1)
families = re.search(r'^RestrictAddressFamilies=(.*)$', unit, re.M).group(1).split()
mdwe = re.search(r'^MemoryDenyWriteExecute=yes$', unit, re.M) is not None
for name in ('openat2', 'sendfile', 'epoll_wait', 'accept4', 'prlimit64', 'memfd_create', 'getdents64'):
    if name not in allowed:
        fail('the unit does not allow ' + name)
ok('%d system calls allowed, %d denied, others fail with %s; families %s; W^X %s'
   % (len(allowed), len(denied), errname, ' '.join(families), mdwe))


def build_filters(refuse=()):
    """The address-family and W^X filter, then the allow-list (loaded in this
    order: once the allow-list is in, loading another filter may be refused)."""
    g = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    keep = {getattr(socket, a) for a in families}
    for fam in range(0, 64):
        if fam not in keep:
            g.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), 'socket', seccomp.Arg(0, seccomp.EQ, fam))
    g.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), 'socket', seccomp.Arg(0, seccomp.GE, 64))
    if mdwe:
        wx = 0x2 | 0x4  # PROT_WRITE | PROT_EXEC
        g.add_rule(seccomp.ERRNO(errno.EPERM), 'mmap', seccomp.Arg(2, seccomp.MASKED_EQ, wx, wx))
        g.add_rule(seccomp.ERRNO(errno.EPERM), 'mprotect', seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0x4))
        g.add_rule(seccomp.ERRNO(errno.EPERM), 'pkey_mprotect', seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0x4))
    f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(getattr(errno, errname)))
    for name in sorted(allowed - set(refuse)):
        try:
            f.add_rule(seccomp.ALLOW, name)
        except (RuntimeError, ValueError):
            pass  # not a system call of this architecture
    return g, f


def start(tmp, refuse=(), host=None):
    args = [server]
    if os.path.basename(server) == 'portico':
        args.append('--no-gui')
    args += ['-p', '0', '-q', '-d', os.path.join(src_root, 'srcFile'),
             '--log-file', os.path.join(tmp, 'log.txt')]
    if host is not None:
        args += ['--host', host]
    out = open(os.path.join(tmp, 'out'), 'w')
    filters = build_filters(refuse)
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                            preexec_fn=lambda: [f.load() for f in filters])
    for _ in range(200):
        m = re.search(r'^Server is running on host/port: %s/(\d+)$' % re.escape(host or '127.0.0.1'),
                      open(os.path.join(tmp, 'out')).read(), re.M)
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.025)
    return proc, None


with tempfile.TemporaryDirectory() as tmp:
    proc, port = start(tmp)
    if port is None:
        fail('the server did not start under the filters: ' + open(os.path.join(tmp, 'out')).read())
        proc.kill()
        proc.wait()
        sys.exit(1)
    ok('the server listens on 127.0.0.1:%d under the filters' % port)
    site = os.path.join(src_root, 'srcFile')
    index = open(os.path.join(site, 'index.html'), 'rb').read()
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
    c.request('GET', '/index.html')
    r = c.getresponse()
    body = r.read()
    lm = r.getheader('Last-Modified')
    (ok if r.status == 200 and body == index else fail)('GET /index.html: %d, %d bytes' % (r.status, len(body)))
    c.request('HEAD', '/index.html')
    r = c.getresponse()
    r.read()
    (ok if r.status == 200 and r.getheader('Content-Length') == str(len(index)) else fail)(
        'HEAD on the same connection: %d' % r.status)
    c.request('GET', '/index.html', headers={'If-Modified-Since': lm or ''})
    r = c.getresponse()
    r.read()
    (ok if r.status == 304 else fail)('If-Modified-Since: %d' % r.status)
    c.request('GET', '/no-such-file.html')
    r = c.getresponse()
    r.read()
    (ok if r.status == 404 else fail)('missing file: %d' % r.status)
    pngs = sorted(f for f in os.listdir(site) if f.endswith('.png'))
    if pngs:
        png = open(os.path.join(site, pngs[0]), 'rb').read()
        c.request('GET', '/' + pngs[0])
        r = c.getresponse()
        body = r.read()
        (ok if r.status == 200 and body == png else fail)(
            'GET /%s: %d, %d of %d bytes' % (pngs[0], r.status, len(body), len(png)))
    c.close()
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(timeout=10)
    (ok if rc == 0 else fail)('SIGTERM: exit %d' % rc)
    log = open(os.path.join(tmp, 'log.txt')).read()
    n = log.count('[Server response to ')
    want = 5 if pngs else 4
    (ok if n == want else fail)('%d response records in log.txt' % n)
    out = open(os.path.join(tmp, 'out')).read()
    (ok if out.count('\n') == 1 else fail)('console: %r' % out)

with tempfile.TemporaryDirectory() as tmp:
    proc, port = start(tmp, host='0.0.0.0')
    if port is None:
        fail('the server did not start on 0.0.0.0 under the filters: ' + open(os.path.join(tmp, 'out')).read())
        proc.kill()
    else:
        status = None
        try:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
            c.request('GET', '/index.html')
            status = c.getresponse().status
            c.close()
        except OSError as e:
            fail('0.0.0.0: %s' % e)
        (ok if status == 200 else fail)('on 0.0.0.0, GET /index.html from 127.0.0.1: %s' % status)
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)
    out = open(os.path.join(tmp, 'out')).read()
    want = ('Server is running on host/port: 0.0.0.0/%s\n'
            'Other devices can use: unknown, the network interfaces could not be read (%s)\n'
            % (port, os.strerror(errno.EAFNOSUPPORT)))
    (ok if out == want else fail)('on 0.0.0.0 without AF_NETLINK: %r' % out)

with tempfile.TemporaryDirectory() as tmp:
    proc, port = start(tmp, refuse=('accept4', 'accept'))
    served = False
    if port is not None:
        try:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
            c.request('GET', '/index.html')
            served = c.getresponse().status == 200
        except OSError:
            pass
    proc.kill()
    proc.wait()
    (fail if served else ok)('control: without accept4 and accept nothing is served')

if fails:
    print('%d failure(s)' % fails)
    sys.exit(1)
