"""Asyncio client for `stadb serve` (standard library only, Python >= 3.9).

    async with StadbClient("http://127.0.0.1:7878") as c:
        async for path in c.query(stage="route", slack_below=0, group="clk"):
            print(path["slack"], path["endpoint"])
        page = await c.page(stage="route", page_size=100)          # {"paths": [...], "next_cursor": ...}
        stats = await c.stats("route")
        summary = await c.ingest("cts", open("cts.rpt", "rb"))

Queries stream over one WebSocket (several at once); breaking out of the loop or cancelling the task
sends cancel_query, and the server stops decoding. Everything else is plain HTTP/1.1.
"""
import asyncio
import base64
import gzip
import json
import os
import struct
import urllib.parse

__all__ = ["StadbClient", "StadbError", "SyncStadbClient"]

_FIELD_ALIASES = {"path_class": "class", "from_": "from", "to_": "to"}


class StadbError(Exception):
    """An error answer of the server: HTTP status (or None on the WebSocket), code and message."""

    def __init__(self, status, code, message):
        super().__init__(f"{code}: {message}" + (f" (HTTP {status})" if status else ""))
        self.status = status
        self.code = code
        self.message = message


def _filters(kw):
    out = {}
    for k, v in kw.items():
        if v is None:
            continue
        k = _FIELD_ALIASES.get(k, k)
        out[k] = ("true" if v else "false") if isinstance(v, bool) else v
    return out


