#!/usr/bin/env python3
"""Benchmark: the sample county's whole set of thematic maps (专题图), against the issue's limit of 60 s.

    scripts/run-sample                      # once: the results the maps are made from
    source scripts/env.sh && .venv/bin/python bench/bench_maps.py [--results output/sample] [--dpi 150]

Runs ``multiplan:make_maps`` exactly as the batch chain does (scripts/batch_chain.py: the sample's
county, townships, 三区, the three lines, projects, and the chain's blueprint, patches, violations and
双评价 rasters), in a fresh ``qgis_process`` — what a batch user waits for, QGIS start included —
into a temporary folder, ``--repeat`` times. Prints the seconds of each run, the maps and pages
made (PDF pages counted from the files), the seconds per page, and whether the median run is under
the limit; exits 1 when it is not or a run fails. There is no automated alternative to compare
with: by hand, a technician lays out one map in QGIS's layout designer in tens of minutes.
"""
import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / ".build" / "plugins"))

import batch_chain  # noqa: E402
from multiplan.core.maps.thematic import pdf_page_count  # noqa: E402

LIMIT = 60.0  # s, the target for the full map set of the sample county
STEP = "Thematic maps 专题图"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", default=str(ROOT / "output" / "sample"),
                        help="the output folder of scripts/run-sample (default output/sample)")
    parser.add_argument("--sample", default=str(ROOT / "resources" / "sample"))
    parser.add_argument("--dpi", default="150")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results, sample = Path(args.results).resolve(), Path(args.sample).resolve()
    if not (results / "一张蓝图.gpkg").exists() or not (sample / "sample_county.gpkg").exists():
        print(f"bench_maps: no chain results in {results}; run scripts/run-sample first", file=sys.stderr)
        return 2
    name, algorithm, template = next(step for step in batch_chain.STEPS if step[0] == STEP)
    seconds, made = [], None
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="专题图_") as folder:
            fill = {"sample": sample, "out": results, "integration_tolerance": "2"}
            parameters = {key: [item.format(**fill) for item in value] if isinstance(value, list)
                          else value.format(**fill) for key, value in template.items()}
            parameters.update({"OUTPUT": str(Path(folder) / "专题图"), "DPI": args.dpi})
            step = batch_chain.run_step(name, algorithm, parameters)
            if not step["ok"]:
                print(step["errors"], file=sys.stderr)
                return 1
            pdfs = sorted((Path(folder) / "专题图").glob("*.pdf"))
            made = (len(pdfs), sum(pdf_page_count(pdf.read_bytes()) for pdf in pdfs), len(list((Path(folder) / "专题图").glob("*.png"))))
            seconds.append(step["seconds"])
            print(f"run {run + 1}: {step['seconds']:.2f} s (qgis_process start included), "
                  f"{made[0]} PDF files, {made[1]} pages, {made[2]} PNG files")
    median = statistics.median(seconds)
    print(f"\nmedian {median:.2f} s for {made[1]} pages ({median / max(made[1], 1):.2f} s a page); "
          f"limit {LIMIT:.0f} s: {'met' if median < LIMIT else 'MISSED'}")
    return 0 if median < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
