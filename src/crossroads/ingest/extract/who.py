"""Who: organisations named, organisers and partners, and the frameworks referred to."""

from __future__ import annotations

import re
from functools import cached_property

from crossroads.ingest.directory import Entry, Match
from crossroads.ingest.extract.text import (
    INFERRED,
    READ,
    STATED,
    Mention,
    sentences,
    unique,
)
from crossroads.ingest.records import Span
from crossroads.ingest.vocabulary import (
    FRAMEWORK_PATTERNS,
    ORDINAL,
    ORGANISATION_WORDS,
    ORGANISED_BY,
    ORGANISING_VERBS,
    PARTNERSHIP,
)

_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\s+and\b|\band\b|&|\bet\b)\s*", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&-]{1,11})\s*\)")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|of|for|on|and|the|de|la|le|du|des|et|pour|d|l)$")
_FRAMEWORKS = [
    (code, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE))
    for code, patterns in FRAMEWORK_PATTERNS.items()
    for pattern in patterns
]


class NameRules:
    """Rules on names."""

    @cached_property
    def framework_spans(self) -> list[tuple[str, int, int]]:
        found = []
        for code, pattern in _FRAMEWORKS:
            for match in pattern.finditer(self.text):
                found.append((code, match.start(), match.end()))
        return sorted(found, key=lambda f: f[1])

    @cached_property
    def frameworks(self) -> list[str]:
        codes = unique(code for code, _start, _end in self.framework_spans)
        for _code, start, end in self.framework_spans:
            self.note("frameworks", READ, Span(start, end))
        return codes

    @cached_property
    def organisation_matches(self) -> list[Match]:
        return list(self.directory.organisations.find(self.words, self.text))

    @cached_property
    def defined_acronyms(self) -> dict[str, Mention]:
        """Organisations the directory lacks, as the page defines them: "Full Name
        (ACRONYM)" where the name reads like an organisation's."""
        found: dict[str, Mention] = {}
        known = {(m.start, m.end) for m in self.organisation_matches}
        for match in _ACRONYM_AFTER.finditer(self.text):
            acronym = match.group(1)
            if (
                self.directory.organisations.lookup(acronym)
                or (
                    match.start(1),
                    match.end(1),
                )
                in known
            ):
                continue
            name_start = _name_before(self.text, match.start())
            name = self.text[name_start : match.start()].strip()
            name = re.sub(r"^(?:the|la|le|les|l')\s+", "", name, flags=re.IGNORECASE)
            if len(name.split()) < 2 or not ORGANISATION_WORDS.search(name):
                continue
            if self.directory.organisations.lookup(name):
                continue
            found[acronym] = Mention(name, name_start, match.end())
        return found

    @cached_property
    def organisations(self) -> list[Mention]:
        """Every organisation the page names, in page order: those of the directory
        (not as an edition of an event: "the 13th Global Forum…"), those it defines,
        and those its labelled fields and programme name."""
        mentions: list[Mention] = []
        for match in self.organisation_matches:
            if self._is_edition(match.start):
                continue
            mentions.append(Mention(match.entry.canonical, match.start, match.end, match.entry))
        defined = self.defined_acronyms
        mentions += defined.values()
        if defined:
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, defined)) + r")\b")
            mentions += [
                Mention(defined[m.group()].name, m.start(), m.end())
                for m in pattern.finditer(self.text)
            ]
        organizers, partners = self.actors if self.kind == "event" else ([], [])
        for name in organizers + partners:
            mentions.append(Mention(name, -1, -1))
        for item in self.program if self.kind == "event" else ():
            for name in item["participants"]:
                if self.directory.organisations.lookup(name):
                    mentions.append(Mention(name, -1, -1))
        for mention in mentions:
            if mention.start >= 0:
                self.note("organizations_mentioned", READ, Span(mention.start, mention.end))
        return sorted(mentions, key=lambda m: m.start if m.start >= 0 else len(self.text))

    def _is_edition(self, start: int) -> bool:
        before = self.text[max(0, start - 20) : start].split()
        return bool(before) and bool(ORDINAL.match(before[-1]))

    def resolve_organisation(self, name: str) -> str:
        """The canonical name of one organisation named in a list ("By: CMI and
        UN-Habitat"), near misses ("GMFD Mayors Mechanism") included; or the name as
        written when the directory does not know it."""
        name = name.strip(" .:;")
        defined = _ACRONYM_AFTER.search(name)
        if defined and defined.end() == len(name):  # "Full Name (ACRONYM)"
            acronym, name = defined.group(1), name[: defined.start()].strip()
            entry = self.directory.organisations.lookup(acronym)
            if entry:
                return entry.canonical
        entry = self.directory.organisations.lookup(name)
        if entry:
            return entry.canonical
        if name in self.defined_acronyms:
            return self.defined_acronyms[name].name
        near = self.directory.organisations.near(name)
        return near.canonical if near else name

    @cached_property
    def actors(self) -> tuple[list[str], list[str]]:
        """Organisers and partners: from "By:" and "Partners:" fields, else from the
        lead ("IGAD and Cities Alliance, in partnership with the EU, host …")."""
        organizers: list[str] = []
        partners: list[str] = []
        if "by" in self.labels:
            value, span = self.labels["by"]
            split = PARTNERSHIP.search(value)
            lead_part = value[: split.start()] if split else value
            organizers = self._name_list(lead_part)
            self.note("organizers", STATED, span)
            if split:
                partners = self._name_list(value[split.end() :])
                self.note("partners", STATED, span)
        if "partners" in self.labels:
            value, span = self.labels["partners"]
            partners += self._name_list(value)
            self.note("partners", STATED, span)
        if not organizers and self.facts.get("organizers"):
            organizers = [self.resolve_organisation(n) for n in self.facts["organizers"]]
            self.note("organizers", STATED)
        if not organizers and not partners:
            organizers, partners = self._actors_in_lead()
        elif not partners:
            partners = self._partners_in_lead()
        return unique(organizers), unique(p for p in partners if p not in organizers)

    def _name_list(self, value: str) -> list[str]:
        names = [part for part in _LIST_SPLIT.split(value) if part and part.strip(" .:;")]
        resolved = [self.resolve_organisation(name) for name in names]
        return [name for name in resolved if name]

    def _partners_in_lead(self) -> list[str]:
        """Partners named in the lead ("It is held in partnership with X and Y.")."""
        for line in self.lead:
            for sentence, offset in sentences(line):
                partnership = PARTNERSHIP.search(sentence)
                if not partnership:
                    continue
                start = offset + partnership.end()
                end = offset + _clause_end(sentence, partnership.end())
                found = [m for m in self.organisation_matches if start <= m.start < end]
                if found:
                    self.note("partners", INFERRED, Span(start, end))
                    return [m.entry.canonical for m in found]
        return []

    def _actors_in_lead(self) -> tuple[list[str], list[str]]:
        organizers: list[str] = []
        partners: list[str] = []
        matches = self.organisation_matches + [
            Match(Entry(m.name, None), m.start, m.end, -1, -1)
            for m in self.defined_acronyms.values()
        ]
        for line in self.lead:
            for sentence, offset in sentences(line):
                end = offset + len(sentence)
                inside = [m for m in matches if offset <= m.start < end]
                if not inside:
                    continue
                partnership = PARTNERSHIP.search(sentence)
                p_start = offset + partnership.start() if partnership else end
                p_end = offset + _clause_end(sentence, partnership.end()) if partnership else end
                by = ORGANISED_BY.search(sentence)
                verb = ORGANISING_VERBS.search(sentence)
                if by:
                    after = offset + by.end()
                    chosen = [
                        m for m in inside if m.start >= after and not p_start <= m.start < p_end
                    ]
                elif verb:
                    before = offset + verb.start()
                    chosen = [
                        m for m in inside if m.start < before and not p_start <= m.start < p_end
                    ]
                else:
                    continue
                if not chosen:
                    continue
                organizers += [m.entry.canonical for m in chosen]
                partners += [m.entry.canonical for m in inside if p_start <= m.start < p_end]
                self.note("organizers", INFERRED, *(Span(m.start, m.end) for m in chosen))
                if partners:
                    self.note("partners", INFERRED, Span(p_start, p_end))
                return organizers, partners
        return organizers, partners

    def resolved_organisations(self, record: dict) -> dict[str, int | None]:
        ids: dict[str, int | None] = {}
        names = record["organizers"] + record["partners"] + record["organizations_mentioned"]
        for item in record["program"]:
            names += item["participants"]
        for name in names:
            entry = self.directory.organisations.lookup(name)
            if entry or name in record["organizations_mentioned"]:
                ids[name] = entry.ident if entry else None
        return ids


def _clause_end(sentence: str, start: int) -> int:
    """Where a clause that starts at ``start`` ends: the next comma after a name, or the
    next verb, or the end of the sentence."""
    rest = sentence[start:]
    stop = re.search(r",\s+(?=[a-z])|,\s*$|\.\s*$", rest)
    verb = ORGANISING_VERBS.search(rest)
    ends = [m.start() for m in (stop, verb) if m]
    return start + (min(ends) if ends else len(rest))


def _name_before(text: str, end: int) -> int:
    """Where a capitalised name ending at ``end`` starts ("… the Mixed Migration Centre
    (MMC)" → the offset of "Mixed")."""
    tokens = list(re.finditer(r"[\w'’.-]+|[^\w\s]", text[max(0, end - 200) : end]))
    base = max(0, end - 200)
    start = end
    for token in reversed(tokens):
        word = token.group()
        if not _NAME_WORD.match(word) and word not in (",",):
            break
        if word == "," and not (start < end and text[start : start + 1].isupper()):
            break
        start = base + token.start()
    while start < end and not text[start].isupper():
        start = text.find(" ", start, end) + 1 or end
    return start
