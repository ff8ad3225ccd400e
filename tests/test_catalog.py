"""The finding catalog: complete against the contract, documented, and used consistently."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ontime_assist import catalog_doc
from ontime_assist.engine.findings import catalog

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_IDS = [
    "dns.not_found",
    "net.refused",
    "net.timeout",
    "net.unreachable",
    "smtp.no_greeting",
    "smtp.not_smtp",
    "smtp.protocol_error",
    "smtp.rejected_connection",
    "smtp.disconnected",
    "tls.expects_implicit",
    "tls.not_implicit",
    "tls.starttls_unavailable",
    "tls.required",
    "tls.cert_untrusted",
    "tls.cert_hostname_mismatch",
    "tls.cert_expired",
    "tls.intercepted",
    "tls.protocol_too_old",
    "auth.not_offered",
    "auth.requires_tls",
    "auth.plaintext_refused",
    "auth.failed",
    "auth.app_password_required",
    "auth.web_login_required",
    "auth.smtp_auth_disabled",
    "auth.basic_auth_disabled",
    "auth.windows_only",
    "auth.no_common_mechanism",
    "relay.auth_required",
    "relay.denied",
    "send.sender_rejected",
    "send.recipient_rejected",
    "send.message_rejected",
    "send.quota_exceeded",
    "server.rate_limited",
    "server.temporary_failure",
    "connect.ok",
    "tls.ok",
    "auth.ok",
    "relay.ok",
    "send.ok",
    "net.private_address",
    "auth.basic_auth_retiring",
    "sender.spf_missing",
    "sender.spf_invalid",
    "sender.spf_not_authorised",
    "sender.dkim_missing",
    "sender.dmarc_missing",
    "sender.dmarc_unaligned",
    "sender.ok",
]


def test_every_contract_id_is_in_the_catalog() -> None:
    assert set(CONTRACT_IDS) <= set(catalog())


def test_every_entry_has_title_explanation_and_fix() -> None:
    for entry in catalog().values():
        assert entry.title and entry.explanation and entry.fix, entry.id
        assert not entry.fix.lower().startswith("click next")


def test_docs_are_generated_from_the_catalog() -> None:
    documented = (ROOT / "docs" / "findings.md").read_text("utf-8")
    assert documented == catalog_doc.render(), "run: python -m ontime_assist.catalog_doc"


def test_every_id_the_code_names_exists() -> None:
    named = set()
    for path in (ROOT / "ontime_assist").rglob("*.py"):
        named |= set(
            re.findall(
                r'"((?:dns|net|smtp|tls|auth|relay|send|server|input|explain|'
                r'connect|sender)\.[a-z_]+)"',
                path.read_text("utf-8"),
            )
        )
    assert named, "the pattern found nothing: it is broken"
    assert named <= set(catalog()), named - set(catalog())


def test_no_wording_tells_users_to_click_next() -> None:
    text = (ROOT / "resources" / "findings.json").read_text("utf-8").lower()
    assert "click next" not in text and "press next" not in text


def test_resource_tables_are_generated_from_the_json_files() -> None:
    from ontime_assist import resource_files, resource_tables

    for name in resource_files.TABLE_FILES:
        on_disk = json.loads((ROOT / "resources" / name).read_text("utf-8"))
        assert resource_tables.TABLES[name] == on_disk, (
            "run: python -m ontime_assist.resource_files"
        )
