"""The summary: reviewed renderings of each kind of case, every format, and that no password
gets in, in any form, even through a server's echo or a password full of HTML characters."""

from __future__ import annotations

import base64
import dataclasses
import os
import re
import shutil
import subprocess
import urllib.parse
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontime_assist.case import Case, OnTimeServerOutcome, judge
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import make
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.report.build import build_report
from ontime_assist.report.files import FORMATS, write_report
from ontime_assist.report.html import render_html
from ontime_assist.report.markdown import render_markdown
from ontime_assist.report.pdf import report_pdf
from ontime_assist.report.text import render_text
from tests.helpers import PASSWORD
from tests.report_cases import CASES, NOW, SYSTEM, result, smtp_auth_disabled
from tests.servers import Script, scripted_smtp

EXPECTED = Path(__file__).parent / "expected"
RENDERERS = {".txt": render_text, ".md": render_markdown, ".html": render_html}


def expected(name: str, rendered: str) -> str:
    target = EXPECTED / name
    if os.environ.get("ONTIME_ASSIST_UPDATE_EXPECTED"):
        target.write_text(rendered, encoding="utf-8")
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_summary_matches_its_reviewed_text(case: str) -> None:
    report = build_report(CASES[case](), now=NOW, system=SYSTEM)
    rendered = render_text(report)
    assert rendered == expected(f"{case}.txt", rendered)


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_markdown_and_html_match_their_reviewed_renderings(suffix: str) -> None:
    report = build_report(smtp_auth_disabled(), now=NOW, system=SYSTEM)
    rendered = RENDERERS[suffix](report)
    assert rendered == expected(f"smtp-auth-disabled{suffix}", rendered)


def test_ids_are_in_a_reference_line_never_in_a_title() -> None:
    report = build_report(smtp_auth_disabled(), now=NOW, system=SYSTEM)
    text = render_text(report)
    assert "auth.smtp_auth_disabled" not in report.lead and "(auth." not in text
    assert "Reference: auth.smtp_auth_disabled" in text
    assert "<h3>Sending with a login (SMTP AUTH) is turned off for this mailbox <small>" in (
        render_html(report)
    )


def test_one_vocabulary_ontimes_ssl_box() -> None:
    text = render_text(build_report(smtp_auth_disabled(), now=NOW, system=SYSTEM))
    assert "SSL: ticked (STARTTLS, the port 587 kind)" in text
    assert "Encryption: starttls" not in text


def test_no_doubled_punctuation_or_numbering() -> None:
    for make_case in CASES.values():
        report = build_report(make_case(), now=NOW, system=SYSTEM)
        for rendering in (render_text(report), render_html(report)):
            assert ".." not in rendering.replace("...", "")
            assert ".”." not in rendering and "•" not in rendering


def test_pdf_is_one_wellformed_document_with_bold_headings() -> None:
    pdf = report_pdf(build_report(smtp_auth_disabled(), now=NOW, system=SYSTEM))
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf and b"/Encoding /Identity-H" in pdf
    assert b"2 Tr" in pdf_text_parts(pdf)  # headings: the glyphs filled and stroked
    assert "SmtpClientAuthentication" in pdf_shown_text(pdf)
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref : xref + 4] == b"xref"


def _pdf_objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\n(.*?)\nendobj", pdf, re.S)}


def _pdf_stream(body: bytes) -> bytes:
    head, data = body.split(b"stream\n", 1)
    data = data.rsplit(b"\nendstream", 1)[0]
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def pdf_shown_text(pdf: bytes) -> str:
    """The text a PDF's pages draw, read through each font's ToUnicode map, line by line."""
    objects = _pdf_objects(pdf)
    maps: dict[bytes, dict[str, str]] = {}
    lines: list[str] = []
    for body in objects.values():
        if not body.startswith(b"<< /Type /Page "):
            continue
        for name, font_id in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(font_id)])
            assert to_unicode, "every font maps its codes to Unicode"
            cmap = _pdf_stream(objects[int(to_unicode[1])]).decode()
            pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
            maps[name] = {code: bytes.fromhex(text).decode("utf-16-be") for code, text in pairs}
        contents = _pdf_stream(objects[int(re.findall(rb"/Contents (\d+) 0 R", body)[0])])
        line = ""
        for font, codes, end in re.findall(rb"/(F\d+) \d+ Tf <([0-9A-F]*)> Tj|(T\*)", contents):
            if end:
                lines.append(line)
                line = ""
                continue
            chars = [codes[i : i + 4].decode() for i in range(0, len(codes), 4)]
            line += "".join(maps[font][code] for code in chars)
    return "\n".join(lines)


