#!/usr/bin/env python3
"""Runs one peer extractor over one benchmark set and writes its predictions as
JSON Lines ({"id", "body", "title", "authors", "published", "page_type"}), the
format the sets' score.py files read. Used by bench/quality.sh, which caches the
output per peer version (the peers take minutes per set).

usage: quality_peers.py PEER SET_DIR OUT.jsonl
PEER: trafilatura | rs-trafilatura | htmldate
SET_DIR: a folder with ground-truth.json and html/<id>.html.gz

Every page is given the URL its ground truth lists (None when it has none). A
peer that raises on a page gets an empty prediction for it; the count of such
pages is printed on stderr.
"""
import gzip
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def version(peer):
    if peer == "trafilatura":
        import trafilatura
        return trafilatura.__version__
    if peer == "rs-trafilatura":
        import rs_trafilatura
        return rs_trafilatura.__version__
    if peer == "htmldate":
        import htmldate
        return htmldate.__version__
    raise SystemExit(f"unknown peer {peer}")


def runner(peer):
    if peer == "trafilatura":
        import trafilatura

        def run(raw, url):
            doc = trafilatura.bare_extraction(raw, url=url, include_comments=False, with_metadata=True)
            if doc is None:
                return {}
            return {
                "body": doc.text or "",
                "title": doc.title,
                "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
                "published": doc.date,
            }
        return run
    if peer == "rs-trafilatura":
        import rs_trafilatura

        def run(raw, url):
            r = rs_trafilatura.extract_bytes(raw, url=url)
            return {
                "body": r.main_content or "",
                "title": r.title,
                "authors": [r.author] if r.author else [],
                "published": r.date,
                "page_type": r.page_type,
            }
        return run
    if peer == "htmldate":
        from htmldate import find_date

        def run(raw, url):
            return {"published": find_date(raw, url=url, original_date=True)}
        return run
    raise SystemExit(f"unknown peer {peer}")


def main():
    if len(sys.argv) == 2 and sys.argv[1] in ("trafilatura", "rs-trafilatura", "htmldate"):
        print(version(sys.argv[1]))
        return
    peer, folder, out = sys.argv[1:4]
    truth = json.load(open(f"{folder}/ground-truth.json", encoding="utf-8"))
    run = runner(peer)
    failed = 0
    with open(out, "w", encoding="utf-8") as f:
        for id_, item in sorted(truth.items()):
            raw = gzip.open(f"{folder}/html/{id_}.html.gz").read()
            url = item.get("url") if isinstance(item.get("url"), str) else None
            try:
                pred = run(raw, url)
            except Exception:  # a peer's crash counts as an empty answer
                pred, failed = {}, failed + 1
            pred["id"] = id_
            pred.setdefault("body", "")
            pred["date"] = pred.get("published")
            f.write(json.dumps(pred) + "\n")
    if failed:
        print(f"{peer}: {failed} pages raised and count as empty", file=sys.stderr)


if __name__ == "__main__":
    main()
