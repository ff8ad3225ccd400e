"""docs/findings.md, generated from the catalog so the two cannot drift.

python -m ontime_assist.catalog_doc > docs/findings.md
"""

from __future__ import annotations

from ontime_assist.engine.findings import Actor, catalog
from ontime_assist.steps import STEPS

WHO_WORDS = {
    Actor.USER: "you (in OnTime or your own account)",
    Actor.ADMINISTRATOR: "your mail administrator",
    Actor.PROVIDER: "your email provider",
    Actor.ONTIME_SUPPORT: "OnTime support",
}


def render() -> str:
    lines = [
        "# Finding catalog",
        "",
        "Every finding OnTime Assist reports has a stable id (scripts and support staff match "
        "on it), a plain-language title, an explanation, a fix, and who can make the fix. "
        "Findings are grouped by the wizard step they belong to. Generated from "
        "`resources/findings.json` by `python -m ontime_assist.catalog_doc`; a test "
        "fails when this file is stale.",
        "",
    ]
    entries = catalog()
    for page in STEPS.values():
        listed = [e for e in entries.values() if page.step and e.step is page.step]
        if not listed:
            continue
        lines += [f"## {page.heading}", ""]
        for entry in listed:
            lines += [
                f"### `{entry.id}` — {entry.title}",
                "",
                f"*Severity:* {entry.severity.value} · *Who fixes it:* {WHO_WORDS[entry.who]}",
                "",
                f"**What it means.** {entry.explanation}",
                "",
                f"**What to do.** {entry.fix}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
