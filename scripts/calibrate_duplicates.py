"""Calibrate the text threshold of duplicate hints on the 问政 messages (measurement only).

    .venv/bin/python scripts/calibrate_duplicates.py PATH/messages-train.csv.gz [THRESHOLD]

The messages are read from the data set and never copied; this script ships no message text, only
message ids of the hand-judged pairs. Two references:

- verbatim repeats (the data set's "genuine repeats"): pairs whose normalised title+text agree at
  a character-level ratio >= 0.6 (difflib), i.e. the same message posted again;
- same matter: the verbatim repeats plus pairs judged by hand to concern the same incident, place,
  organisation or policy question (every same-label pair with Jaccard >= 0.22 that the verbatim
  reference does not cover, and every pair that shares a title, was read and judged).

Candidates are all pairs of messages with the same department label (a stand-in for one county's
open appeals of a category family, but spanning years, so harsher than the 90-day window).
THRESHOLD defaults to shegong.appeals.duplicates.SIMILAR_TEXT_THRESHOLD (0.25).

Result (2026-11): at 0.25, same matter: precision 0.920, recall 0.913; verbatim reposts: recall
1.000; 92.4 % of messages that have a duplicate get one among their five hints, and a message
entered gets 0.011 wrong hints on average.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from shegong.lib.text import tokens_for_search

THRESHOLDS = [0.22, 0.25, 0.28, 0.3, 0.33, 0.35, 0.4, 0.45, 0.5, 0.6]
FLOOR = 0.22  # every pair at or above this was judged
Pair = tuple[int, int]

SAME_TEXT = """
6901-6904 5176-6901 7134-8275 6042-6077 2460-2463 2462-2463 5399-5420 366-367 6419-6423 985-986
2587-2634 6980-6987 6791-6799 5289-5294 7711-7712 7472-8027 3840-3841 7636-7713 7402-7429 6123-6158
783-1736 8664-8679 8664-8675 3421-3423 6547-6552 6316-6464 1531-1532 5967-5974 6423-6482 7798-8041
7798-7800 3691-3724 3880-3890 6217-6218 5542-5558 3419-3421 5974-5995 6234-6243 7472-8026 8504-8505
3419-3423 739-740 8714-8809 2314-2782 739-759 5253-5261 3819-3820 2835-2941 2232-2233 2653-2654
5328-7102 6842-6880 6419-6482 876-1748 5328-5443 8862-9086 8026-8027 5289-6218 7992-8044 7445-8044
6549-6712 103-343 5865-5888 5294-6257 1222-1230 2566-2831 319-403 7858-7906 5388-5424 3422-3423
317-403 743-761 6188-6405 8410-8437 6779-6787 8492-8543 2428-2657 2446-2466 5294-6218 3787-3788
8732-8746 5289-6257 4662-4663 5371-5443 6894-7033 5294-5900 6217-6257 4737-4795 1121-1123 220-221
6778-6864 2731-2736 5479-5771 8646-8651 5348-5425 6093-7117 3195-3196 5865-5922 7671-7673 2494-2495
1846-1861 8465-8492 7430-8034 7137-8034 7137-7430 3152-3155 5828-5865 6512-6516 4247-4254 2168-2193
5898-7117 1563-1564 8370-8371 2848-2849 5829-5900 6518-6521 872-873 5289-6217 3419-3422 3123-3518
1000-1084 7135-7200 740-759 802-903 6869-6870 1681-1682 4411-4412 5328-5371 317-319 648-1682
2365-2615
"""
DIFFERENT_TEXT = """
6413-7058 4578-4775 2027-2127 2027-2084 8335-8348 7066-7074 3343-3349 3741-3744 5369-5467 2127-2779
2084-2779 7820-7829 516-1649 25-1792 2312-2697 2312-2356 2319-2697 2319-2356 1136-1139 9066-9136
6789-6863 5496-6863 471-478 8965-9137 3433-3493 5817-5883 5427-5468 2027-2920 5294-5926 2874-2879
8341-9086 7036-7037 6329-6552 2779-2920 2127-2920 2084-2920 6009-6647 65-68 7991-7993 516-1645
2874-2875 3637-5078 7942-7953 2381-2920 6257-6464 6804-7037 6396-6457 2127-2381 2084-2381 5715-6846
9180-9184 8632-8841 2027-2779
"""


def parse_pairs(text: str) -> set[Pair]:
    pairs = set()
    for item in text.split():
        a, b = (int(x) for x in item.split("-"))
        pairs.add((min(a, b), max(a, b)))
    return pairs


SAME, DIFFERENT = parse_pairs(SAME_TEXT), parse_pairs(DIFFERENT_TEXT)


def normalise(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def load(path: str) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if len(normalise(r["text"])) >= 20]  # title-only rows: nothing to judge


class Corpus:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.tokens = {
            int(r["id"]): set(tokens_for_search(f"{r['title']} {r['text']}").split()) for r in rows
        }
        self.chars = {int(r["id"]): normalise(r["title"] + r["text"])[:400] for r in rows}
        self.label = {int(r["id"]): r["label"] for r in rows}

    def jaccard(self, a: int, b: int) -> float:
        left, right = self.tokens[a], self.tokens[b]
        inter = len(left & right)
        return inter / (len(left) + len(right) - inter) if inter else 0.0

    def verbatim(self, a: int, b: int) -> bool:
        if (a, b) in DIFFERENT:
            return False
        ratio = difflib.SequenceMatcher(None, self.chars[a], self.chars[b], autojunk=False)
        return ratio.ratio() >= 0.6

    def same_matter(self, a: int, b: int) -> bool:
        return (a, b) in SAME or self.verbatim(a, b)


def shared_title_or_opening(corpus: Corpus) -> set[Pair]:
    groups: dict[str, list[int]] = defaultdict(list)
    for row in corpus.rows:
        ident = int(row["id"])
        if row["title"].strip():
            groups["T" + row["title"].strip()].append(ident)
        groups["X" + normalise(row["text"])[:80]].append(ident)
    pairs: set[Pair] = set()
    for ids in groups.values():
        pairs.update(itertools.combinations(sorted(set(ids)), 2))
    return pairs


def scored_pairs(corpus: Corpus) -> dict[Pair, float]:
    """Jaccard of every same-label pair at or above FLOOR."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for ident, label in corpus.label.items():
        by_label[label].append(ident)
    scores = {}
    for ids in by_label.values():
        for a, b in itertools.combinations(sorted(ids), 2):
            j = corpus.jaccard(a, b)
            if j >= FLOOR:
                scores[(a, b)] = j
    return scores