def pdf_title(pdf: bytes) -> str:
    title = re.search(rb"/Title <FEFF([0-9A-F]*)>", pdf)
    assert title, "the title is a UTF-16 text string"
    return bytes.fromhex(title[1].decode()).decode("utf-16-be")


def pdf_text_parts(pdf: bytes) -> bytes:
    """What a PDF says (its pages' text, decoded, and its title) and its pages' own streams,
    without its structure (whose offsets are digits a secret may share) or its font files."""
    objects = _pdf_objects(pdf)
    pages = [int(n) for body in objects.values() for n in re.findall(rb"/Contents (\d+) 0 R", body)]
    streams = [_pdf_stream(objects[n]) for n in pages]
    said = f"{pdf_shown_text(pdf)}\n{pdf_title(pdf)}".encode()
    return b"\n".join([*streams, said])


def encodings(secret: str) -> list[bytes]:
    raw = secret.encode("utf-8")
    return [
        raw,
        base64.b64encode(raw),
        urllib.parse.quote(secret, safe="").encode(),
        raw.hex().encode(),
    ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    secret=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=8, max_size=30
    ).map(lambda s: s[:4] + "<&>" + s[4:])  # always something HTML escapes
)
def test_no_password_in_any_format(secret: str, tmp_path: Path) -> None:
    echoed = make(
        "auth.failed",
        f"The server echoed: {secret}",
        extra_fix=f"retry with {base64.b64encode(secret.encode()).decode()}",
    )
    leaky = result(passed=("dns", "connect"), failed="auth", findings=(echoed,))
    leaky.redactor.add(secret)
    verdict = judge(Case(results={Step.CREDENTIALS: leaky}))
    report = build_report(verdict, now=NOW, system=SYSTEM)
    outputs = [renderer(report).encode() for renderer in RENDERERS.values()]
    for suffix in FORMATS:
        target = tmp_path / f"r{suffix}"
        write_report(report, target)
        data = target.read_bytes()
        outputs.append(pdf_text_parts(data) if suffix == ".pdf" else data)
    for output in outputs:
        for form in encodings(secret):
            assert form not in output
        assert b"[redacted]" in output


def test_building_the_report_changes_no_result() -> None:
    verdict = smtp_auth_disabled()
    tested = verdict.tested
    assert tested is not None
    before = repr(tested.redactor)
    build_report(verdict, now=NOW, system=SYSTEM)
    assert repr(tested.redactor) == before


def test_report_of_a_real_failing_check(run_cli, certs, tmp_path: Path) -> None:
    script = Script(
        tls_context=certs.good,
        auth="535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
        "for the Tenant.",
    )
    target = tmp_path / "summary.md"
    with scripted_smtp(script) as (server, _):
        done = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--cafile",
            certs.cafile,
            "--username",
            "dispatch@contoso.onmicrosoft.com",
            "--password-stdin",
            "--report",
            str(target),
            stdin=PASSWORD,
        )
    assert done.code == 1
    text = target.read_text("utf-8")
    assert "Reference: `auth.smtp_auth_disabled`" in text
    assert "SmtpClientAuthentication is disabled for the Tenant" in text
    assert "Please enable SMTP AUTH" in text
    assert PASSWORD not in text
    assert "[redacted]" in text  # the AUTH line of the transcript


def test_report_format_from_extension_is_checked(run_cli, tmp_path: Path) -> None:
    done = run_cli(
        "check", "--host", "127.0.0.1", "--port", "25", "--report", str(tmp_path / "summary.docx")
    )
    assert done.code == 2 and ".txt, .md, .html or .pdf" in done.err


def test_report_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.txt"
    target.write_text("the good old summary")

    def broken(_report: object) -> bytes:
        raise RuntimeError("renderer failed half way")

    monkeypatch.setitem(FORMATS, ".txt", broken)
    with pytest.raises(RuntimeError):
        write_report(build_report(smtp_auth_disabled(), now=NOW, system=SYSTEM), target)
    assert target.read_text() == "the good old summary"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.txt"]


def test_a_redactor_given_with_the_case_reaches_every_rendering() -> None:
    case = smtp_auth_disabled().case
    verdict = judge(
        Case(
            results=case.results,
            ontime_server=case.ontime_server,
            secrets=(Redactor(["dispatch@contoso.com"]),),
        )
    )
    report = build_report(verdict, now=NOW, system=SYSTEM)
    for renderer in RENDERERS.values():
        assert "dispatch@contoso.com" not in renderer(report)


