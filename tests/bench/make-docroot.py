#!/usr/bin/env python3
"""make-docroot.py — the benchmark's docroot (idempotent).

usage: make-docroot.py INDEX_HTML DIR

  index.html  a copy of INDEX_HTML (the project's srcFile/index.html, 221 bytes)
  image.png   a valid 10 KiB PNG (exactly PNG_SIZE bytes: noise pixels stored
              uncompressed, padded to size with a tEXt chunk), seeded, so it is
              the same file on every run
  bulk.txt    BULK_SIZE bytes (100 MiB) of seeded pseudo-random data; rewritten
              only when its size is wrong
  listing/    LISTING_FILES small files file0001.txt … file1000.txt and no
              index.html: the folder scenario (j) lists

Files are world-readable: nginx and h2o serve them as 'nobody'.
"""
import os
import random
import shutil
import struct
import sys
import zlib

PNG_SIZE = 10 * 1024
PNG_SIDE = 40                 # 40x40 RGB, 4840 bytes of raw scanlines
BULK_SIZE = 100 * 1024 * 1024
BULK_BLOCK = 1 << 20
SEED = 20260804
LISTING_FILES = 1000


def png_chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def make_png(rng):
    raw = b"".join(b"\x00" + rng.randbytes(PNG_SIDE * 3) for _ in range(PNG_SIDE))
    head = b"\x89PNG\r\n\x1a\n" + png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", PNG_SIDE, PNG_SIDE, 8, 2, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(raw, 0))
    iend = png_chunk(b"IEND", b"")
    keyword = b"Comment\x00"
    pad = PNG_SIZE - len(head) - len(idat) - len(iend) - 12 - len(keyword)
    if pad < 0:
        raise SystemExit("PNG_SIDE too large for PNG_SIZE")
    text = png_chunk(b"tEXt", keyword + b"p" * pad)
    png = head + text + idat + iend
    assert len(png) == PNG_SIZE
    return png


def write_if_changed(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    with open(path, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    index, root = sys.argv[1], sys.argv[2]
    os.makedirs(root, exist_ok=True)
    os.chmod(root, 0o755)
    rng = random.Random(SEED)

    shutil.copyfile(index, os.path.join(root, "index.html"))
    write_if_changed(os.path.join(root, "image.png"), make_png(rng))

    bulk = os.path.join(root, "bulk.txt")
    if not os.path.exists(bulk) or os.path.getsize(bulk) != BULK_SIZE:
        with open(bulk, "wb") as f:
            for _ in range(BULK_SIZE // BULK_BLOCK):
                f.write(rng.randbytes(BULK_BLOCK))

    listing = os.path.join(root, "listing")
    os.makedirs(listing, exist_ok=True)
    os.chmod(listing, 0o755)
    for i in range(1, LISTING_FILES + 1):
        path = os.path.join(listing, f"file{i:04d}.txt")
        write_if_changed(path, f"file {i}\n".encode())
        os.chmod(path, 0o644)
    print(f"listing/ {LISTING_FILES} files")

    for name in ("index.html", "image.png", "bulk.txt"):
        path = os.path.join(root, name)
        os.chmod(path, 0o644)
        print(f"{name} {os.path.getsize(path)}")


if __name__ == "__main__":
    main()
