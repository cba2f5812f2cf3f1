"""The checking server: `python -m portal.pdfcheck.server`, started by portal.pdfcheck.

It reads framed requests (data, trust roots, limits) on standard input, forks one child per
request, and writes the child's answer, or a refusal, on standard output. It has no threads and
no database connection, so forking it is safe and cheap; it ends when its web worker does
(standard input closed).
"""
import gc
import logging
import os
import resource
import signal
import sys
import time

from . import GRACE_SECONDS, read_frame, write_frame
from .judging import judge
from .warm import warm


def main():
    # pyHanko logs a traceback for each failed diff; the web worker logs one line per check.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        warm()
    except Exception:  # noqa: BLE001 -- a failed warm-up only makes the first checks slower
        pass
    # What is loaded now lives as long as the server: out of the collector's sight, so that a
    # child's collections do not walk (and copy, page by page) everything it inherited.
    gc.collect()
    gc.freeze()
    requests, answers = sys.stdin.buffer.fileno(), sys.stdout.buffer
    write_frame(answers, "ready")
    while True:
        request = read_frame(requests)
        if request is None:
            return
        write_frame(answers, serve(*request))


def serve(data, trust_roots_der, limits):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, data, trust_roots_der, limits)  # never returns
    os.close(write_end)
    try:
        answer = read_frame(read_end, time.monotonic() + limits["time_limit"] + GRACE_SECONDS / 2)
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)  # gone already, or past its time
        except ProcessLookupError:
            pass
        _pid, status = os.waitpid(pid, 0)
    if answer is not None:
        return answer
    stopped_by = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if stopped_by in (signal.SIGALRM, signal.SIGKILL, signal.SIGXCPU):
        return {"outcome": "refused", "code": "too-slow"}
    return {"outcome": "refused", "code": "too-complex"}  # out of memory, a crash in a C library


def _child(write_end, data, trust_roots_der, limits):
    code = 0
    try:
        # SIGALRM's default action ends the process, in C code too (no handler is installed).
        signal.setitimer(signal.ITIMER_REAL, limits["time_limit"])
        memory = limits["memory_bytes"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        gc.disable()  # a short life: collections would only copy inherited pages
        try:
            answer = judge(data, trust_roots_der, limits)
        except MemoryError:
            answer = {"outcome": "refused", "code": "too-complex"}
        answer["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with os.fdopen(write_end, "wb") as out:
            write_frame(out, answer)
    except BaseException:  # noqa: BLE001 -- the server reports a child that ends without an answer
        code = 1
    finally:
        os._exit(code)


if __name__ == "__main__":
    main()