def table(name: str, truth: set[Pair], scores: dict[Pair, float]) -> None:
    print(f"\n{name}: {len(truth)} positive pairs")
    print("threshold  flagged  precision  recall")
    for th in THRESHOLDS:
        flagged = [p for p, j in scores.items() if j >= th]
        tp = sum(1 for p in flagged if p in truth)
        found = sum(1 for p in truth if scores.get(p, 0.0) >= th)
        precision, recall = tp / max(1, len(flagged)), found / len(truth)
        print(f"{th:9.2f} {len(flagged):8d} {precision:10.3f} {recall:7.3f}")


def hint_view(corpus: Corpus, truth: set[Pair], scores: dict[Pair, float], th: float) -> None:
    """As the form shows it: the top 5 above the threshold for each message."""
    neighbours: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (a, b), j in scores.items():
        if j >= th:
            neighbours[a].append((j, b))
            neighbours[b].append((j, a))
    with_dup = {x for p in truth for x in p}
    hit = wrong = 0
    for ident in corpus.tokens:
        top = sorted(neighbours[ident], reverse=True)[:5]
        shown = [(min(ident, o), max(ident, o)) for _, o in top]
        hit += ident in with_dup and any(p in truth for p in shown)
        wrong += sum(1 for p in shown if p not in truth)
    print(
        f"\nhints at {th}: {hit}/{len(with_dup)} messages with a duplicate get one in their top 5 "
        f"({hit / len(with_dup):.1%}); wrong hints per message entered: "
        f"{wrong / len(corpus.tokens):.3f}"
    )


def main(path: str, threshold: float) -> None:
    corpus = Corpus(load(path))
    scores = scored_pairs(corpus)
    same_label = {
        p for p in shared_title_or_opening(corpus) if corpus.label[p[0]] == corpus.label[p[1]]
    }
    candidates = same_label | set(scores)
    verbatim = {p for p in candidates if corpus.verbatim(*p)}
    matter = {p for p in candidates if corpus.same_matter(*p)}
    unjudged = [
        p for p in scores if p not in matter and p not in DIFFERENT and not corpus.verbatim(*p)
    ]
    print(
        f"{len(corpus.tokens)} messages with text; {len(scores)} same-label pairs with J >= {FLOOR}"
    )
    print(
        f"pairs above the floor neither verbatim nor judged (counted as different): {len(unjudged)}"
    )
    table("verbatim repeats", verbatim, scores)
    table("same matter", matter, scores)
    hint_view(corpus, matter, scores, threshold)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.25)
