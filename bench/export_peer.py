#!/usr/bin/env python3
"""Python peer for bench/export.sh: the same synthetic tables as the Rust benchmark
(crates/export/tests/support/synthetic.rs `synthetic()`), written the way an analyst
would with pandas/pyarrow (CSV, Parquet) or the json module (JSONL).

    export_peer.py csv|parquet|jsonl DIR [ARTICLES] [MENTIONS]

Prints one `key=value` line; `seconds` is the write time, `gen_seconds` the time to
build the in-memory tables first (pandas needs them materialised; the Rust exporter
streams).
"""

import json
import sys
import time
from pathlib import Path


def body(i):
    sentence = "Officials in Minsk and Vilnius discussed the border on Tuesday. "
    return "\n\n".join(f"Paragraph {p}. {sentence * 6}" for p in range(8))


def article(i):
    url = f"https://news.example.com/{2019 + i % 6}/article-{i}"
    return {
        "article_id": f"{i:016x}",
        "revision": 1,
        "url": url,
        "canonical_url": url,
        "source": "belarus-digest",
        "title": f"Synthetic article number {i}",
        "authors": ["Ryhor Astapenia", "Лукашенко Аляксандр"],
        "published": f"2019-12-20T11:30:00+03:00",
        "modified": "2019-12-20T13:30:00+03:00",
        "language": "en",
        "section": "Politics",
        "tags": ["Belarus", "USA"],
        "description": "Pompeo is coming to Minsk.",
        "word_count": 480,
        "lead_image": "https://example.com/img/lead.jpg",
        "images": ["https://example.com/img/1.jpg"],
        "paywalled": False,
        "truncated": False,
        "needs_js": False,
        "charset": "UTF-8",
        "charset_confidence": 0.9,
        "published_rule": "json-ld",
        "published_agreed": True,
        "authors_rule": "byline",
        "content_hash": "74abd4c7b1d33c09",
        "fetched_at": "2019-12-20T08:00:00Z",
        "run_id": "20191220T080000Z",
        "body": body(i),
    }


def tagged(i, mentions):
    aid = f"{i:016x}"
    entities = [
        {"article_id": aid, "entity_id": f"per:person-{(i + e) % 1000}", "name": f"Person {(i + e) % 1000}",
         "type": "PER", "mentions": mentions // 5, "aliases": [f"Person {(i + e) % 1000}"],
         "geonames_id": None, "country_code": None, "latitude": None, "longitude": None,
         "watched": e == 0, "labels": []}
        for e in range(5)
    ]
    ments = [
        {"article_id": aid, "entity_id": f"per:person-{(i + m % 5) % 1000}", "type": "PER",
         "text": f"Person {(i + m % 5) % 1000}", "start": m * 20, "end": m * 20 + 10, "value": None}
        for m in range(mentions)
    ]
    quotes = [
        {"article_id": aid, "speaker_entity_id": "per:mike-pompeo", "speaker": "Mike Pompeo",
         "quote": "We want a sovereign Belarus,", "start": 77, "end": 105}
        for _ in range(2)
    ]
    return entities, ments, quotes


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("csv", "parquet", "jsonl"):
        print(__doc__, file=sys.stderr)
        return 2
    fmt, out = sys.argv[1], Path(sys.argv[2])
    articles = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    mentions = int(sys.argv[4]) if len(sys.argv) > 4 else 3_000_000
    per = mentions // articles
    out.mkdir(parents=True, exist_ok=True)
    rows = 0
    if fmt == "jsonl":
        gen = 0.0
        start = time.perf_counter()
        with open(out / "articles.jsonl", "w", encoding="utf-8") as f:
            for i in range(articles):
                record = article(i)
                entities, ments, quotes = tagged(i, per)
                for table in (entities, ments, quotes):
                    for row in table:
                        del row["article_id"]
                record.update(entities=entities, mentions=ments, quotes=quotes)
                rows += 1 + len(entities) + len(ments) + len(quotes)
                f.write(json.dumps(record, ensure_ascii=False))
                f.write("\n")
        seconds = time.perf_counter() - start
    else:
        import pandas as pd

        start = time.perf_counter()
        tables = {"articles": [], "entities": [], "mentions": [], "quotes": []}
        for i in range(articles):
            tables["articles"].append(article(i))
            entities, ments, quotes = tagged(i, per)
            tables["entities"].extend(entities)
            tables["mentions"].extend(ments)
            tables["quotes"].extend(quotes)
        frames = {name: pd.DataFrame(rows_) for name, rows_ in tables.items()}
        del tables
        if fmt == "csv":
            for frame in frames.values():
                for column in ("authors", "tags", "images", "aliases", "labels"):
                    if column in frame:
                        frame[column] = frame[column].map("; ".join)
        else:
            frames["articles"]["published"] = pd.to_datetime(frames["articles"]["published"], utc=True)
        gen = time.perf_counter() - start
        rows = sum(len(f) for f in frames.values())
        start = time.perf_counter()
        for name, frame in frames.items():
            if fmt == "csv":
                frame.to_csv(out / f"{name}.csv", index=False)
            else:
                frame.to_parquet(out / f"{name}.parquet", compression="snappy", index=False)
        seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.iterdir())
    print(f"format={fmt} articles={articles} mentions={per * articles} rows={rows} seconds={seconds:.2f} "
          f"rows_per_s={rows / seconds:.0f} output_mb={size / 1e6:.1f} gen_seconds={gen:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
