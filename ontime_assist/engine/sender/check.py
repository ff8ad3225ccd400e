"""The entry point for the commands and the wizard: the sender checks for one sending path,
through discovery's resolver (`--nameserver` applies), bounded by one time limit and the
cancel token. Import it where it is used: it is not on `check`'s start-up path."""

from __future__ import annotations

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.discovery.dns_lookup import Dns
from ontime_assist.engine.sender.dns_source import QUESTION_SECONDS, ResolverSource
from ontime_assist.engine.sender.judge import SenderReport, SendingPath, judge_sender

TOTAL_SECONDS = 20.0  # RFC 7208 §4.6.4 asks evaluators to allow an SPF check at least 20 s


def check_sender(
    path: SendingPath,
    dns: Dns,
    cancel: CancelToken,
    *,
    timeout: float = TOTAL_SECONDS,
    question_timeout: float = QUESTION_SECONDS,
) -> SenderReport:
    """SPF, DKIM and DMARC of `path.from_address`'s domain, judged for `path`. Every DNS
    question waits at most `question_timeout`, all of them together `timeout`; Cancelled is
    raised when `cancel` is cancelled."""
    source = ResolverSource(dns, cancel, total=timeout, question=question_timeout)
    return judge_sender(path, source)