def test_causes_the_user_fixes_ask_the_provider_nothing(certs) -> None:
    from ontime_assist.engine.check.run import run_check
    from ontime_assist.engine.check.settings import build_settings

    script = Script(
        tls_context=certs.good,
        auth="534-5.7.9 Application-specific password required.\n534 5.7.9 https://support.google.com",
    )
    with scripted_smtp(script) as (server, _):
        found = run_check(
            build_settings(
                host="127.0.0.1",
                port=server.port,
                cafile=certs.cafile,
                username="d@gmail.com",
                timeout=3,
            ),
            "pw-123456",
        )
    verdict = judge(Case(results={Step.CREDENTIALS: found}))
    assert verdict.root is not None and verdict.root.id == "auth.app_password_required"
    assert verdict.requests == ()
    report = build_report(verdict, now=NOW, system=SYSTEM)
    assert "What we would like you to do" not in render_text(report)


def test_the_summary_for_ontime_support_has_what_their_desk_needs() -> None:
    text = render_text(build_report(CASES["ontime-support"](), now=NOW, system=SYSTEM))
    assert text.startswith("Hello OnTime support,")
    for needed in (
        "[your company name]",
        "[your OnTime account or site name]",
        "Test notification sent: 2026-11-27 09:18 CET",
        "Switched to the OnTime Mail Server: 2026-11-27 09:05 CET",
        "The customer looked in their spam or junk folder: no",
    ):
        assert needed in text
    assert "What we would like you to do" not in text


def test_ontime_mail_server_worked_and_all_passed_is_no_contradiction() -> None:
    text = render_text(build_report(CASES["passed"](), now=NOW, system=SYSTEM))
    assert "our own mail account is the problem" not in text
    assert "OnTime itself works" in text and "If OnTime still fails" in text
    assert "reachable only inside this network" in text


def test_the_card_never_prescribes_465_when_starttls_works() -> None:
    verdict = CASES["port-465-with-587-found"]()
    card = verdict.ontime_settings
    assert card is not None and card.port == 587 and card.security.value == "starttls"
    assert not card.tested and "465" in card.note
    text = render_text(build_report(verdict, now=NOW, system=SYSTEM))
    assert "Port: 587" in text and "SSL: ticked (STARTTLS, the port 587 kind)" in text


def test_the_card_says_plainly_when_only_465_exists(certs) -> None:
    from ontime_assist.engine.check.run import run_check
    from ontime_assist.engine.check.settings import build_settings

    with scripted_smtp(Script(tls_context=certs.good, implicit_tls=True)) as (server, _):
        found = run_check(
            build_settings(
                host="127.0.0.1",
                port=server.port,
                cafile=certs.cafile,
                username="d@x.example",
                timeout=3,
            ),
            "pw-123456",
        )
    verdict = judge(
        Case(results={Step.SERVER_SETTINGS: found}, ontime_server=OnTimeServerOutcome.WORKED)
    )
    card = verdict.ontime_settings
    assert card is not None and card.security.value == "ssl"
    assert "probably cannot use" in card.note and "OnTime Mail Server" in card.note


def report_strings(report) -> list[str]:  # type: ignore[no-untyped-def]
    """Every sentence the summary says, as the report model holds it."""
    from ontime_assist.report.model import Bullets, Code, FindingBlock, Paragraph, Table

    out = [report.subject, *(text for pair in report.leads for text in pair)]
    for section in report.sections:
        out.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [cell for row in block.rows for cell in row]
            elif isinstance(block, Bullets):
                out += [t for item in block.items for t in (item.text, *item.details)]
            elif isinstance(block, FindingBlock):
                out += [block.title, block.seen, block.reply, block.fix, block.reference]
            elif isinstance(block, Code):
                out += block.text.splitlines()
    return [s for s in out if s.strip()]


def pdf_words(pdf: bytes) -> str:
    return "".join(pdf_shown_text(pdf).split())  # the page's line breaks left out


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_format_says_every_sentence_word_for_word(case: str) -> None:
    """Text (the clipboard and the email), Markdown, HTML (the page and the clipboard's rich
    form) and PDF say the same sentences, each one whole."""
    import html

    report = build_report(CASES[case](), now=NOW, system=SYSTEM)
    text, markdown, page = render_text(report), render_markdown(report), render_html(report)
    pdf = pdf_words(report_pdf(report))
    for sentence in report_strings(report):
        # The plain text is an email's body (or the clipboard's): its subject goes apart.
        assert sentence in text or sentence == report.subject, sentence
        assert sentence.replace("|", "\\|") in markdown, sentence
        assert html.escape(sentence) in page, sentence
        assert "".join(sentence.split()) in pdf, sentence


