"""Serve the portal as production does and load its public pages; print the figures.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 8]

Builds a fresh site under a temporary folder (SQLite, the demo handbook), starts gunicorn with
2 workers and DEBUG off, and for the home page, a handbook chapter and the glossary prints:
SQL queries to render the page uncached, its weight over the wire (HTML + CSS, gzip),
and requests per second with p50/p99 latency from wrk (-t2), with the anonymous page cache
on and off. Set DATABASE_URL / REDIS_URL to measure on PostgreSQL and Redis instead.
Needs wrk (Debian's package). It talks only to 127.0.0.1 and stops by itself.
"""

import argparse
import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def measure_in_process(env, paths):
    """Queries per uncached page, rendered by Django's test client in a child process."""
    code = f"""
import django, json
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
settings.PAGE_CACHE_SECONDS = 0
out = {{}}
for path in {paths!r}:
    client = Client()
    client.get(path)  # warm per-process caches (templates, site root)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    out[path] = [response.status_code, len(ctx.captured_queries)]
print(json.dumps(out))
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def first_chapter_path(env):
    code = """
import django
django.setup()
from handbook.models import ChapterPage
print(ChapterPage.objects.live().order_by("path").first().url)
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


def wire_weight(base, path):
    """Bytes over the wire for the page and its stylesheet, gzip-compressed."""
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        html = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
    total = len(gzip.compress(html))
    for href in re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html):
        request = urllib.request.Request(base + href.decode(), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            asset = response.read()
            if response.headers.get("Content-Encoding") != "gzip":
                asset = gzip.compress(asset)
            total += len(asset)
    return total


def wrk(url, seconds, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(non2xx.group(1)) if non2xx else 0


class Gunicorn:
    def __init__(self, env, port):
        self.env, self.port = env, port

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "AUDIT_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PORTAL_HTTPS": "0",
        "PORTAL_VAR_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    print(f"setting up a fresh site in {workdir} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_site")
    manage(env, "load_handbook")
    manage(env, "collectstatic", "--noinput")
    paths = {"home": "/", "chapter": first_chapter_path(env), "glossary": "/glossary/"}
    queries = measure_in_process(env, list(paths.values()))

    base = f"http://127.0.0.1:{port}"
    rows = []
    with Gunicorn(env, port):
        for name, path in paths.items():
            weight = wire_weight(base, path)
            urllib.request.urlopen(base + path, timeout=10).read()
            cached = wrk(base + path, args.seconds, args.connections)
            rows.append([name, path, queries[path][1], weight, cached])
    with Gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, port):
        for row in rows:
            row.append(wrk(base + row[1], args.seconds, args.connections))

    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    cache = "Redis" if os.environ.get("REDIS_URL") else "file cache"
    print(
        f"\n{database}, {cache}, gunicorn 2 workers, DEBUG off; "
        f"wrk -t2 -c{args.connections} -d{args.seconds}s\n"
    )
    header = (
        f"{'page':<9} {'queries':>7} {'gzip KB':>8}  "
        f"{'cached rps':>10} {'p50':>8} {'p99':>8}  {'uncached rps':>12} {'p50':>8} {'p99':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, _path, query_count, weight, cached, uncached in rows:
        print(
            f"{name:<9} {query_count:>7} {weight / 1024:>8.1f}  "
            f"{cached[0]:>10.0f} {cached[1]:>8} {cached[2]:>8}  "
            f"{uncached[0]:>12.0f} {uncached[1]:>8} {uncached[2]:>8}"
        )
        errors = cached[3] + uncached[3]
        if errors:
            print(f"  ! {errors} responses were not 2xx/3xx")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
