"""The fine-tuned encoder's attribution tags: word pieces in overlapping windows, run with onnxruntime.

The model (`kg/data/models/attribution-encoder/`, built by `scripts/train_attribution_encoder.py`)
is all-MiniLM-L6-v2 fine-tuned to tag every word B-/I- SOURCE, CUE, CONTENT or O. A word is what
the model's own tokenizer splits on (whitespace and punctuation); its first word piece carries its
tag. An article longer than one window is read in overlapping windows, batched; each word takes
the tag of the window where it lies farthest from an edge. Tags become character runs, runs become
relations by `kg.extract.tagged.group` (sources and contents join the nearest cue).

Only numpy, `tokenizers` and `onnxruntime` are needed here: the training script imports the
encoding and windowing below so the model sees at run time exactly what it saw in training.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import ExtractorError
from kg.extract.tagged import group

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "attribution-encoder"
LABELS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
WINDOW = 256  # word pieces a window holds, [CLS] and [SEP] included
STRIDE = 192  # word pieces between window starts (64 shared by neighbours)

CharRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Encoded:
    """An article in word pieces: ids, character offsets, and the first piece of each word."""

    ids: list[int]
    offsets: list[CharRange]
    first: list[int]  # index of each word's first piece; words are in text order


@dataclass(frozen=True, slots=True)
class CharRelation:
    """One attribution as character ranges of the text (end exclusive)."""

    cue: CharRange
    source: list[CharRange]
    content: list[CharRange]


@dataclass(frozen=True, slots=True)
class Frame:
    """The ids that frame and pad a window: [CLS] / [SEP] / [PAD] for BERT, <s> / </s> / <pad> for MPNet."""

    cls: int
    sep: int
    pad: int


def frame_of(path: Path) -> Frame:
    """The framing ids of the tokenizer in `path` (tokenizer.json): what it adds around a text, and its
    padding id (the `[PAD]` token when it names no padding)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    padding = tok.padding
    pad = padding["pad_id"] if padding else tok.token_to_id("[PAD]")
    tok.no_padding()
    tok.no_truncation()
    framed = tok.encode("", add_special_tokens=True).ids
    if len(framed) != 2 or pad is None:
        raise ExtractorError(f"{path}: cannot tell the ids that frame a window (got {framed}, padding {pad})")
    return Frame(framed[0], framed[1], pad)


def load_tokenizer(path: Path) -> Tokenizer:
    """The WordPiece tokenizer of `path` (tokenizer.json), with no truncation and no padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def encode(tokenizer: Tokenizer, text: str) -> Encoded:
    """`text` in word pieces (no special tokens) and the first piece of every word."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    first: list[int] = []
    previous: int | None = None
    for i, word in enumerate(enc.word_ids):
        if word is not None and word != previous:
            first.append(i)
        previous = word
    return Encoded(list(enc.ids), [(start, end) for start, end in enc.offsets], first)


def window_starts(n: int, size: int = WINDOW - 2, stride: int = STRIDE) -> list[int]:
    """Starts of windows of `size` pieces that cover `n` pieces, `stride` apart; the last ends at `n`."""
    if n <= size:
        return [0]
    starts = list(range(0, n - size, stride))
    return starts + [n - size]


