"""Chinese text helpers: tokens for search and duplicate hints (jieba), similarity."""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_STOPWORDS_TEXT = """
的 了 是 在 和 有 我 我们 你 您 他 她 它 这 那 就 都 也 还 很 又 与 及 或 被 把 让 给 对 向 从
到 为 以 之 其 而 但 并 等 啊 吗 呢 吧 请 希望 问题 反映 情况 一个 一下 没有 现在 已经 可以
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@cache
def _ready() -> bool:
    jieba.initialize()
    return True


def tokens(text: str) -> list[str]:
    """Search tokens of a text: jieba's search-mode words without stopwords and punctuation."""
    _ready()
    words = jieba.lcut_for_search(text.lower())
    return [w for w in words if w.strip() and _WORD.search(w) and w not in STOPWORDS]


def tokens_for_search(text: str, limit: int = 2000) -> str:
    """Distinct tokens joined by spaces, stored beside a record for quick candidate filters."""
    seen: dict[str, None] = {}
    for word in tokens(text):
        seen.setdefault(word, None)
    return " ".join(seen)[:limit]


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two stored token strings (0 … 1)."""
    left, right = set(a.split()), set(b.split())
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
