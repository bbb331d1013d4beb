#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renders Juxta's SVG icon into the PNG sizes of the hicolor theme, a Windows .ico and a macOS .icns.

The results are committed, so builds on Windows, macOS and Flatpak need no SVG renderer and every
build ships the same pixels. Run it again after changing the SVG (needs rsvg-convert, from
librsvg2-bin):  ./dev shell packaging/icons/render-icons.py
"""
import pathlib
import struct
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
APP_ID = "org.juxta.Juxta"
SVG = HERE / f"{APP_ID}.svg"
SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]


def render(size: int, path: pathlib.Path) -> bytes:
    subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), str(SVG), "-o", str(path)], check=True)
    return path.read_bytes()


def write_ico(images: dict[int, bytes], path: pathlib.Path) -> None:
    # An ICO holding PNG images (Windows Vista and newer); 256 is written as 0 in the directory.
    sizes = [s for s in (16, 24, 32, 48, 64, 256) if s in images]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, data = b"", b""
    for size in sizes:
        png = images[size]
        directory += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    path.write_bytes(header + directory + data)


def write_icns(images: dict[int, bytes], path: pathlib.Path) -> None:
    # PNG-compressed entries: ic07 128, ic08 256, ic09 512, ic11 32 (16@2x), ic12 64 (32@2x), ic13 256 (128@2x).
    types = [(b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic08", 256), (b"ic13", 256), (b"ic09", 512)]
    body = b"".join(kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in types)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> None:
    images = {}
    for size in SIZES:
        folder = HERE / "hicolor" / f"{size}x{size}"
        folder.mkdir(parents=True, exist_ok=True)
        images[size] = render(size, folder / f"{APP_ID}.png")
    write_ico(images, HERE / f"{APP_ID}.ico")
    write_icns(images, HERE / f"{APP_ID}.icns")


if __name__ == "__main__":
    main()
