"""A reader's blocklist: TOML rules that hide works from list and search unless `--no-blocklist`.

# blocklist.toml
[[rule]]
kind = "tag"                 # any tag type; `type = "fandom"` narrows it
pattern = "*Character Death*"
[[rule]]
kind = "author"
pattern = "someone*"
[[rule]]
kind = "cw"                  # content warning at or above a severity
id = "suicide"
min_severity = "depicted"
[[rule]]
kind = "words"               # hide works outside these limits
min = 1000
[[rule]]
kind = "crossover"           # hide works with more fandoms than this
max_fandoms = 1

>>> lib.blocklist.add(BlockRule(kind="tag", pattern="*Character Death*"))
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

import tomli_w
from pydantic import BaseModel, ValidationError, model_validator

from ficlens.errors import ConfigError, LibraryError
from ficlens.model import SEVERITY_ORDER

RuleKind = Literal["tag", "author", "cw", "words", "crossover"]
TagType = Literal["rating", "warning", "category", "fandom", "relationship", "character", "freeform"]


class BlockRule(BaseModel):
    """One blocklist rule; which fields apply depends on `kind`."""

    kind: RuleKind
    pattern: str | None = None  # tag / author, `*` wildcards, case-insensitive
    type: TagType | None = None  # tag rules: only this tag type (default: any)
    source: Literal["declared", "inferred", "any"] = "any"
    id: str | None = None  # cw rules: taxonomy id
    min_severity: Literal["mentioned", "depicted", "graphic"] = "mentioned"
    min: int | None = None  # words rules
    max: int | None = None
    max_fandoms: int | None = None  # crossover rules
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> BlockRule:
        if self.kind in ("tag", "author") and not (self.pattern and self.pattern.strip("* ")):
            raise ValueError(f"a {self.kind} rule needs a non-empty `pattern`")
        if self.kind == "cw" and not self.id:
            raise ValueError("a cw rule needs an `id` (e.g. suicide)")
        if self.kind == "words" and self.min is None and self.max is None:
            raise ValueError("a words rule needs `min` or `max`")
        if self.kind == "crossover" and (self.max_fandoms is None or self.max_fandoms < 1):
            raise ValueError("a crossover rule needs `max_fandoms` of at least 1")
        return self

    def describe(self) -> str:
        """One line for `ficlens block list`."""
        if self.kind == "tag":
            what = f"{self.type or 'tag'} {self.pattern!r}"
            return what + ("" if self.source == "any" else f" ({self.source})")
        if self.kind == "author":
            return f"author {self.pattern!r}"
        if self.kind == "cw":
            return f"content warning {self.id} at or above {self.min_severity}"
        if self.kind == "words":
            parts = [
                f"under {self.min:,}" if self.min is not None else "",
                f"over {self.max:,}" if self.max is not None else "",
            ]
            return "works " + " or ".join(p for p in parts if p) + " words"
        return f"crossovers of more than {self.max_fandoms} fandom(s)"

    def severities(self) -> list[str]:
        floor = SEVERITY_ORDER[self.min_severity]
        return [s for s, rank in SEVERITY_ORDER.items() if rank >= floor]


class Blocklist:
    """The rules in one TOML file; a missing file is an empty blocklist."""

    def __init__(self, path: Path, rules: list[BlockRule] | None = None) -> None:
        self.path = path
        self.rules: list[BlockRule] = rules or []

    @classmethod
    def load(cls, path: Path) -> Blocklist:
        if not path.exists():
            return cls(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the blocklist ({exc})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix or delete the file") from exc
        raw = data.get("rule", [])
        if not isinstance(raw, list):
            raise ConfigError(f"{path}: `rule` must be an array of tables ([[rule]])")
        rules = []
        for n, item in enumerate(raw, 1):
            try:
                rules.append(BlockRule.model_validate(item))
            except ValidationError as exc:
                first = exc.errors()[0]
                raise ConfigError(
                    f"{path}: rule {n} is invalid: {first['msg']}",
                    hint="see `ficlens block add --help` for the rule kinds",
                ) from exc
        return cls(path, rules)

    def save(self) -> None:
        data = {
            "rule": [
                r.model_dump(exclude_none=True, exclude_defaults=True) | {"kind": r.kind} for r in self.rules
            ]
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".toml.tmp")
            tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
            tmp.replace(self.path)  # atomic: a crash never leaves half a blocklist
        except OSError as exc:
            raise LibraryError(f"{self.path}: cannot save the blocklist ({exc.strerror or exc})") from exc

    def add(self, rule: BlockRule) -> int:
        """Append `rule`, save, and return its index in `rules` (0-based; the CLI shows it + 1)."""
        self.rules.append(rule)
        self.save()
        return len(self.rules) - 1

    def remove(self, index: int) -> BlockRule:
        """Remove `rules[index]` (0-based) and save; an unknown index is a ConfigError."""
        if not 0 <= index < len(self.rules):
            raise ConfigError(
                f"no blocklist rule {index + 1}",
                hint=f"rules are numbered 1 to {len(self.rules)}" if self.rules else "the blocklist is empty",
            )
        rule = self.rules.pop(index)
        self.save()
        return rule

    def __len__(self) -> int:
        return len(self.rules)
