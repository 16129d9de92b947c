#!/usr/bin/env python3
"""Runs a command under a pseudo-terminal, answers its prompts, and prints what happened as one JSON object.

Usage: pty_run.py SPEC, where SPEC is JSON:
  {"argv": [...], "env": {...}, "steps": [{"wait": "text", "send": "y\\r"}, ...], "timeout": 30}
Each step waits until `wait` appears in the output (ANSI escapes removed, after the previous step's match),
then types `send`, or sends the process the signal `signal` ("INT"). Prints {"output", "plain", "status", "signal", "timed_out", "steps_done"}.
"""
import errno
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>78]")


def plain(text):
    return ANSI.sub("", text).replace("\r", "")


def main():
    spec = json.loads(sys.argv[1])
    steps = spec.get("steps", [])
    deadline = time.monotonic() + float(spec.get("timeout", 30))

    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
        finally:
            os._exit(127)

    raw = b""
    done = 0
    searched_from = 0
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.1))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError as e:  # EIO: the child closed the terminal (it exited)
                if e.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            raw += chunk
        if done < len(steps):
            text = plain(raw.decode("utf-8", "replace"))
            at = text.find(steps[done]["wait"], searched_from)
            if at >= 0:
                searched_from = at + len(steps[done]["wait"])
                if "signal" in steps[done]:  # a signal from outside, as `kill -INT` sends it
                    os.kill(pid, getattr(signal, "SIG" + steps[done]["signal"]))
                else:
                    os.write(fd, steps[done]["send"].encode("utf-8"))
                done += 1

    _, status = os.waitpid(pid, 0)
    try:
        os.close(fd)
    except OSError:
        pass
    output = raw.decode("utf-8", "replace")
    print(json.dumps({
        "output": output,
        "plain": plain(output),
        "status": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "timed_out": timed_out,
        "steps_done": done,
    }))


if __name__ == "__main__":
    main()
