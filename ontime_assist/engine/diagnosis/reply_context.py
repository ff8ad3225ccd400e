"""What we know about a reply besides its text: used to make the fix specific (the provider,
the user name typed, whether a login was done). Kept apart from the rules in diagnose.py so a
check that passes never loads them."""

from __future__ import annotations

from ontime_assist.engine.providers.recognise import provider_for
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.providers.recognise import Provider


class Context(NamedTuple):
    host: str = ""
    port: int = 0
    username: str = ""
    from_addr: str = ""
    recipient: str = ""
    encrypted: bool = False
    password_has_stray_space: bool = False
    logged_in: bool = False
    auth_offered: tuple[str, ...] = ()  # login methods the server offers where login happens
    greeting: str = ""
    provider_hint: str = ""
    live: bool = True  # False for a pasted message: no hints about what was entered

    @property
    def provider(self) -> Provider | None:
        return provider_for(
            self.host,
            self.username or self.from_addr,
            greeting=self.greeting,
            hint=self.provider_hint,
        )
