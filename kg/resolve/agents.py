"""Source names to canonical agents: a curated registry shipped as data, plus in-document reference.

The registry (`kg/data/agents.csv`) lists the outlets, agencies, monitors, governments, armed
forces and generic voices that conflict reporting cites, each with its names and the
descriptions that point at it ("the Britain-based monitor"). A name is resolved by, in order:
its exact name; a person named after a role ("spokesman Colonel Chris Garver"); a description,
preferring an agent already cited in the same article; a registry name inside it ("Syrian rescue
workers the Civil Defence"). What matches nothing becomes a new agent with the name as written:
a source is never dropped.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from kg.extract.lexicon import load_lexicon, one_of
from kg.model import Agent, Article, Claim, Hop
from kg.resources import resource_text

_LEXICON = load_lexicon()
ROLE_WORDS = _LEXICON.agent_roles
SPOKES = _LEXICON.speaking_roles
REPORTERS = _LEXICON.reporter_roles
TITLES = _LEXICON.person_titles
PRONOUNS = _LEXICON.pronouns
DOCUMENTS = _LEXICON.voice_documents  # "the report said" speaks for whoever was cited last
_DOCUMENT_LEAD = _LEXICON.document_leads
KIND_NOUNS = _LEXICON.kind_nouns  # "the monitor", "the agency": any cited agent of that kind
_KIND_PHRASES = frozenset(n for nouns in KIND_NOUNS.values() for n in nouns)
_LEAD = re.compile(rf"^{one_of(_LEXICON.name_leads, spaces=' ')}\s+", re.I)  # kg/data/lexicon/name_leads.txt


def slug(name: str) -> str:
    """A stable key fragment for a name: ASCII, lower case, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


