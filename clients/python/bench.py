#!/usr/bin/env python3
"""Server figures for BENCHMARKS.md: paths/s streamed to one Python client and to 50, first-page latency.

    python3 clients/python/bench.py [--paths 20000] [--clients 50]

Builds a store from `stadb gen --paths N` in a temp dir, starts `stadb serve` (the built jar) on a free
port, and measures with the asyncio client (each client has its own WebSocket).
"""
import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))
import server_fixture as fx  # noqa: E402
from stadb_client import StadbClient  # noqa: E402


async def stream_all(url, batch, points=False):
    async with StadbClient(url) as c:
        n = 0
        async for _ in c.query(stage="route", batch_size=batch, points=points):
            n += 1
        return n


async def first_pages(url, k):
    lat = []
    async with StadbClient(url) as c:
        for _ in range(k):
            t = time.perf_counter()
            p = await c.page(stage="route", page_size=100)
            lat.append((time.perf_counter() - t) * 1000)
            assert len(p["paths"]) == 100
    return lat


async def main(args):
    tmp = tempfile.mkdtemp(prefix="stadb-bench-")
    try:
        db = os.path.join(tmp, "db")
        rpt = os.path.join(tmp, "route.rpt")
        with open(rpt, "w") as f:
            f.write(fx.stadb("gen", "--paths", str(args.paths)).stdout)
        fx.stadb("ingest", "--db", db, "--stage", "route", "--no-progress", rpt)
        server = fx.Server(db)
        try:
            url = server.url
            await stream_all(url, 1000)  # warm-up (JIT)
            await first_pages(url, 20)
            t = time.perf_counter()
            n = await stream_all(url, 1000)
            one = n / (time.perf_counter() - t)
            t = time.perf_counter()
            counts = await asyncio.gather(*[stream_all(url, 1000) for _ in range(args.clients)])
            dt = time.perf_counter() - t
            assert all(c == args.paths for c in counts), counts
            many = sum(counts) / dt
            lat = await first_pages(url, 100)
            lat.sort()
            print(f"paths in stage: {args.paths}")
            print(f"one client (WebSocket, batch 1000): {one:,.0f} paths/s")
            print(f"{args.clients} clients at once: {many:,.0f} paths/s in total "
                  f"({many / args.clients:,.0f} per client), {dt:.2f} s for all")
            print(f"first page (100 paths, worst first, new connection): median {statistics.median(lat):.1f} ms, "
                  f"p95 {lat[int(len(lat) * 0.95) - 1]:.1f} ms")
        finally:
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=50)
    asyncio.run(main(ap.parse_args()))
