"""The Python client against a real `stadb serve` (the built jar): query, page, stats, ingest, cancel, tokens."""
import asyncio
import json
import os
import shutil
import tempfile
import time
import unittest

import server_fixture as fx

if fx.available():
    from stadb_client import StadbClient, StadbError, SyncStadbClient


@unittest.skipUnless(fx.available(), "build tools/target/stadb.jar first (mvn package)")
class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="stadb-py-")
        cls.db = os.path.join(cls.tmp, "db")
        cls.report = os.path.join(cls.tmp, "route.rpt")
        with open(cls.report, "w") as f:
            f.write(fx.stadb("gen", "--paths", "2000").stdout)
        fx.stadb("ingest", "--db", cls.db, "--stage", "route", "--no-progress", cls.report)
        cls.server = fx.Server(cls.db, "--progress-interval-ms", "20")
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def cli_jsonl(self, *args):
        return [json.loads(l) for l in fx.stadb("query", "--db", self.db, "--all", "--format", "jsonl", *args).stdout.splitlines()]

    def run_async(self, coro):
        return asyncio.run(asyncio.wait_for(coro, 120))

    async def open_streams(self, c):
        return (await c.server_info())["open_streams"]

    def test_query_equals_cli(self):
        async def go():
            async with StadbClient(self.url) as c:
                every = [p async for p in c.query(stage="route")]
                clk = [p async for p in c.query(stage="route", slack_below=0, group="clk", batch_size=97)]
                gz = [p async for p in c.query(stage="route", compression="gzip", batch_size=1000)]
                # two streams at once on one connection
                a, b = await asyncio.gather(self._collect(c.query(stage="route")), self._collect(c.query(stage="route", type="max")))
                return every, clk, gz, a, b
        every, clk, gz, a, b = self.run_async(go())
        self.assertEqual(self.cli_jsonl("--stage", "route"), every)
        self.assertEqual(2000, len(every))
        self.assertEqual(self.cli_jsonl("--stage", "route", "--slack-below", "0", "--group", "clk"), clk)
        self.assertEqual(every, gz)
        self.assertEqual(every, a)
        self.assertEqual(self.cli_jsonl("--stage", "route", "--type", "max"), b)

    @staticmethod
    async def _collect(agen):
        return [p async for p in agen]

    def test_pages_walk_like_the_cli(self):
        async def go():
            async with StadbClient(self.url) as c:
                pages, cursor = [], None
                while True:
                    p = await c.page(stage="route", page_size=450, cursor=cursor, slack_below=0)
                    pages.append(p)
                    cursor = p["next_cursor"]
                    if cursor is None:
                        return pages
        pages = self.run_async(go())
        first = json.loads(fx.stadb("query", "--db", self.db, "--stage", "route", "--slack-below", "0", "--page-size", "450",
                                    "--format", "json-page").stdout)
        self.assertEqual(first, pages[0])
        self.assertEqual(self.cli_jsonl("--stage", "route", "--slack-below", "0"), [p for pg in pages for p in pg["paths"]])
        self.assertGreater(len(pages), 2)

    def test_stats_and_errors(self):
        async def go():
            async with StadbClient(self.url) as c:
                s = await c.stats("route")
                with self.assertRaises(StadbError) as e:
                    await c.stats("nope")
                self.assertEqual((404, "NO_SUCH_STAGE"), (e.exception.status, e.exception.code))
                with self.assertRaises(StadbError) as e:
                    await c.page(cursor="garbage")
                self.assertEqual("BAD_CURSOR", e.exception.code)
                with self.assertRaises(StadbError) as e:
                    async for _ in c.query(stage="nope"):
                        pass
                self.assertEqual("NO_SUCH_STAGE", e.exception.code)
                return s, await c.stages()
        s, stages = self.run_async(go())
        self.assertEqual(json.loads(fx.stadb("stats", "--db", self.db, "--stage", "route", "--format", "json").stdout), s)
        self.assertIn("route", [st["name"] for st in stages["stages"]])

    def test_ingest_file_and_async_iterable(self):
        async def chunks():
            with open(self.report, "rb") as f:
                while True:
                    b = f.read(10_000)
                    if not b:
                        return
                    yield b
                    await asyncio.sleep(0)

        async def go():
            async with StadbClient(self.url) as c:
                with open(self.report, "rb") as f:
                    a = await c.ingest("py_file", f, meta={"step": "5_route"})
                b = await c.ingest("py_iter", chunks())
                with self.assertRaises(StadbError) as e:
                    await c.ingest("py_file", b"x")
                self.assertEqual((409, "STAGE_EXISTS"), (e.exception.status, e.exception.code))
                with self.assertRaises(StadbError) as e:
                    await c.ingest("bad name", b"x")
                self.assertEqual("BAD_STAGE_NAME", e.exception.code)
                n = len([p async for p in c.query(stage="py_iter")])
                return a, b, n
        a, b, n = self.run_async(go())
        self.assertEqual((2000, 0), (a["paths"], a["bad_blocks"]))
        self.assertEqual(2000, b["paths"])
        self.assertEqual(2000, n)

    def test_break_and_task_cancel_stop_the_stream(self):
        async def go():
            async with StadbClient(self.url) as c:
                seen = 0
                async for _ in c.query(stage="route", points=True, batch_size=10):
                    seen += 1
                    if seen == 25:
                        break
                for _ in range(200):
                    if await self.open_streams(c) == 0:
                        break
                    await asyncio.sleep(0.05)
                after_break = await self.open_streams(c)

                started = asyncio.Event()

                async def consume():
                    async for _ in c.query(stage="route", points=True, batch_size=10):
                        started.set()
                        await asyncio.sleep(0.01)
                task = asyncio.ensure_future(consume())
                await started.wait()
                task.cancel()
                with self.assertRaises(asyncio.CancelledError):
                    await task
                for _ in range(200):
                    if await self.open_streams(c) == 0:
                        break
                    await asyncio.sleep(0.05)
                after_cancel = await self.open_streams(c)
                # the connection still serves
                n = len([p async for p in c.query(stage="route")])
                return seen, after_break, after_cancel, n
        seen, after_break, after_cancel, n = self.run_async(go())
        self.assertEqual(25, seen)
        self.assertEqual(0, after_break)
        self.assertEqual(0, after_cancel)
        self.assertEqual(2000, n)

    def test_progress_callback(self):
        events = []

        async def go():
            async with StadbClient(self.url) as c:
                n = 0
                async for _ in c.query(stage="route", points=True, batch_size=20, progress=events.append):
                    n += 1
                    if n % 20 == 0:
                        await asyncio.sleep(0.01)
                return n
        self.assertEqual(2000, self.run_async(go()))
        self.assertTrue(events, "progress was reported")
        self.assertTrue({"rows_processed", "percentage", "throughput", "eta"} <= set(events[-1]))

    def test_sync_wrapper(self):
        with SyncStadbClient(self.url) as c:
            rows = list(c.query(stage="route", group="clk"))
            page = c.page(stage="route", page_size=10)
            stats = c.stats("route")
            it = c.query(stage="route")
            first = next(it)
            it.close()
        self.assertEqual(self.cli_jsonl("--stage", "route", "--group", "clk"), rows)
        self.assertEqual(10, len(page["paths"]))
        self.assertEqual(2000, stats["paths"])
        self.assertEqual(rows[0]["stage"], first["stage"])


@unittest.skipUnless(fx.available(), "build tools/target/stadb.jar first (mvn package)")
class TokenTest(unittest.TestCase):
    def test_token_is_required(self):
        tmp = tempfile.mkdtemp(prefix="stadb-py-token-")
        try:
            db = os.path.join(tmp, "db")
            fx.stadb("ingest", "--db", db, "--stage", "s", "--no-progress", "-", input=fx.stadb("gen", "--paths", "50").stdout)
            tok = os.path.join(tmp, "token")
            with open(tok, "w") as f:
                f.write("py-token-0123456789abcdef\n")
            server = fx.Server(db, "--token-file", tok)
            try:
                async def go():
                    async with StadbClient(server.url) as c:
                        with self.assertRaises(StadbError) as e:
                            await c.stages()
                        self.assertEqual(401, e.exception.status)
                        with self.assertRaises(StadbError) as e:
                            async for _ in c.query():
                                pass
                        self.assertEqual(401, e.exception.status)
                    async with StadbClient(server.url, token="py-token-0123456789abcdef") as c:
                        return len([p async for p in c.query()]), (await c.stats())["paths"]
                self.assertEqual((50, 50), asyncio.run(go()))
            finally:
                server.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