def norm(name: str) -> str:
    """A name as a lookup key: ASCII, case-folded, punctuation as spaces, no leading article."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())
    return re.sub(r"^(?:(?:the|a|an|so called)\s+)+", "", s)


class AgentRegistry:
    """Canonical agents by key, and the resolution of names found in an article."""

    def __init__(self, agents: dict[str, Agent] | None = None, descriptors: dict[str, list[str]] | None = None):
        self.agents = dict(agents or {})
        self.by_name: dict[str, str] = {}
        self.acronyms: dict[str, str] = {}
        for key, agent in self.agents.items():
            for name in (agent.label, *agent.aliases):
                self.by_name.setdefault(norm(name), key)
                if name.isupper() and len(name) <= 6:
                    self.acronyms.setdefault(name, key)
        self.descriptors: dict[str, list[str]] = {}
        self.own_descriptors = {key: tuple(norm(p) for p in phrases) for key, phrases in (descriptors or {}).items()}
        for key, phrases in (descriptors or {}).items():
            for phrase in phrases:
                self.descriptors.setdefault(norm(phrase), []).append(key)
        # phrases of several words that are no kind's generic noun, longest first
        self._specific = sorted((p for p in self.descriptors if " " in p and p not in _KIND_PHRASES), key=len,
                                reverse=True)
        self._names_by_length = sorted(self.by_name, key=len, reverse=True)

    def outlet_agent(self, article: Article) -> Agent | None:
        """The publishing outlet: its registry agent when known, else a new outlet agent; None when the
        article does not say (an outlet not given is no agent: chains end at their last known hop)."""
        name = (article.outlet or "").strip()
        if not name:
            return None
        key = self.by_name.get(norm(name))
        if key:
            return self.agents[key]
        return Agent(key=f"outlet/{slug(name)}", label=name, kind="outlet")

    def resolve(self, article: Article, claims: list[Claim]) -> dict[str, Agent]:
        """Set `agent` on every hop of `claims`; return the agents used, by key (the outlet's included).
        Without an outlet, statements in the outlet's own voice keep no agent."""
        used: dict[str, Agent] = {}
        outlet = self.outlet_agent(article)
        outlet_key = outlet.key if outlet else None
        if outlet is not None:
            used[outlet.key] = outlet
        # "the Coalition" in its own outlet
        seen: list[str] = [outlet_key] if outlet_key and outlet_key in self.agents else []
        for claim in claims:
            for hop in (claim.source, *claim.via):
                if hop.own_voice:
                    hop.agent = outlet_key
                    continue
                name = hop.antecedent or hop.name
                # "an activist group said": the name as extracted may have lost the article the text gives
                brought_in = not hop.antecedent and bool(hop.mention and _INDEFINITE.match(hop.mention.text))
                agent = self.match(name, seen, brought_in=brought_in)
                if agent is None and hop.mention and len(name.split()) == 1 and not hop.antecedent:
                    agent = self.match(hop.mention.text, seen)  # "TV" in "Syrias state TV"
                agent = agent or self._new(hop)
                hop.agent = agent.key
                used.setdefault(agent.key, agent)
                parent = agent.member_of
                while parent and parent not in used and parent in self.agents:  # the body a member speaks for
                    used[parent] = self.agents[parent]
                    parent = used[parent].member_of
                if agent.key != outlet_key:  # its own credits ("MOSCOW (Sputnik)") cite no one: "the news
                    seen.append(agent.key)  # agency" after SANA in a Sputnik story is SANA
            # the publishing outlet is never a hop of its own chain, nor is the source itself
            claim.via = [h for h in claim.via if h.agent not in (outlet_key, claim.source.agent)]
            if (outlet_key and claim.cue is None and claim.source.agent == outlet_key
                    and not claim.source.own_voice):
                claim.source = Hop.outlet_voice(claim.source.mention, outlet_key)  # "--Reuters" in Reuters
        _surnames_to_full_names(claims, used, self.agents, self.by_name)
        return used

    def match(self, name: str, seen: list[str] | None = None, *, brought_in: bool = False) -> Agent | None:
        """The registry (or earlier) agent a name refers to, or None when it is a new one. A name
        `brought_in` by an indefinite article ("an activist group") points back at no agent cited before."""
        seen = seen or []
        key = norm(name)
        if not key or key in PRONOUNS:
            return None
        if key in self.by_name:
            if name.strip().islower() and name.strip().upper() in self.acronyms:
                return None  # "who" written small is the pronoun, not WHO (a relative clause's "who said")
            return self.agents[self.by_name[key]]
        last = name.split()[-1] if name.split() else ""
        if last[:1].isupper() and last.endswith("s") and key[:-1] in self.by_name:
            return self.agents[self.by_name[key[:-1]]]  # "Human Rights Watchs report": the apostrophe lost
        words = key.split()
        if words[-1] in DOCUMENTS and all(w in _DOCUMENT_LEAD for w in words[:-1]):  # "the report said"
            return next((self.agents[k] for k in reversed(seen) if k in self.agents), None)
        person = self._person_after_role(name, words, seen) or self._person_after_body(name)
        if person is not None:
            return person
        lead = _LEAD.sub("", name).split()
        if lead and len(lead[0]) >= 3 and (lead[0].istitle() or lead[0].isupper()) \
                and lead[0].upper() in self.acronyms and all(w.lower() in _MEDIA_WORDS for w in lead[1:]):
            # "the SANA news agency" (in a Sputnik story: SANA, not the story's own agency), "the Sana news
            # agency" (text that lost its capitals)
            return self.agents[self.acronyms[lead[0].upper()]]
        # a capitalised word after the first makes it a name ("Kurdish Asayesh security forces"), no description,
        # and so does a name before a medium's words ("the Firat news agency"; "the Turkish news agency" describes)
        proper = any(w[:1].isupper() for w in _LEAD.sub("", name).split()[1:]) or name.split()[-1][:1].isupper() or (
            len(lead) >= 2 and lead[0].istitle() and not _DEMONYM.search(lead[0])
            and all(w.lower() in _MEDIA_WORDS for w in lead[1:]))
        # "an activist group" brings a body in; only "the group" may point back at one cited before
        described = self._described(key, seen, proper=proper or brought_in or _INDEFINITE.match(name) is not None)
        if described is not None:
            return described
        return self._contained(name, key)

    def _person_after_role(self, name: str, words: list[str], seen: list[str]) -> Agent | None:
        roles = [i for i, w in enumerate(words) if w in ROLE_WORDS]
        if not roles:
            return None
        last = roles[-1]
        raw = _LEAD.sub("", name).split()
        tail: list[str] = []
        if len(raw) == len(words):
            for w in raw[last + 1:]:
                if not w[:1].isupper():
                    break  # "reporter in Quneitra": a place after the role, not a name
                tail.append(w)
            if len(raw) > last + 1 + len(tail):
                tail = []  # "official Syrian news agency": the capitalised word is no name that ends it
            if all(w.lower() in _BODY_WORDS for w in tail):
                tail = []  # "the Russian General Staff", "the General Command": a body, not a person
        role = next((i for i in reversed(roles) if words[i].rstrip(".") not in TITLES), last)  # not "Col."
        org = self._contained(" ".join(raw[:role]), " ".join(words[:role])) or self._described(
            " ".join(words[:role + 1]), seen)
        if tail:
            person = " ".join(w for w in tail if w.lower().rstrip(".") not in TITLES) or " ".join(tail)
            return self._named_person(person, name, org.key if org else None)
        if words[last] in SPOKES and org is not None:
            return org
        if words[last] in REPORTERS and org is not None:
            label = _LEAD.sub("", name)
            return Agent(key=f"agent/{slug(label)}", label=label, kind="person", member_of=org.key, is_person=True)
        return None

    def _person_after_body(self, name: str) -> Agent | None:
        """A person named after the body they belong to: "president of the Syrian Coalition Muwaffaq
        Nyrabiya", "Russian Defence Ministry Igor Konashenkov": the name words that follow a registry body
        (two or more, none a title or a body's word) are the person, a member of that body."""
        raw = _LEAD.sub("", name).split()
        start = len(raw)
        while start > 0 and _name_word(raw[start - 1]):
            start -= 1
        run = raw[start:]
        if norm(" ".join(run)) in self.by_name:
            return None  # "Doctors Without Borders": one name
        for cut in range(len(run) - 1, 0, -1):
            words = " ".join(run[:cut])
            body = self.by_name.get(norm(words)) or (  # "TRT Worlds Ahmed al Burai": the apostrophe lost
                self.by_name.get(norm(words[:-1])) if words.endswith("s") else None)
            if body is None or self.agents[body].is_person:
                continue
            person = run[cut:]
            if len(person) < 2 or any(w.lower() in _BODY_WORDS or w.lower().rstrip(".") in TITLES for w in person):
                return None
            return self._named_person(" ".join(person), name, body)
        return None

    def _named_person(self, person: str, name: str, member_of: str | None) -> Agent:
        """The person a source phrase (`name`) names: the registry's when it knows them, else a new one,
        a member of the body the phrase names."""
        known = self.by_name.get(norm(person)) or self._person_by_part(person)
        if known:
            return self.agents[known]
        return Agent(key=f"agent/{slug(person)}", label=person, kind="person", aliases=(name,), member_of=member_of,
                     is_person=True)

    def _person_by_part(self, person: str) -> str | None:
        key = norm(person)
        for name, agent_key in self.by_name.items():
            if not self.agents[agent_key].is_person or len(name) < 4:
                continue
            # "Abdel Rahman" is part of "Rami Abdel Rahman"; a one-word alias inside a longer name only as
            # its last word ("Barrack Obama"), not before another ("Abdulrahman Attar" is someone else)
            if (len(key) > 6 and f" {key} " in f" {name} ") or (" " in name and f" {name} " in f" {key} ") \
                    or key.endswith(f" {name}"):
                return agent_key
        return None

    def _described(self, key: str, seen: list[str], *, proper: bool = False) -> Agent | None:
        """A description ("the Britain-based monitor"): the latest agent of the article it fits, else the default.

        A `proper` name ("Kurdish Firat News Agency"), or a description that brings a body in ("an activist
        group"), points back at no agent already cited by a word of its kind, though the registry's own
        descriptive phrases ("British-based Observatory", "a monitoring group") still apply.
        """
        if key in self.descriptors and key not in _KIND_PHRASES:  # "britain-based group": no kind's phrase
            return self._latest_of(self.descriptors[key], seen)
        for phrase in self._specific:  # "assad regimes official television channel": one agent's own phrase
            if key.endswith(" " + phrase):
                return self._latest_of(self.descriptors[phrase], seen)
        for prior in ([] if proper else reversed(seen)):
            agent = self.agents.get(prior)
            if agent is None:
                continue
            nouns = (*KIND_NOUNS.get(agent.kind, ()), *self.own_descriptors.get(prior, ()))
            if any(key == n or key.endswith(" " + n) for n in nouns):
                return agent
        for phrase in sorted(self.descriptors, key=len, reverse=True):
            if key == phrase or key.endswith(" " + phrase):
                return self._latest_of(self.descriptors[phrase], seen)
        return None

    def _latest_of(self, candidates: list[str], seen: list[str]) -> Agent:
        """Of the agents a phrase can describe, the one cited last, else the first listed."""
        return next((self.agents[k] for k in reversed(seen) if k in candidates), self.agents[candidates[0]])

    def _contained(self, name: str, key: str) -> Agent | None:
        """A registry name inside a longer one, the earliest (then the longest) winning."""
        best: tuple[int, int, str] | None = None
        padded = f" {key} "
        for alias in self._names_by_length:
            if len(alias) < 4:
                continue
            at = padded.find(f" {alias} ")
            if at >= 0 and " " not in alias and not padded.endswith(f" {alias} ") \
                    and self.agents[self.by_name[alias]].is_person:
                continue  # "Abdulrahman Attar": a known person's one name followed by another name
            if at >= 0 and padded.startswith("based ", at + len(alias) + 2):
                continue  # "the Damascus-based centre": where it sits, not who it is
            if at >= 0 and re.search(rf"(?i:\b{re.escape(alias)})\s+of\s+(?:the\s+)?[A-Z]", name):
                continue  # "Army of Conquest": a name of its own, not the army
            if at >= 0 and _describes_another(name, alias):
                continue  # "Al-Qaeda-affiliated extremists": another body, described by its tie to this one
            if at >= 0 and self._names_another(name, alias):
                continue  # "Washington Post", "Damascus University": a name of its own, not the government
            if at >= 0 and (best is None or (at, -len(alias)) < (best[0], best[1])):
                best = (at, -len(alias), self.by_name[alias])
        for acronym, agent_key in self.acronyms.items():
            m = re.search(rf"\b{re.escape(acronym)}\b(?!-{_RELATION_COMPOUND})", name)  # not "US-backed rebels"
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), -len(acronym), agent_key)
        medium = next((self.agents[self.by_name[a]] for a in self._names_by_length if padded.endswith(f" {a} ")
                       and self.agents[self.by_name[a]].kind in _MEDIA_KINDS), None)
        if best is not None and medium is not None and self.agents[best[2]].kind == "government":
            return medium  # "northern Syria and Iraq Press TV reported": the channel, not the country before it
        return self.agents[best[2]] if best else None

    @staticmethod
    def _names_another(name: str, alias: str) -> bool:
        """Whether each use of `alias` in `name` runs on into a capitalised word that is no body of it."""
        nexts = [m.group(1) for m in re.finditer(rf"(?i:\b{re.escape(alias)})\s+(\w+)", name)]
        return bool(nexts) and all(w[:1].isupper() and w.lower() not in _BODY_WORDS for w in nexts)

    def _new(self, hop: Hop) -> Agent:
        label = _LEAD.sub("", hop.antecedent or hop.name).strip() or hop.name
        return Agent(key=f"agent/{slug(label)}", label=label, aliases=(hop.name,) if hop.name != label else ())


