#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that a file is a whole, real PNG picture: `./dev package` runs it on the screenshot the
installed juxta renders. Every chunk's CRC must match, the image data must inflate to exactly the
size the header announces, and the picture must not be one flat colour (an empty window)."""
import struct
import sys
import zlib


def fail(message: str) -> None:
    print(f"check-png: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    if len(sys.argv) != 2:
        fail("usage: check-png.py FILE")
    data = open(sys.argv[1], "rb").read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        fail("not a PNG file")
    pos, header, idat, ended = 8, None, b"", False
    while pos < len(data):
        if pos + 12 > len(data):
            fail("truncated chunk")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            fail(f"bad CRC in a {kind.decode(errors='replace')} chunk")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    if header is None or not ended:
        fail("no IHDR or no IEND chunk")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None or depth != 8 or interlace != 0:
        fail(f"unexpected format (colour type {colour}, depth {depth}, interlace {interlace})")
    if width < 200 or height < 150:
        fail(f"{width}x{height} is too small for a main window")
    pixels = zlib.decompress(idat)
    stride = 1 + width * channels
    if len(pixels) != height * stride:
        fail(f"image data is {len(pixels)} bytes, the header announces {height * stride}")
    rows = {pixels[y * stride + 1 : (y + 1) * stride] for y in range(height)}
    if len(rows) < 4:
        fail("the picture is blank")
    print(f"check-png: {sys.argv[1]}: {width}x{height}, {len(rows)} distinct rows")


if __name__ == "__main__":
    main()
