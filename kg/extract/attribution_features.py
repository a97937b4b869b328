"""Per-token features for the attribution sequence tagger, read off spaCy's parse.

A window of words alone cannot tell a source from a content (the window CNN's weakness): what
decides is where a token hangs in the tree relative to a cue. So beside the word, its lemma, tag,
entity and neighbours, every token gets the path up to its nearest cue-like ancestor (a verb
of the learned cue lexicon, or any word governing a clausal complement): that ancestor's lemma and
the dependency through which the token reaches it ("nsubj" for a source, "ccomp" for a content).
Quotation state, the sentence's shape (a colon, "according to", a cue-like word before or after)
and the position in the sentence complete the picture.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from spacy.tokens import Doc, Token

CLAUSAL = frozenset({"ccomp", "xcomp", "parataxis"})
QUOTES = frozenset({'"', "“", "”", "``", "''"})
_MAX_CLIMB = 8


def load_cue_forms(path: Path) -> frozenset[str]:
    """Word forms of the learned cue lexicon (kg/data/cue_forms.tsv, first column)."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return frozenset(line.split("\t", 1)[0].lower() for line in lines if line.strip())


def _cue_like(tok: Token, cue_forms: Collection[str]) -> bool:
    return tok.lower_ in cue_forms or any(c.dep_ in CLAUSAL for c in tok.children)


def _climb(tok: Token, cue_forms: Collection[str]) -> tuple[Token | None, str, str]:
    """The nearest cue-like proper ancestor, the dependency of the path's last step into it, and the
    path's dependency labels (at most three, bottom up)."""
    path: list[str] = []
    cur = tok
    for _ in range(_MAX_CLIMB):
        head = cur.head
        if head.i == cur.i:
            break
        path.append(cur.dep_)
        if _cue_like(head, cue_forms):
            return head, cur.dep_, ">".join(path[:3])
        cur = head
    return None, "", ">".join(path[:3])


def _quote_state(doc: Doc) -> list[bool]:
    """Whether each token lies inside double quotation marks (reset at every line break)."""
    inside = False
    out: list[bool] = []
    for tok in doc:
        if "\n" in tok.text:
            inside = False
        if tok.text in QUOTES:
            if tok.text == "“":
                inside = True
            elif tok.text == "”":
                inside = False
            else:
                inside = not inside
            out.append(True)
            continue
        out.append(inside)
    return out


def _line_starts(doc: Doc) -> list[bool]:
    """Whether each token begins a line (the first word after a line break)."""
    out: list[bool] = []
    fresh = True
    for tok in doc:
        if tok.is_space:
            fresh = fresh or "\n" in tok.text
            out.append(False)
            continue
        out.append(fresh)
        fresh = "\n" in tok.whitespace_
    return out


def _word(tok: Token) -> list[str]:
    return [f"w={tok.lower_}", f"l={tok.lemma_.lower()}", f"t={tok.tag_}", f"d={tok.dep_}"]


def doc_features(doc: Doc, cue_forms: Collection[str]) -> list[list[str]]:
    """One list of string features per token of a parsed `doc`."""
    quoted = _quote_state(doc)
    cue_like = [_cue_like(t, cue_forms) for t in doc]
    lexical = [t.lower_ in cue_forms for t in doc]
    sent_info: dict[int, tuple[int, int, bool, bool, list[int]]] = {}
    for sent in doc.sents:
        cues = [t.i for t in sent if lexical[t.i]]
        info = (sent.start, sent.end, any(t.text == ":" for t in sent),
                any(t.lower_ == "according" for t in sent), cues)
        for t in sent:
            sent_info[t.i] = info
    line_start = _line_starts(doc)
    feats: list[list[str]] = []
    n = len(doc)
    for tok in doc:
        i = tok.i
        start, end, colon, according, cues = sent_info[i]
        f = ["b", *_word(tok), f"p={tok.pos_}", f"sh={tok.shape_[:4]}", f"suf={tok.lower_[-3:]}",
             f"ent={tok.ent_iob_}{tok.ent_type_}", f"hl={tok.head.lemma_.lower()}", f"hd={tok.head.dep_}",
             f"dhl={tok.dep_}|{tok.head.lemma_.lower()}", f"hp={tok.head.pos_}"]
        if quoted[i]:
            f.append("inq")
        if lexical[i]:
            f.append("cuelex")
        if cue_like[i]:
            f.append("cuelike")
            f.extend(f"cd={c.dep_}" for c in tok.children)
        anc, via, path = _climb(tok, cue_forms)
        f.append(f"path={path}")
        if anc is not None:
            side = "L" if i < anc.i else "R"
            f += [f"av={via}", f"al={anc.lemma_.lower()}", f"avl={via}|{anc.lemma_.lower()}", f"as={side}{via}",
                  f"alex={anc.lower_ in cue_forms}"]
        else:
            f.append("noanc")
        up = tok.head
        if up.i != i:
            f.append(f"a2={up.dep_}|{up.head.lemma_.lower()}")
        if i > 0:
            f.append(f"bg-={doc[i - 1].lower_}|{tok.lower_}")
        if i + 1 < n:
            f.append(f"bg+={tok.lower_}|{doc[i + 1].lower_}")
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            f.append(f"subj={subj.ent_type_ or subj.pos_}")
        f.append(f"root={doc[start:end].root.lemma_.lower()}")
        if line_start[i]:
            f.append("linefirst")
        rel = (i - start) / max(end - start, 1)
        f += [f"pos={int(rel * 5)}", f"first={i == start}", f"last={i == end - 1}"]
        if colon:
            f.append("scolon")
        if according:
            f.append("saccording")
        if cues:
            before = any(c < i for c in cues)
            after = any(c > i for c in cues)
            f.append(f"scue={int(before)}{int(after)}")
        else:
            f.append("scue=none")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                o = doc[j]
                f += [f"{off}w={o.lower_}", f"{off}t={o.tag_}", f"{off}d={o.dep_}"]
                if lexical[j]:
                    f.append(f"{off}cuelex")
                if quoted[j] != quoted[i]:
                    f.append(f"{off}qchange")
            else:
                f.append(f"{off}pad")
        feats.append(f)
    return feats


def _kind(tag: str) -> str:
    return tag.split("-")[-1]


def stacked_features(doc: Doc, tags: list[str]) -> list[list[str]]:
    """Features from a first pass's tags, for a second pass that sees them whole: the tags around each
    token, its head's and its sentence's, and where the nearest tagged cue lies."""
    out: list[list[str]] = []
    n = len(doc)
    for sent in doc.sents:
        cues = [i for i in range(sent.start, sent.end) if tags[i] == "B-CUE"]
        kinds = "".join(sorted({_kind(tags[i])[0] for i in range(sent.start, sent.end)}))
        prev = _kind(tags[sent.start - 1]) if sent.start > 0 else "none"
        for i in range(sent.start, sent.end):
            f = [f"s0={tags[i]}", f"sh={_kind(tags[doc[i].head.i])}", f"sk={kinds}", f"sprev={prev}"]
            for off in (-3, -2, -1, 1, 2, 3):
                j = i + off
                f.append(f"s{off}={tags[j] if 0 <= j < n else 'pad'}")
            if cues:
                near = min(cues, key=lambda c: abs(c - i))
                gap = abs(near - i)
                bucket = next(b for b in (0, 1, 2, 4, 8, 16, 10**9) if gap <= b)
                f.append(f"scue={'L' if i < near else 'R' if i > near else 'C'}{bucket}")
            else:
                f.append("scue=none")
            out.append(f)
    return out


__all__ = ["CLAUSAL", "doc_features", "load_cue_forms", "stacked_features"]