_MEDIA_KINDS = ("outlet", "state_media", "news_agency")
_INDEFINITE = re.compile(r"\s*(?:an?|another|one)\s", re.I)
# kg/data/lexicon/relation_compounds.txt: "US-backed", "ISIS-linked" (any case: headlines capitalise)
_RELATION_COMPOUND = rf"(?i:{one_of(_LEXICON.relation_compounds)})\b"
_DEMONYM = re.compile(r"(?:an|ish|i|ese|ch)$")  # "Syrian", "Turkish", "Iraqi", "Lebanese", "French": a people's word
_NAME_PARTICLE = re.compile(rf"{one_of(_LEXICON.name_particles)}(?:-|$)", re.I)


def _describes_another(name: str, alias: str) -> bool:
    """Whether `alias` (a registry name, normalised) is joined in `name` by a hyphen to a word of relation:
    "Al-Qaeda-affiliated extremists", "ISIS-linked militants" describe another body."""
    words = r"[\s-]+".join(re.escape(w) for w in alias.split())
    return bool(re.search(rf"(?i:\b{words})-{_RELATION_COMPOUND}", name))


def _name_word(word: str) -> bool:
    """Whether a word can be part of a person's name: capitalised, or a particle ("al-Fahd", "bin")."""
    return word[:1].isupper() or bool(_NAME_PARTICLE.match(word))


