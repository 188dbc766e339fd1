"""uvicorn's httptools protocol, sending each response in one write.

uvicorn writes a response's header block and its body with two `transport.write` calls: two
system calls and, on the wire, two TCP segments that the client must read and reassemble. Here
the header block waits until the body follows (the same step of the event loop for every
response this app sends) and both leave as one write. If no body follows in that step (a
streamed response, HEAD, 204/304), the header block goes out at the end of the step anyway, so
nothing is ever held back longer than that.

Measured with the shared load driver on this machine: about 13 % more requests per second and
half the p99 for a trivial endpoint at 8 concurrent clients (README, "Benchmark").
Run with `uvicorn --http app.server:HttpProtocol ...` (the Makefile, Dockerfile and bench do).
"""

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _OneWriteTransport:
    """Wraps the connection's transport; holds a header block until the next write."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._transport.write(held + bytes(data))
        elif data[:9] == b"HTTP/1.1 " and data[-4:] == b"\r\n\r\n":
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._transport.write(held)

    def close(self) -> None:
        self.flush()  # a held header block is part of the answer: send it before closing
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but speak the same API.
        wrapped = _OneWriteTransport(cast(asyncio.Transport, transport), self.loop)
        super().connection_made(cast(asyncio.Transport, wrapped))
