"""docs/findings.md, generated from the catalog so the two cannot drift.

python -m ontime_assist.engine.catalog_doc > docs/findings.md
"""

from __future__ import annotations

from ontime_assist.engine.findings import Step, catalog

STEP_TITLES = {
    Step.ONTIME_MAIL_SERVER: "Step 1 · Try the OnTime Mail Server",
    Step.CREDENTIALS: "Step 2 · Account credentials",
    Step.SERVER_SETTINGS: "Step 3 · Mail server settings",
    Step.RELAY: "Step 4 · Account configuration and SMTP relay",
    Step.PROVIDER: "Step 5 · Contact the provider",
}


def render() -> str:
    lines = [
        "# Finding catalog",
        "",
        "Every finding OnTime Assist reports has a stable id (scripts and support staff match "
        "on it), a plain-language title, an explanation and a fix. Findings are grouped by the "
        "wizard step they belong to. Generated from `resources/findings.json` by "
        "`python -m ontime_assist.engine.catalog_doc`; a test fails when this file is stale.",
        "",
    ]
    entries = catalog()
    for step, title in STEP_TITLES.items():
        lines += [f"## {title}", ""]
        for entry in entries.values():
            if entry.step is not step:
                continue
            lines += [
                f"### `{entry.id}` — {entry.title}",
                "",
                f"*Severity:* {entry.severity.value}",
                "",
                f"**What it means.** {entry.explanation}",
                "",
                f"**What to do.** {entry.fix}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
