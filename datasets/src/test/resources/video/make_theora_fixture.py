#!/usr/bin/env python3
"""Writes pattern_theora.ogv: TestVideos.patternClip(30, 48, 64) encoded with libtheora (Debian ffmpeg 5.1).

The bundled FFmpeg (JavaCPP 5.0-1.5.7) decodes Theora but cannot encode it, so this one fixture is committed.
Run from this folder: python3 make_theora_fixture.py (needs the ffmpeg command with libtheora).
"""
import subprocess


def pattern(t, y, x, c):
    sx = t % 40
    if 8 <= y < 16 and sx <= x < sx + 8:
        return 250
    return [min(255, 8 + 8 * t), min(255, 4 * x), min(255, 5 * y)][c]


T, H, W = 30, 48, 64
raw = bytes(pattern(t, y, x, c) for t in range(T) for y in range(H) for x in range(W) for c in range(3))
subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", "25",
                "-i", "-", "-c:v", "libtheora", "-q:v", "9", "-g", "10", "-pix_fmt", "yuv420p",
                "pattern_theora.ogv"], input=raw, check=True)
