#!/usr/bin/env python3
"""Generates crates/report/data/world-110m.txt, the world outline the report's map draws.

Source: Natural Earth 1:110m Admin 0 countries (version 4.1.0; public domain, "No
permission is needed to use Natural Earth"), as TopoJSON in the npm package
`world-atlas` 2.0.2 (`countries-110m.json`; the package's own code and packaging are
ISC-licensed, Copyright 2013-2019 Michael Bostock).

The TopoJSON is decoded here with the standard library only (delta-encoded, quantised
arcs; see the TopoJSON specification), then:
  * land: the rings of the `land` object (coastlines, merged across borders), filled;
  * borders: the arcs two countries share (land borders), each drawn once;
each line simplified with Douglas-Peucker at 0.08 degrees and rounded to 0.1 degrees,
consecutive duplicate points dropped, and rings that collapse below 4 points dropped.

Output, one shape a line, coordinates as integer tenths of a degree (lon,lat):
  L x,y x,y ...     a closed land ring
  B x,y x,y ...     a border line

Usage: python3 scripts/report_outline.py [countries-110m.json] [OUT]
Without a file, the script fetches the package with `npm pack world-atlas@2.0.2`.
"""
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
TOLERANCE = 0.08
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "crates", "report", "data", "world-110m.txt")


def load(path):
    if path:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        (tgz,) = [n for n in os.listdir(tmp) if n.endswith(".tgz")]
        with tarfile.open(os.path.join(tmp, tgz)) as tar:
            member = tar.extractfile("package/countries-110m.json")
            return json.load(member)


def decode_arcs(topo):
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs, index):
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_points(arcs, ring):
    points = []
    for index in ring:
        part = arc_points(arcs, index)
        points.extend(part if not points else part[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, at = d, i
        if at is not None and best > tolerance:
            keep[at] = True
            stack.append((first, at))
            stack.append((at, last))
    return [p for p, k in zip(points, keep) if k]


def rounded(points):
    out = []
    for x, y in points:
        p = (round(x * 10), round(y * 10))
        if not out or out[-1] != p:
            out.append(p)
    return out


def line(kind, points):
    return kind + " " + " ".join(f"{x},{y}" for x, y in points)


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else None
    out_path = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    topo = load(source)
    arcs = decode_arcs(topo)
    lines = []
    land_points = 0
    for geometry in topo["objects"]["land"]["geometries"]:
        for polygon in polygons(geometry):
            for ring in polygon:
                points = rounded(simplify(ring_points(arcs, ring), TOLERANCE))
                if len(points) >= 4:
                    lines.append(line("L", points))
                    land_points += len(points)
    uses = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    uses[index if index >= 0 else ~index] = uses.get(index if index >= 0 else ~index, 0) + 1
    border_points = 0
    for index in sorted(i for i, n in uses.items() if n >= 2):
        points = rounded(simplify(arcs[index], TOLERANCE))
        if len(points) >= 2:
            lines.append(line("B", points))
            border_points += len(points)
    header = [
        "# World outline for the newsmill report's map: generated by scripts/report_outline.py.",
        "# Natural Earth 1:110m Admin 0 countries v4.1.0 (public domain), via the npm package",
        "# world-atlas 2.0.2 (countries-110m.json). L = land ring, B = land border;",
        "# coordinates are lon,lat in tenths of a degree.",
    ]
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(header + lines) + "\n")
    print(f"{out_path}: {sum(l[0] == 'L' for l in lines)} land rings ({land_points} points), "
          f"{sum(l[0] == 'B' for l in lines)} borders ({border_points} points), "
          f"{os.path.getsize(out_path)} bytes")


if __name__ == "__main__":
    main()