class _WebSocket:
    """A minimal RFC 6455 client: text/binary messages, fragmentation, ping/pong, close."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, host, port, path, headers):
        reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
        key = base64.b64encode(os.urandom(16)).decode()
        req = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
               f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        req += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(req) + "\r\n\r\n").encode())
        await writer.drain()
        status, hdrs = await _read_head(reader)
        if status != 101:
            body = await _read_body(reader, hdrs)
            writer.close()
            raise _http_error(status, body)
        return cls(reader, writer)

    async def send_text(self, text):
        data = text.encode()
        head = bytearray([0x81])
        n = len(data)
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head.append(0x80 | 126)
            head += struct.pack("!H", n)
        else:
            head.append(0x80 | 127)
            head += struct.pack("!Q", n)
        mask = os.urandom(4)
        head += mask
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(data)) if n < 4096 else _mask(data, mask)
        self.writer.write(bytes(head) + masked)
        await self.writer.drain()

    async def _send_control(self, opcode, payload=b""):
        mask = os.urandom(4)
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + _mask(payload, mask))
        await self.writer.drain()

    async def recv(self):
        """The next message: str (text) or bytes (binary); None when the connection closed."""
        parts = []
        kind = None
        while True:
            try:
                b0, b1 = await self.reader.readexactly(2)
            except (asyncio.IncompleteReadError, ConnectionError):
                return None
            opcode = b0 & 0x0F
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            if opcode == 0x8:
                try:
                    await self._send_control(0x8, payload[:2])
                except ConnectionError:
                    pass
                return None
            if opcode == 0x9:
                await self._send_control(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode in (0x1, 0x2):
                kind = opcode
            parts.append(payload)
            if b0 & 0x80:
                data = b"".join(parts)
                return data.decode() if kind == 0x1 else data

    async def close(self):
        try:
            await self._send_control(0x8, struct.pack("!H", 1000))
        except (ConnectionError, RuntimeError):
            pass
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass


def _mask(data, mask):
    if not data:
        return b""
    m = int.from_bytes((mask * (len(data) // 4 + 1))[: len(data)], "big")
    return (int.from_bytes(data, "big") ^ m).to_bytes(len(data), "big")


async def _read_head(reader):
    line = await reader.readline()
    if not line:
        raise ConnectionError("the server closed the connection")
    parts = line.decode("latin-1").split(" ", 2)
    status = int(parts[1])
    headers = {}
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers


async def _read_body(reader, headers):
    if headers.get("transfer-encoding", "").lower() == "chunked":
        out = bytearray()
        async for chunk in _chunks(reader):
            out += chunk
        return bytes(out)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()


async def _chunks(reader):
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return
        yield await reader.readexactly(size)
        await reader.readline()


def _http_error(status, body):
    try:
        e = json.loads(body)
        return StadbError(status, e.get("code", "HTTP_ERROR"), e.get("message", ""))
    except ValueError:
        return StadbError(status, "HTTP_ERROR", body.decode("utf-8", "replace")[:200])


class StadbClient:
    """`async with StadbClient(url, token=None) as c:` — see the module doc."""

    def __init__(self, url="http://127.0.0.1:7878", token=None, timeout=60.0):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http":
            raise ValueError("stadb serves plain http (put TLS in front of it): " + url)
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 80
        self.token = token
        self.timeout = timeout
        self._ws = None
        self._ws_lock = asyncio.Lock()
        self._reader_task = None
        self._streams = {}
        self._next = 0

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def close(self):
        if self._reader_task:
            self._reader_task.cancel()
            try:
                await self._reader_task
            except (asyncio.CancelledError, Exception):
                pass
            self._reader_task = None
        if self._ws:
            await self._ws.close()
            self._ws = None

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    # ------------------------------------------------------------ HTTP

    async def _request(self, method, path, params=None, body=None):
        q = urllib.parse.urlencode(params or {}, doseq=True)
        target = path + ("?" + q if q else "")
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
        try:
            head = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close",
                    "Accept: application/json"]
            head += [f"{k}: {v}" for k, v in self._headers().items()]
            if body is None:
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
            else:
                head += ["Transfer-Encoding: chunked", "Content-Type: text/plain"]
                # Each piece is written with the one after it, so a one-chunk body goes out in one write
                # with the head: a server that rejects the head and closes cannot break the pipe under
                # a later write (which made asyncio drop the answer it had already sent).
                pending = ("\r\n".join(head) + "\r\n\r\n").encode()
                first = True
                try:
                    async for chunk in body:
                        if chunk:
                            frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
                            if first:
                                pending += frame  # the head goes out with the first chunk
                                first = False
                                continue
                            writer.write(pending)
                            pending = frame
                            await writer.drain()  # the server parses as it reads: its backpressure paces us
                    writer.write(pending + b"0\r\n\r\n")
                    await writer.drain()
                except ConnectionError:
                    pass  # the server answered early (an error) and closed: read its answer
            if body is None:
                await writer.drain()
            status, headers = await asyncio.wait_for(_read_head(reader), None)
            data = await _read_body(reader, headers)
        finally:
            writer.close()
        if status >= 400:
            raise _http_error(status, data)
        return json.loads(data)

    async def stages(self):
        return await self._request("GET", "/stages")

    async def stats(self, stage=None, bins=None, bin_width=None):
        params = _filters({"bins": bins, "bin_width": bin_width})
        if stage is None:
            return await self._request("GET", "/stats", params)
        return await self._request("GET", "/stages/" + urllib.parse.quote(stage, safe="") + "/stats", params)

    async def diff(self, from_stage, to_stage=None, top=None):
        return await self._request("GET", "/diff", _filters({"from": from_stage, "to": to_stage, "top": top}))

    async def trend(self, *stages):
        return await self._request("GET", "/trend", {"stage": list(stages)} if stages else None)

    async def server_info(self):
        return await self._request("GET", "/")

    async def page(self, page_size=100, cursor=None, points=False, **filters):
        """One page: {"paths": [...], "next_cursor": str or None}, the same as `stadb query --format json-page`."""
        p = _filters(filters)
        p["page_size"] = page_size
        if cursor:
            p["cursor"] = cursor
        if points:
            p["points"] = "true"
        return await self._request("GET", "/query", p)

    async def ingest(self, stage, source, replace=False, strict=False, meta=None, label=None):
        """Streams a report (bytes, a binary file, or a (async) iterable of bytes) into a new stage."""
        p = {"replace": "true" if replace else "false", "strict": "true" if strict else "false"}
        if meta:
            p["meta"] = [f"{k}={v}" for k, v in meta.items()]
        if label:
            p["source"] = label
        return await self._request("PUT", "/stages/" + urllib.parse.quote(stage, safe=""), p, _body(source))

    # ------------------------------------------------------------ WebSocket streams

    async def _socket(self):
        async with self._ws_lock:
            if self._ws is None:
                self._ws = await _WebSocket.connect(self.host, self.port, "/ws", self._headers())
                self._reader_task = asyncio.ensure_future(self._read_loop(self._ws))
            return self._ws

    async def _read_loop(self, ws):
        try:
            while True:
                m = await ws.recv()
                if m is None:
                    break
                if isinstance(m, bytes):
                    m = gzip.decompress(m).decode()
                msg = json.loads(m)
                q = self._streams.get(msg.get("stream_id"))
                if q is not None:
                    await q.put(msg)  # a full queue stops this loop reading: TCP backpressure to the server
                elif msg.get("stream_id") is None and msg.get("type") == "query_error":
                    for q in list(self._streams.values()):
                        await q.put(msg)
        finally:
            for q in list(self._streams.values()):
                q.put_nowait({"type": "_closed"})
            self._ws = None

    async def query(self, batch_size=500, progress=None, points=False, cursor=None, compression=None, **filters):
        """Every selected path (dicts like `stadb query --format jsonl`), streamed over the WebSocket.

        progress(dict) is called with each query_progress message. Breaking out of the loop (or
        cancelling the task) cancels the stream on the server.
        """
        ws = await self._socket()
        self._next += 1
        sid = f"py{self._next}"
        q = asyncio.Queue(maxsize=4)
        self._streams[sid] = q
        query = _filters(filters)
        if points:
            query["points"] = True
        if cursor:
            query["cursor"] = cursor
        msg = {"type": "stream_query", "stream_id": sid, "query": query, "batch_size": batch_size}
        if compression:
            if compression != "gzip":
                raise ValueError("the Python client decodes gzip only (no zstd in the standard library)")
            msg["compression"] = compression
        done = False
        try:
            await ws.send_text(json.dumps(msg))
            while True:
                m = await q.get()
                t = m.get("type")
                if t == "query_batch":
                    for row in m["rows"]:
                        yield row
                elif t == "query_progress":
                    if progress:
                        progress(m)
                elif t == "query_completed":
                    done = True
                    return
                elif t == "query_error":
                    done = True
                    raise StadbError(None, m.get("code"), m.get("message"))
                elif t == "_closed":
                    done = True
                    raise ConnectionError("the server closed the WebSocket")
        finally:
            self._streams.pop(sid, None)
            if not done and self._ws is not None:
                try:
                    await asyncio.shield(self._ws.send_text(json.dumps({"type": "cancel_query", "stream_id": sid})))
                except (ConnectionError, RuntimeError, asyncio.CancelledError):
                    pass


async def _body(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield bytes(source)
        return
    if hasattr(source, "__aiter__"):
        async for chunk in source:
            yield bytes(chunk)
        return
    if hasattr(source, "read"):
        loop = asyncio.get_running_loop()
        while True:
            chunk = await loop.run_in_executor(None, source.read, 1 << 16)
            if not chunk:
                return
            yield chunk if isinstance(chunk, bytes) else chunk.encode()
    for chunk in source:
        yield bytes(chunk)


class SyncStadbClient:
    """The same calls, blocking: `with SyncStadbClient(url) as c: for p in c.query(stage="route"): ...`."""

    def __init__(self, url="http://127.0.0.1:7878", token=None, timeout=60.0):
        self._loop = asyncio.new_event_loop()
        self._client = self._loop.run_until_complete(self._make(url, token, timeout))

    @staticmethod
    async def _make(url, token, timeout):
        return StadbClient(url, token, timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if not self._loop.is_closed():
            self._loop.run_until_complete(self._client.close())
            self._loop.close()

    def _run(self, coro):
        return self._loop.run_until_complete(coro)

    def stages(self):
        return self._run(self._client.stages())

    def stats(self, stage=None, **kw):
        return self._run(self._client.stats(stage, **kw))

    def diff(self, from_stage, to_stage=None, top=None):
        return self._run(self._client.diff(from_stage, to_stage, top))

    def trend(self, *stages):
        return self._run(self._client.trend(*stages))

    def page(self, **kw):
        return self._run(self._client.page(**kw))

    def ingest(self, stage, source, **kw):
        return self._run(self._client.ingest(stage, source, **kw))

    def query(self, **kw):
        agen = self._client.query(**kw)
        try:
            while True:
                try:
                    yield self._run(agen.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            self._run(agen.aclose())
