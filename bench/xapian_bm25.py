"""Xapian BM25 peer for bench/xapian-scifact.ts (not part of the product).

Usage: python3 xapian_bm25.py CORPUS.jsonl QUERIES.jsonl [DEPTH]
Indexes a BEIR corpus (title with weight 2, then text; English stemming), runs every query as an
OR of its stemmed terms, and prints one JSON object on stdout:
  {"version", "buildSeconds", "runs": {query_id: [doc_id, ...]}, "latenciesMs": [...]}
Scoring is left to the caller, so both engines are scored by the same code.
"""
import json
import sys
import tempfile
import time

import xapian

# The same BM25 parameters as paperboy's index (Anserini's BEIR defaults), so the comparison is
# of engines, not of tuning. Xapian's own defaults are k1 1, b 0.5.
K1 = 0.9
B = 0.4
TITLE_WEIGHT = 2


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    corpus_path, queries_path = sys.argv[1], sys.argv[2]
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    stemmer = xapian.Stem("english")
    with tempfile.TemporaryDirectory(prefix="xapian-bench-") as tmp:
        start = time.perf_counter()
        db = xapian.WritableDatabase(tmp, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(stemmer)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_ALL)
        for doc in read_jsonl(corpus_path):
            d = xapian.Document()
            tg.set_document(d)
            tg.index_text(doc.get("title") or "", TITLE_WEIGHT)
            tg.increase_termpos()
            tg.index_text(doc.get("text") or "")
            d.set_data(str(doc["_id"]))
            db.add_document(d)
        db.commit()
        build_seconds = time.perf_counter() - start

        qp = xapian.QueryParser()
        qp.set_stemmer(stemmer)
        qp.set_stemming_strategy(xapian.QueryParser.STEM_ALL)
        qp.set_default_op(xapian.Query.OP_OR)
        enquire = xapian.Enquire(db)
        enquire.set_weighting_scheme(xapian.BM25Weight(K1, 0, 1, B, 0.5))
        runs = {}
        latencies = []
        for q in read_jsonl(queries_path):
            t = time.perf_counter()
            # Flags 0: no boolean operators, phrases or +/- signs; the claim's words only.
            enquire.set_query(qp.parse_query(q["text"], 0))
            ids = [m.document.get_data().decode("utf-8") for m in enquire.get_mset(0, depth)]
            latencies.append((time.perf_counter() - t) * 1000)
            runs[str(q["_id"])] = ids
        db.close()
    json.dump({"version": xapian.version_string(), "buildSeconds": build_seconds, "runs": runs, "latenciesMs": latencies}, sys.stdout)


if __name__ == "__main__":
    main()
