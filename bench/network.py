"""The site as a reader on a phone gets it: served by the production web server (Caddy from deploy/, with
its compression and headers) through a throttled network.

The throttle is a small TCP proxy in front of Caddy (`Shaper`): the browser talks to the proxy, so every
request from the page, the module worker, the search worker and Pyodide's own fetches passes through it
alike (Chromium's DevTools throttling does not promise that for workers). It models one phone link:
 - a new connection waits one round trip (the TCP handshake) before anything is relayed;
 - each direction is one first-in-first-out bottleneck shared by all connections, at the profile's
   download or upload rate, then delayed by half the round trip.
It does not model TCP slow start or packet loss, so short files arrive somewhat sooner than on a real 4G
link. This machine's kernel has no `netem` qdisc, so a kernel shaper (`tc`) cannot add the delay.
`check` fetches a file of known size in a worker and in the page to prove the rate applies to both.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from grip_build import server as production

BALLAST = "ballast.bin"  # a file of random bytes (incompressible) for the throttle check
BALLAST_BYTES = 1_000_000
CHUNK = 16_384


@dataclass(frozen=True)
class Profile:
    name: str
    down_kbit: int
    up_kbit: int
    rtt_ms: int


PROFILES = (Profile("4G", 9000, 1500, 60), Profile("slow 4G", 1600, 750, 150))


def available() -> str | None:
    """Why the network figures cannot run here, or None when they can."""
    return None if shutil.which("caddy") else production.INSTALL_HINT


class _Link:
    """One direction of the phone link: a FIFO bottleneck at ``rate`` bytes/s, then ``delay`` seconds."""

    def __init__(self, kbit: int, delay: float):
        self.rate = kbit * 1000 / 8
        self.delay = delay
        self.free = 0.0  # when the bottleneck has sent everything queued so far

    def arrival(self, size: int) -> float:
        now = time.monotonic()
        self.free = max(self.free, now) + size / self.rate
        return self.free + self.delay


class Shaper:
    """The TCP proxy on ``url`` that shapes everything to and from ``target_port`` to ``profile``."""

    def __init__(self, target_port: int, profile: Profile):
        self.target_port, self.profile = target_port, profile
        self.sent = 0
        self.down = _Link(profile.down_kbit, profile.rtt_ms / 2000)
        self.up = _Link(profile.up_kbit, profile.rtt_ms / 2000)

    def take(self) -> list[Hit]:
        """The bytes sent down the link since the last call (HTTP headers included), as one entry."""
        sent, self.sent = self.sent, 0
        return [Hit("(all responses, headers included)", 200, sent)]

    async def _pipe(self, reader, writer, link: _Link) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver():
            while (item := await queue.get()) is not None:
                at, data = item
                await asyncio.sleep(max(0.0, at - time.monotonic()))
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()  # pass the end of the stream on, keeping the other direction open

        sender = asyncio.create_task(deliver())
        try:
            while data := await reader.read(CHUNK):
                if link is self.down:
                    self.sent += len(data)
                queue.put_nowait((link.arrival(len(data)), data))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait(None)
            with contextlib.suppress(ConnectionError, OSError):
                await sender

    async def _connection(self, client_reader, client_writer) -> None:
        server_writer = None
        try:
            await asyncio.sleep(self.profile.rtt_ms / 1000)  # the TCP handshake over the phone link
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
            await asyncio.gather(self._pipe(client_reader, server_writer, self.up),
                                 self._pipe(server_reader, client_writer, self.down))
        except (ConnectionError, OSError, asyncio.CancelledError):  # cancelled: the shaper is stopping
            pass
        finally:
            for writer in (client_writer, server_writer):
                if writer is not None:
                    writer.close()
                    with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
                        await writer.wait_closed()

    @contextlib.contextmanager
    def running(self):
        """Serve on a free port (``self.url``) in a thread of its own until the block ends."""
        loop = asyncio.new_event_loop()
        started = threading.Event()
        stop = asyncio.Event()

        async def main():
            server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
            self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
            started.set()
            await stop.wait()
            server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await server.wait_closed()

        thread = threading.Thread(target=lambda: (loop.run_until_complete(main()), loop.close()), daemon=True)
        thread.start()
        started.wait(10)
        try:
            yield self
        finally:
            loop.call_soon_threadsafe(stop.set)
            thread.join(10)


@dataclass
class Hit:
    path: str
    status: int
    body: int  # bytes of the body as sent: compressed when the server sent a .br or .gz


@contextlib.contextmanager
def serve(root: Path):
    """The built site served by Caddy with the production configuration; yields its port."""
    with production.running(root) as url:
        yield int(url.rsplit(":", 1)[1].strip("/"))


def write_check_page(folder: Path) -> None:
    """``throttle.html``: fetches the ballast in a module worker and in the page, and reports both times."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BALLAST).write_bytes(os.urandom(BALLAST_BYTES))
    (folder / "throttle.html").write_text(
        '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Throttle check</title>'
        "<p>Meet de snelheid van het netwerk in een worker en in de pagina.</p></html>\n")
    (folder / "throttle-worker.mjs").write_text(
        "self.onmessage = async ({ data }) => {\n"
        "  const start = performance.now();\n"
        "  const bytes = (await (await fetch(data, { cache: 'no-store' })).arrayBuffer()).byteLength;\n"
        "  self.postMessage({ bytes, ms: performance.now() - start });\n"
        "};\n")


CHECK = """async (ballast) => {
  const worker = new Worker(new URL("throttle-worker.mjs", location.href), { type: "module" });
  const inWorker = await new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.postMessage(ballast);
  });
  worker.terminate();
  const start = performance.now();
  const bytes = (await (await fetch(ballast, { cache: "no-store" })).arrayBuffer()).byteLength;
  return { worker: inWorker, page: { bytes, ms: performance.now() - start } };
}"""


def check(page, site: Shaper, folder: str) -> dict:
    """Fetch the ballast in a worker and in the page; the caller compares with the profile's rate."""
    page.goto(site.url + f"{folder}/throttle.html")
    return page.evaluate(CHECK, site.url + f"{folder}/{BALLAST}")


def expected_ms(profile: Profile, size: int = BALLAST_BYTES) -> float:
    """The least time ``size`` bytes take at the profile's download rate (no round trips counted)."""
    return size * 8 / (profile.down_kbit * 1000) * 1000
