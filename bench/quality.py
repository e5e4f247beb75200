"""Answer quality: the reader questions (among BBC distractors), the held-out launch-article
and BBC reader questions (four sets), the follow-up pairs (bench/readers-followups), the "what does the
article say about X?" development set (bench/readers-says), SQuAD 2.0 part A (unanswerable questions), SQuAD part A (quotes, passages,
abstention, typos) and SciFact (retrieval), every variant side by side. Thin wrapper over
index.evaluate; run from the repo root:

    .venv/bin/python bench/quality.py [--eval DIR] [--skip beir ...] [--limit N] [--variants ...]

--eval: the folder holding the evaluation sets (readers/, bbc/, squad2/, squad/, scifact/), default
../shared/eval as in this project's workspace; each set's own option overrides it. The held-out
BBC reader sets (bench/readers-heldout, -heldout2, -heldout3, -heldout4, bench/readers-followups,
bench/readers-says) take their
distractors from the eval folder's bbc/.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index import evaluate  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default="../shared/eval", help="folder holding the evaluation sets")
    parser.add_argument("--readers")
    parser.add_argument("--launch", default=str(REPO / "bench" / "launch-readers"))
    parser.add_argument("--heldout", default=str(REPO / "bench" / "readers-heldout"))
    parser.add_argument("--heldout2", default=str(REPO / "bench" / "readers-heldout2"))
    parser.add_argument("--heldout3", default=str(REPO / "bench" / "readers-heldout3"))
    parser.add_argument("--heldout4", default=str(REPO / "bench" / "readers-heldout4"))
    parser.add_argument("--followups", default=str(REPO / "bench" / "readers-followups"))
    parser.add_argument("--says", default=str(REPO / "bench" / "readers-says"))
    parser.add_argument("--squad2")
    parser.add_argument("--squad")
    parser.add_argument("--beir")
    parser.add_argument("--limit", type=int, default=None, help="questions per dataset (default: all)")
    parser.add_argument("--variants", nargs="+", default=None)
    parser.add_argument("--no-abstain", action="store_true")
    parser.add_argument("--skip", nargs="*", default=[], choices=["readers", "launch", "heldout", "heldout2", "heldout3", "heldout4",
                                                                   "followups", "says", "squad2", "squad", "beir"])
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args(argv)
    base = Path(args.eval).resolve()
    args.readers = args.readers or str(base / "readers")
    args.squad2 = args.squad2 or str(base / "squad2" / "dev-v2.0-part-a.json")
    args.squad = args.squad or str(base / "squad" / "squad-v1.1-dev-part-a.json")
    args.beir = args.beir or str(base / "scifact")
    os.chdir(REPO)
    reports = []
    for kind, path in (("readers", args.readers), ("launch", args.launch), ("heldout", args.heldout),
                       ("heldout2", args.heldout2), ("heldout3", args.heldout3), ("heldout4", args.heldout4),
                       ("followups", args.followups), ("says", args.says), ("squad2", args.squad2),
                       ("squad", args.squad),
                       ("beir", args.beir)):
        if kind in args.skip or not path:
            continue
        reports.append(evaluate.run(path, args.variants, args.limit, abstain=not args.no_abstain,
                                    typos=kind == "squad",
                                    distractors=base / "bbc" if kind.startswith(("heldout", "followups", "says")) else None))
    print()
    for report in reports:
        print(f"{report['dataset']}: {report['seconds']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
