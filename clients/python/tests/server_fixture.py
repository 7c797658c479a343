"""Starts a real `stadb serve` from the built jar (tools/target/stadb.jar) on a free port."""
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
JAR = os.path.join(ROOT, "tools", "target", "stadb.jar")


def jvm_flags():
    with open(os.path.join(ROOT, "config", "jvm.properties")) as f:
        for line in f:
            if line.startswith("stadb.jvm.flags="):
                return shlex.split(line.split("=", 1)[1])
    return []


def java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def stadb(*args, **kw):
    """Runs the CLI jar; returns CompletedProcess (stdout as text)."""
    tmp = os.environ.get("TMPDIR", tempfile.gettempdir())
    cmd = [java()] + jvm_flags() + ["-Djava.io.tmpdir=" + tmp, "-jar", JAR] + list(args)
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw)


class Server:
    def __init__(self, db, *extra):
        tmp = os.environ.get("TMPDIR", tempfile.gettempdir())
        cmd = [java()] + jvm_flags() + ["-Djava.io.tmpdir=" + tmp, "-jar", JAR, "serve", "--db", db, "--port", "0"] + list(extra)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            err = self.proc.stderr.read()
            self.proc.kill()
            raise RuntimeError("stadb serve did not start: " + line + err)
        self.url = m.group(1)
        self.stderr = []
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def available():
    return os.path.exists(JAR)


sys.path.insert(0, os.path.join(ROOT, "clients", "python"))