def _surnames_to_full_names(claims: list[Claim], used: dict[str, Agent], registry: dict[str, Agent],
                            by_name: dict[str, str]) -> None:
    """One word that is the last of exactly one full name the article gives is that agent: "Ebdi added"
    after "activist Mustafa Ebdi said", a headline's "Steifo:" before "Abdul Ahad Steifo said" (a name whose
    first word names another agent, "France Britain", is no person's). The agents a surname made alone are
    dropped from `used` once no hop names them."""
    full: dict[str, set[str]] = defaultdict(set)
    for agent in used.values():
        words = agent.label.split()
        if len(words) >= 2 and words[-1][:1].isupper() and not words[-1].isupper() and norm(words[0]) not in by_name:
            full[words[-1]].add(agent.key)
    moved: set[str] = set()
    for claim in claims:
        for hop in (claim.source, *claim.via):
            alone = used.get(hop.agent) if hop.agent else None
            if alone is None or alone.key in registry or " " in alone.label or len(full.get(alone.label, ())) != 1:
                continue
            hop.agent = next(iter(full[alone.label]))
            moved.add(alone.key)
    named = {h.agent for c in claims for h in (c.source, *c.via)}
    for key in moved - named:
        del used[key]


_MEDIA_WORDS = _LEXICON.media_words
# What may follow a registry name and still name that agent or a body of it ("US State Department").
_BODY_WORDS = _LEXICON.body_words | ROLE_WORDS | REPORTERS | _KIND_PHRASES | _MEDIA_WORDS


@lru_cache(maxsize=1)
def _registry_rows() -> tuple[dict[str, str], ...]:
    text = resource_text("data", "agents.csv")
    return tuple(csv.DictReader(text.splitlines()))


def load_registry() -> AgentRegistry:
    """The curated registry shipped with the package."""
    agents: dict[str, Agent] = {}
    descriptors: dict[str, list[str]] = {}
    for row in _registry_rows():
        key = f"agent/{row['key']}"
        agents[key] = Agent(
            key=key,
            label=row["label"],
            kind=row["kind"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            country=row["country"] or None,
            wikidata=row["wikidata"] or None,
            member_of=f"agent/{row['member_of']}" if row["member_of"] else None,
            is_person=row["is_person"] == "true",
        )
        descriptors[key] = [d for d in row["descriptors"].split("|") if d]
    return AgentRegistry({k: replace(a) for k, a in agents.items()}, descriptors)


__all__ = ["AgentRegistry", "load_registry", "norm", "slug"]
