#!/usr/bin/env python3
"""Draws the tab-bar icons (81×81 PNG: WeChat's tab bar takes PNG, not SVG) with no image library.

Shapes are signed-distance tests sampled 4×4 per pixel for smooth edges. Run once; the PNGs are
committed (src/assets/tab). Grey when idle, the brand colour when selected.
"""
import math, struct, zlib, os

S = 81
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'assets', 'tab')

def png(path, pixels):
    raw = b''.join(b'\x00' + bytes(sum((list(p) for p in row), [])) for row in pixels)
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', S, S, 8, 6, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

def rrect(x, y, x0, y0, x1, y1, r):
    cx, cy = min(max(x, x0 + r), x1 - r), min(max(y, y0 + r), y1 - r)
    return math.hypot(x - cx, y - cy) <= r and x0 <= x <= x1 and y0 <= y <= y1

def ring(x, y, cx, cy, r, w):
    d = math.hypot(x - cx, y - cy)
    return r - w <= d <= r

def card(x, y):  # a member card: outlined rounded rectangle with a stripe and a chip
    outer = rrect(x, y, 10, 20, 71, 62, 7)
    inner = rrect(x, y, 15, 25, 66, 57, 3)
    stripe = 15 <= x <= 66 and 31 <= y <= 36
    chip = rrect(x, y, 20, 44, 34, 52, 2)
    return (outer and not inner) or stripe or chip

def coupon(x, y):  # a ticket with notches on both sides and a dashed tear line
    body = rrect(x, y, 10, 22, 71, 60, 5) and not (math.hypot(x - 10, y - 41) < 7 or math.hypot(x - 71, y - 41) < 7)
    inner = rrect(x, y, 15, 27, 66, 55, 2) and not (math.hypot(x - 10, y - 41) < 12 or math.hypot(x - 71, y - 41) < 12)
    dash = 48 <= x <= 51 and 27 <= y <= 55 and int((y - 27) / 5) % 2 == 0
    return (body and not inner) or dash

def person(x, y):  # head and shoulders
    head = ring(x, y, 40.5, 28, 12, 5)
    shoulders = ring(x, y, 40.5, 74, 28, 5) and y <= 66
    return head or shoulders

def draw(shape, rgb):
    rows = []
    for j in range(S):
        row = []
        for i in range(S):
            hits = sum(shape(i + (a + 0.5) / 4, j + (b + 0.5) / 4) for a in range(4) for b in range(4))
            row.append((*rgb, round(255 * hits / 16)))
        rows.append(row)
    return rows

GREY, BRAND = (138, 138, 138), (200, 80, 45)
for name, shape in (('card', card), ('wallet', coupon), ('me', person)):
    png(os.path.join(OUT, f'{name}.png'), draw(shape, GREY))
    png(os.path.join(OUT, f'{name}-on.png'), draw(shape, BRAND))
print('wrote', sorted(os.listdir(OUT)))