def test_pdf_keeps_every_letter_for_a_pdf_reader(tmp_path: Path) -> None:
    """Polish, Cyrillic, Japanese and German letters come out of the PDF as themselves, read
    by poppler's pdftotext (what a reader's copy and search see), title included."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    said = "The server said: Hasło błędne, Пароль неверный, 日本 für übermorgen"
    letters = make("auth.failed", said)
    failed = result(passed=("dns", "connect"), failed="auth", findings=(letters,))
    report = build_report(judge(Case(results={Step.CREDENTIALS: failed})), now=NOW, system=SYSTEM)
    report = dataclasses.replace(report, subject=f"{report.subject} — Łódź")
    target = tmp_path / "report.pdf"
    write_report(report, target)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    for word in ("Hasło", "błędne", "Пароль", "неверный", "日本", "für", "übermorgen"):
        assert word in text, word
    info = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(target)], capture_output=True, check=True, timeout=30
    ).stdout.decode()
    assert report.subject in info


def test_a_long_cjk_line_wraps_within_the_page() -> None:
    from ontime_assist.report.pdf import CHARS_PER_LINE, text_pdf

    said = "  " + "日本語の説明" * 30 + " end"
    shown = pdf_shown_text(text_pdf(said)).splitlines()
    assert "".join("".join(shown).split()) == "".join(said.split())  # every letter, in order
    widths = [sum(2 if "\u3000" <= c <= "\u9fff" else 1 for c in line) for line in shown]
    assert len(shown) > 3 and max(widths) <= CHARS_PER_LINE


def _collection_of(path: Path) -> bytes:
    """A TrueType collection (.ttc, as Windows ships its CJK fonts) holding the one font."""
    import struct

    font = path.read_bytes()
    (count,) = struct.unpack_from(">H", font, 4)
    shift = 16  # the collection's header comes first; table offsets count from the file start
    directory = bytearray(font[: 12 + 16 * count])
    for index in range(count):
        at = 12 + 16 * index + 8
        (offset,) = struct.unpack_from(">L", directory, at)
        struct.pack_into(">L", directory, at, offset + shift)
    header = b"ttcf" + struct.pack(">LLL", 0x00010000, 1, shift)
    return header + bytes(directory) + font[len(directory) :]


def test_letters_the_report_font_lacks_come_from_a_system_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tifinagh is not in DejaVu Sans Mono but is in DejaVu Sans, found here as a collection
    where a system keeps its fonts: it is embedded and used for those letters alone."""
    from ontime_assist.report import pdf_font
    from ontime_assist.report.pdf import text_pdf

    sans = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not sans.exists():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    system_font = tmp_path / "fallback.ttc"
    system_font.write_bytes(_collection_of(sans))
    monkeypatch.setattr(
        pdf_font, "_fallback_paths", lambda: [str(tmp_path / "none.ttf"), str(system_font)]
    )
    pdf_font.fallback_fonts.cache_clear()
    try:
        word = "ⴰⵣⵓⵍ"
        assert not any(pdf_font.report_font().has(c) for c in word)
        pdf = text_pdf(f"Hello {word} ł")
    finally:
        pdf_font.fallback_fonts.cache_clear()
    assert pdf.count(b"/FontFile2") == 2
    assert pdf_shown_text(pdf).strip() == f"Hello {word} ł"
    if shutil.which("pdftotext") is not None:
        target = tmp_path / "r.pdf"
        target.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(target), "-"],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.decode()
        assert f"Hello {word} ł" in text


def test_a_report_from_check_names_the_command_line_check_not_a_step(
    run_cli, tmp_path: Path, certs
) -> None:
    """`check --report`: the test ran from the command line, so the summary says so; it never
    ran on step 3 of the wizard."""
    target = tmp_path / "summary.txt"
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        done = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--cafile",
            certs.cafile,
            "--username",
            "dispatch@courier.example",
            "--password-stdin",
            "--report",
            str(target),
            stdin=PASSWORD,
        )
    assert done.code == 0
    text = target.read_text("utf-8")
    assert "on step 3" not in text.lower() and "step 3's" not in text  # the article's row stays
    assert "(tested on the command line)" in text
    assert "Step 2, Account credentials: Tested on the command line: signed in as" in text
    assert "the command-line check sends one only when given --to" in text