def batch(ids: Sequence[int], starts: Sequence[int], frame: Frame,
          size: int = WINDOW - 2) -> tuple[np.ndarray, np.ndarray]:
    """Input ids and attention mask of the windows at `starts`, each framed as the model was trained, padded."""
    rows = [[frame.cls, *ids[s:s + size], frame.sep] for s in starts]
    width = max(len(r) for r in rows)
    input_ids = np.full((len(rows), width), frame.pad, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for k, row in enumerate(rows):
        input_ids[k, :len(row)] = row
        mask[k, :len(row)] = 1
    return input_ids, mask


def best_window(n: int, starts: Sequence[int], size: int = WINDOW - 2) -> list[int]:
    """For every piece, the window (index into `starts`, ascending) where it lies farthest from an edge."""
    owner = [0] * n
    for i in range(n):
        last = bisect.bisect_right(starts, i) - 1  # only this window and the one before can hold i
        best = -1
        for k in (last - 1, last):
            if k >= 0 and starts[k] <= i < starts[k] + size:
                margin = min(i - starts[k], starts[k] + size - 1 - i)
                if margin > best:
                    best, owner[i] = margin, k
    return owner


def _allowed() -> np.ndarray:
    """allowed[a, b]: tag b may follow tag a (an I- tag only continues its own kind)."""
    ok = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for b, tag in enumerate(LABELS):
        if tag.startswith("I-"):
            ok[:, b] = [prev in (f"B-{tag[2:]}", tag) for prev in LABELS]
    return ok


_ALLOWED = _allowed()
_FIRST_OK = np.array([not tag.startswith("I-") for tag in LABELS])


def decode(logits: np.ndarray) -> list[str]:
    """The most probable consistent tag sequence for per-word logits (words x labels): Viterbi over
    log-probabilities, where an I- tag may only follow B- or I- of its own kind."""
    if len(logits) == 0:
        return []
    shifted = logits - logits.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    penalty = np.where(_ALLOWED, 0.0, -np.inf)
    score = np.where(_FIRST_OK, logp[0], -np.inf)
    back = np.zeros(logits.shape, dtype=np.int64)
    for i in range(1, len(logp)):
        total = score[:, None] + penalty  # previous tag x this tag
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + logp[i]
    path = [int(score.argmax())]
    for i in range(len(logp) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return [LABELS[k] for k in reversed(path)]


def word_logits(enc: Encoded, run: Callable[[np.ndarray, np.ndarray], Any], frame: Frame, *,
                batch_size: int = 16) -> np.ndarray:
    """Logits per word (words x labels): the windows of `enc` batched through `run` (input ids,
    attention mask -> logits per piece), each word read in the window where it is most central."""
    n = len(enc.ids)
    if n == 0:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    starts = window_starts(n)
    logits: list[Any] = []
    for k in range(0, len(starts), batch_size):
        logits.extend(run(*batch(enc.ids, starts[k:k + batch_size], frame)))
    owner = best_window(n, starts)
    return np.stack([logits[owner[p]][p - starts[owner[p]] + 1] for p in enc.first])


def tag_words(enc: Encoded, run: Callable[[np.ndarray, np.ndarray], Any], frame: Frame, *,
              batch_size: int = 16) -> list[str]:
    """One tag per word: its logits (`word_logits`) decoded."""
    return decode(word_logits(enc, run, frame, batch_size=batch_size))


def relations_from_word_tags(enc: Encoded, word_tags: Sequence[str], sentence_starts: Sequence[int], *,
                             relays: bool = False) -> list[CharRelation]:
    """Relations from word tags: each word's sentence is the last sentence start at or before it; with
    `relays`, also the cues with a source and nothing said (`tagged.group`)."""
    sentence_of = [max(bisect.bisect_right(sentence_starts, enc.offsets[p][0]) - 1, 0) for p in enc.first]
    ends = [*enc.first[1:], len(enc.ids)]

    def chars(r: tuple[int, int]) -> CharRange:
        return enc.offsets[enc.first[r[0]]][0], enc.offsets[ends[r[1] - 1] - 1][1]

    return [CharRelation(chars(rel.cue), [chars(r) for r in rel.source], [chars(r) for r in rel.content])
            for rel in group(word_tags, sentence_of, relays=relays)]


class EncoderAttributionTagger:
    """The shipped ONNX model: text in, word tags and relations out."""

    def __init__(self, path: Path = MODEL_DIR, *, threads: int = 0) -> None:
        model = path / "model.onnx"
        if not model.is_file():
            raise ExtractorError(f"attribution encoder not found: {model} is missing; build it with "
                                 "scripts/train_attribution_encoder.py")
        import onnxruntime as ort

        labels = json.loads((path / "labels.json").read_text(encoding="utf-8"))
        if tuple(labels) != LABELS:
            raise ExtractorError(f"{path / 'labels.json'}: labels {labels} are not {list(LABELS)}")
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(path / "tokenizer.json")
        self.frame = frame_of(path / "tokenizer.json")

    def word_tags(self, text: str) -> tuple[Encoded, list[str]]:
        """The text's word pieces and one tag per word."""
        enc = encode(self.tokenizer, text)
        return enc, self.word_tags_of(enc)

    def word_tags_of(self, enc: Encoded) -> list[str]:
        """One tag per word of an encoded text."""
        return decode(self.word_logits_of(enc))

    def word_logits_of(self, enc: Encoded) -> np.ndarray:
        """Logits per word of an encoded text (words x labels)."""
        return word_logits(enc, lambda ids, mask: self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0],
                           self.frame)

    def relations(self, text: str, sentence_starts: Sequence[int]) -> list[CharRelation]:
        """The attributions of `text`; `sentence_starts` are the character offsets where sentences begin."""
        enc, tags = self.word_tags(text)
        return relations_from_word_tags(enc, tags, sentence_starts)


__all__ = ["LABELS", "MODEL_DIR", "STRIDE", "WINDOW", "CharRelation", "Encoded", "EncoderAttributionTagger",
           "Frame", "batch", "best_window", "decode", "encode", "frame_of", "load_tokenizer",
           "relations_from_word_tags", "tag_words", "window_starts", "word_logits"]
