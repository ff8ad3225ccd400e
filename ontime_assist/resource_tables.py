"""The JSON resources the engine reads on every run, as Python literals. GENERATED from
resources/*.json by `python -m ontime_assist.resource_files`; do not edit: edit the JSON
and run that (a test fails when this file is stale)."""

TABLES: dict[str, object] = {'findings.json': {'findings': [{'id': 'dns.not_found',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The server name does not exist',
                                 'explanation': 'This computer asked for the address of the mail '
                                                'server and was told that no such name exists. '
                                                'Usually the name is misspelt, or it was copied '
                                                'with an extra character.',
                                 'fix': 'Check the spelling of the server name against your '
                                        "provider's setup page (for example smtp.gmail.com or "
                                        'smtp.office365.com) and correct it in the Server field. '
                                        'In OnTime: Home → General Options → Connections → Email '
                                        'Server.'},
                                {'id': 'dns.failed',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'The server name could not be looked up',
                                 'explanation': 'This computer could not get an answer from its '
                                                'name service (DNS) when looking up the mail '
                                                "server. The name may be right; this computer's "
                                                'network or DNS is not answering.',
                                 'fix': 'Check that this computer is online (can it open web '
                                        'pages?). If it is, ask whoever looks after your network '
                                        'to check its DNS settings.'},
                                {'id': 'net.refused',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'Nothing accepts connections on that port',
                                 'explanation': 'The server was reached, but it refused the '
                                                'connection on this port: no mail service listens '
                                                'there. Usually the port number is wrong.',
                                 'fix': 'Use the port your provider lists for sending mail (most '
                                        'often 587, sometimes 465) in the Port field. In OnTime: '
                                        'Home → General Options → Connections → Email Server.'},
                                {'id': 'net.timeout',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'The connection attempt got no answer',
                                 'explanation': 'The connection attempt went unanswered until the '
                                                'time limit. Something between this computer and '
                                                'the server silently drops the traffic: a '
                                                'firewall, antivirus, or the internet provider '
                                                'blocking mail ports (port 25 is very often '
                                                'blocked).',
                                 'fix': 'Try port 587 (with SSL) instead. If that also gets no '
                                        "answer, ask whoever manages this computer's firewall or "
                                        'antivirus to allow outgoing connections to the mail '
                                        'server on that port.'},
                                {'id': 'net.unreachable',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'There is no network route to the server',
                                 'explanation': "This computer has no network path to the server's "
                                                'address: it may be offline, or the address is on '
                                                'a network it cannot reach (for example an '
                                                'IPv6-only address, or a server on another office '
                                                'network).',
                                 'fix': 'Check that this computer is online. If the server is '
                                        "inside your company's network, this computer must be "
                                        'connected to that network (or its VPN).'},
                                {'id': 'net.error',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'The connection failed',
                                 'explanation': 'The connection to the server failed for a reason '
                                                'reported by the operating system.',
                                 'fix': 'Check that this computer is online and that the server '
                                        'name and port are right. The details show the exact '
                                        'error.'},
                                {'id': 'net.private_address',
                                 'severity': 'warning',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'The server is only reachable inside this network',
                                 'explanation': "The server's address is private, loopback or "
                                                'link-local: it answers this computer, but a '
                                                'sender outside this network cannot reach it. If '
                                                "OnTime sends from Vesigo's servers (likely for a "
                                                'hosted service, but not confirmed), OnTime cannot '
                                                'reach this server at all.',
                                 'fix': 'Ask your administrator whether this server can be reached '
                                        'from the internet under a public name, or use your '
                                        "provider's public server or the OnTime Mail Server. Ask "
                                        "Vesigo where OnTime's mail is sent from."},
                                {'id': 'smtp.no_greeting',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'Connected, but the server never said hello',
                                 'explanation': 'A mail server speaks first when a program '
                                                'connects. This one accepted the connection and '
                                                'then stayed silent until the time limit. Often '
                                                'this is a port that expects a different kind of '
                                                'connection, or a firewall or antivirus holding '
                                                'the connection.',
                                 'fix': "Check the port and the SSL box against your provider's "
                                        'settings (usually port 587 with SSL ticked). If they are '
                                        'right, ask your provider whether the server is having '
                                        'problems.'},
                                {'id': 'smtp.not_smtp',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'Something other than a mail server answers on that port',
                                 'explanation': 'The program answering on this port is not a mail '
                                                'server (for example a web server). The port '
                                                'number is almost certainly wrong.',
                                 'fix': 'Use the port your provider lists for sending mail (most '
                                        'often 587) in the Port field. In OnTime: Home → General '
                                        'Options → Connections → Email Server.'},
                                {'id': 'smtp.protocol_error',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': "The server's replies are not valid",
                                 'explanation': 'The server sent replies that break the mail '
                                                'protocol (garbled, oversized or out of order). A '
                                                'mail server would not do this; something in '
                                                "between (antivirus, a firewall's mail filter) may "
                                                'be interfering.',
                                 'fix': "Try again from another network, or with the antivirus's "
                                        'mail scanning turned off for a moment. If it persists, '
                                        'send the summary to your provider.'},
                                {'id': 'smtp.reply_timeout',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'The server stopped answering',
                                 'explanation': 'The server began the conversation but then did '
                                                'not answer a command within the time limit.',
                                 'fix': 'Try again in a few minutes. If it happens again, a '
                                        'firewall or antivirus that inspects mail may be holding '
                                        'the connection; send the summary to whoever manages it, '
                                        'or to your provider.'},
                                {'id': 'smtp.rejected_connection',
                                 'severity': 'error',
                                 'step': 'provider',
                                 'who': 'provider',
                                 'title': 'The server refuses connections from this computer',
                                 'explanation': 'The server answered the connection with a refusal '
                                                'before anything was sent. Servers do this when '
                                                "the computer's internet address is on a block "
                                                'list or is not allowed by policy (for example '
                                                'home internet addresses).',
                                 'fix': 'Send the summary to your provider: they can see why your '
                                        "internet address is refused and lift it. The server's "
                                        'exact reply is included.'},
                                {'id': 'smtp.disconnected',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'The server closed the connection unexpectedly',
                                 'explanation': 'The server (or something in between) hung up in '
                                                'the middle of the conversation without giving a '
                                                'reason.',
                                 'fix': 'Try again. If it keeps happening at the same point, check '
                                        'the port and SSL setting, and send the summary to your '
                                        'provider.'},
                                {'id': 'smtp.cancelled',
                                 'severity': 'info',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The test was stopped',
                                 'explanation': 'The test was cancelled before it finished, so the '
                                                'results are incomplete.',
                                 'fix': 'Run the test again when you are ready.'},
                                {'id': 'tls.expects_implicit',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'This port wants SSL from the very first moment',
                                 'explanation': 'The port uses SSL/TLS from the first byte (the '
                                                'port 465 style), but the connection was made '
                                                'without it. The server waits for encryption that '
                                                'never starts, so the connection simply hangs '
                                                'until the time limit.',
                                 'fix': 'Use port 587 with the SSL box ticked. This is the safest '
                                        'choice for OnTime: port 465 needs SSL from the first '
                                        "byte, which programs built on Windows' standard mail "
                                        'component (as OnTime probably is) do not support, and '
                                        'they give up with “The operation has timed out.”. In '
                                        'OnTime: Home → General Options → Connections → Email '
                                        'Server.'},
                                {'id': 'tls.not_implicit',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'SSL from the first moment was used on a port that does '
                                          'not expect it',
                                 'explanation': 'The connection began with SSL/TLS right away, but '
                                                'this port speaks plain mail protocol first and '
                                                'switches to encryption later (STARTTLS). The '
                                                'server did not understand the encrypted start.',
                                 'fix': 'Keep the SSL box ticked but use the port that goes with '
                                        'it: 587 for most providers.'},
                                {'id': 'tls.starttls_unavailable',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The server does not offer encryption on this port',
                                 'explanation': 'Encryption was asked for, but this server does '
                                                'not offer to switch to it (no STARTTLS) on this '
                                                'port.',
                                 'fix': 'Use the port your provider lists for encrypted sending '
                                        '(587, or 465). If your provider really offers no '
                                        'encryption, untick the SSL box, but then the password '
                                        'travels unprotected.'},
                                {'id': 'tls.required',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The server requires encryption first',
                                 'explanation': 'The server refused to continue because the '
                                                'connection is not encrypted. Most providers '
                                                'require encryption before login or sending.',
                                 'fix': 'Tick the SSL box and use port 587. In OnTime: Home → '
                                        'General Options → Connections → Email Server.'},
                                {'id': 'tls.unencrypted',
                                 'severity': 'warning',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The connection is not encrypted',
                                 'explanation': 'This server offers no encryption on this port, so '
                                                'whatever is sent, including the password, could '
                                                'be read on the way.',
                                 'fix': 'Ask your provider for the encrypted settings (usually '
                                        'port 587 with SSL).'},
                                {'id': 'tls.cert_untrusted',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': "The server's certificate is not from a trusted "
                                          'authority',
                                 'explanation': 'The server proved its identity with a certificate '
                                                'for the right name, but issued by an authority '
                                                "this computer does not know: often a company's "
                                                'own authority (an office Exchange server) or a '
                                                "hosting company's own. Windows shows this as “The "
                                                'remote certificate is invalid according to the '
                                                'validation procedure”.',
                                 'fix': "If the server is your company's (or your hosting "
                                        "company's) own, ask its administrator for the authority's "
                                        "certificate file: install it in this computer's "
                                        'certificate store, or trust it for this server in the '
                                        'assistant. Whatever sends for OnTime must trust it too; '
                                        "if OnTime sends from Vesigo's servers, a private "
                                        'authority will very likely fail there, so a certificate '
                                        'from a public authority is the lasting fix.'},
                                {'id': 'tls.cert_hostname_mismatch',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The certificate is for another server name',
                                 'explanation': "The server's certificate was issued for a "
                                                'different name than the one you entered. This '
                                                'usually means the Server field uses an alias (for '
                                                'example mail.yourcompany.com) instead of the '
                                                "provider's real server name.",
                                 'fix': 'Enter the name the certificate is issued for (shown in '
                                        'the details) in the Server field, if it is your '
                                        "provider's server."},
                                {'id': 'tls.cert_expired',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': "The server's certificate has expired",
                                 'explanation': "The server's certificate is outside its validity "
                                                'dates. Either it really expired (the provider '
                                                "must renew it) or this computer's clock is wrong.",
                                 'fix': "Check that this computer's date and time are correct. If "
                                        'they are, send the summary to your provider: they must '
                                        'renew their certificate.'},
                                {'id': 'tls.intercepted',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'Antivirus or a proxy is intercepting the mail '
                                          'connection',
                                 'explanation': 'The certificate was not issued to the mail server '
                                                'but made up on the way by security software (an '
                                                "antivirus's mail scanning or a company proxy) "
                                                'that reads encrypted traffic. Programs that do '
                                                "not trust that software's own authority refuse "
                                                'the connection.',
                                 'fix': 'Turn off the “scan encrypted email” or “SSL/TLS scanning” '
                                        'option for outgoing mail in the antivirus named in the '
                                        'details, or ask whoever manages that proxy to exclude the '
                                        'mail server.'},
                                {'id': 'tls.protocol_too_old',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'The encryption versions do not match',
                                 'explanation': 'This computer and the server could not agree on a '
                                                'version of TLS encryption. Providers have retired '
                                                'TLS 1.0 and 1.1; old Windows installations or old '
                                                'programs may still use them.',
                                 'fix': 'Make sure Windows is up to date (TLS 1.2 must be '
                                        'enabled). If the server itself only offers old versions, '
                                        'send the summary to your provider.'},
                                {'id': 'tls.handshake_failed',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'The encrypted connection could not be set up',
                                 'explanation': 'The server and this computer could not complete '
                                                'the start of the encrypted connection.',
                                 'fix': "Check the port and SSL settings against your provider's "
                                        'page. The details show the exact error; include them if '
                                        'you contact your provider.'},
                                {'id': 'tls.mode_detected',
                                 'severity': 'info',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'Found which kind of encryption the port uses',
                                 'explanation': 'The automatic setting tried the port and found '
                                                'out how it expects encryption to start.',
                                 'fix': 'Use the port and SSL setting shown here in OnTime.'},
                                {'id': 'auth.not_offered',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The server offers no login on this port',
                                 'explanation': 'The server does not offer to log in on this port, '
                                                'so the user name and password cannot be used. '
                                                'This is normal for ports meant for '
                                                'server-to-server mail (port 25).',
                                 'fix': 'Use the port for sending with a login (submission), '
                                        'usually 587. In OnTime: Home → General Options → '
                                        'Connections → Email Server.'},
                                {'id': 'auth.requires_tls',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'Login is only offered after encryption',
                                 'explanation': 'The server offers login only once the connection '
                                                'is encrypted, and the connection is not '
                                                'encrypted.',
                                 'fix': 'Tick the SSL box (port 587). In OnTime: Home → General '
                                        'Options → Connections → Email Server.'},
                                {'id': 'auth.plaintext_refused',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The password was not sent over an unencrypted '
                                          'connection',
                                 'explanation': 'The connection is not encrypted, so sending the '
                                                'password would expose it to anyone on the way. It '
                                                'was not sent.',
                                 'fix': 'Use encryption (the SSL box, port 587). If you understand '
                                        'the risk and your server is on your own network, you can '
                                        'allow sending the password without encryption for this '
                                        'test.'},
                                {'id': 'auth.failed',
                                 'severity': 'error',
                                 'step': 'credentials',
                                 'who': 'user',
                                 'title': 'The user name or password was rejected',
                                 'explanation': 'The server refused the login. The user name or '
                                                'the password is wrong, or the account does not '
                                                'accept this kind of login.',
                                 'fix': 'Retype the password (watch for spaces copied along) and '
                                        'use the full email address as the user name. Correct the '
                                        'User Name and Password fields in OnTime. In OnTime: Home '
                                        '→ General Options → Connections → Email Server. Changes '
                                        'in OnTime can take up to 10 minutes to take effect.'},
                                {'id': 'auth.app_password_required',
                                 'severity': 'error',
                                 'step': 'credentials',
                                 'who': 'user',
                                 'title': 'An app password is needed',
                                 'explanation': 'The account has two-step verification (MFA), so '
                                                'the normal password cannot be used by a program '
                                                'like OnTime. The provider expects an app '
                                                'password: a separate password created for one '
                                                'program.',
                                 'fix': "Create an app password in your account's security "
                                        'settings (providers call it “app password” or '
                                        "“app-specific password”), then put it in OnTime's "
                                        'Password field instead of your normal password. Changes '
                                        'in OnTime can take up to 10 minutes to take effect.'},
                                {'id': 'auth.web_login_required',
                                 'severity': 'error',
                                 'step': 'credentials',
                                 'who': 'user',
                                 'title': 'The provider wants you to sign in on the web first',
                                 'explanation': 'The provider blocked this sign-in as unusual and '
                                                'will not allow it until you sign in through its '
                                                'website and confirm it was you.',
                                 'fix': 'Sign in to your mailbox in a web browser on this '
                                        'computer, confirm any security prompt, then run the test '
                                        'again.'},
                                {'id': 'auth.smtp_auth_disabled',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'administrator',
                                 'title': 'Sending with a login (SMTP AUTH) is turned off for this '
                                          'mailbox',
                                 'explanation': 'The provider accepts the password, but logging in '
                                                'to send mail from a program (SMTP AUTH) is '
                                                'switched off for this mailbox or the whole '
                                                'organisation. Microsoft 365 switches it off by '
                                                'default.',
                                 'fix': 'Your email administrator must turn on “Authenticated '
                                        'SMTP” for this mailbox (Microsoft 365 admin center → '
                                        'Users → Active users → the user → Mail → Manage email '
                                        'apps). It can take up to an hour to apply.'},
                                {'id': 'auth.basic_auth_disabled',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'administrator',
                                 'title': 'Password login for sending is blocked for this account',
                                 'explanation': 'The provider blocks sending with a user name and '
                                                'password for this account (for example Microsoft '
                                                '365 Security Defaults or a policy retiring “basic '
                                                'authentication”). An app password does not help.',
                                 'fix': 'Your email administrator must allow SMTP AUTH for this '
                                        'mailbox (in Microsoft 365: turn off Security Defaults or '
                                        'add an exception, and enable Authenticated SMTP), or '
                                        'switch OnTime to the OnTime Mail Server.'},
                                {'id': 'auth.windows_only',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'The server offers only Windows Authentication',
                                 'explanation': 'The server only accepts Windows sign-in (NTLM or '
                                                'Kerberos), as an on-premises Exchange server on '
                                                'your company network does. A user name and '
                                                'password login is not offered.',
                                 'fix': "If this is your company's own Exchange server on the same "
                                        'network, tick “Use Windows Authentication” in OnTime. '
                                        'Otherwise leave it unticked and ask your administrator '
                                        'for a port that accepts a user name and password.'},
                                {'id': 'auth.no_common_mechanism',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'administrator',
                                 'title': 'No login method in common with the server',
                                 'explanation': 'The server offers only login methods that this '
                                                'tool (and most programs) cannot use.',
                                 'fix': 'Send the summary to your provider and ask which port '
                                        'accepts a normal password login (AUTH PLAIN or LOGIN over '
                                        'TLS).'},
                                {'id': 'auth.login_not_offered',
                                 'severity': 'warning',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'The server does not offer the login OnTime uses',
                                 'explanation': 'The server offers a password login, but not the '
                                                "AUTH LOGIN kind. Windows' standard mail "
                                                'component, which OnTime very likely uses, signs '
                                                'in with AUTH LOGIN only (or with Windows '
                                                'Authentication), so OnTime may not be able to '
                                                'sign in here even with the right password (an '
                                                'inference, not confirmed).',
                                 'fix': 'If OnTime cannot sign in, ask your provider to enable '
                                        'AUTH LOGIN on this port, or use another port or the '
                                        'OnTime Mail Server.'},
                                {'id': 'auth.oauth_only_account',
                                 'severity': 'error',
                                 'step': 'credentials',
                                 'who': 'user',
                                 'title': 'This kind of account cannot sign in with a password any '
                                          'more',
                                 'explanation': 'Microsoft ended password sign-in for sending from '
                                                'personal Outlook.com, Hotmail, Live and MSN '
                                                'accounts on 16 September 2024: programs must sign '
                                                "in with Microsoft's modern sign-in (OAuth), and "
                                                "there is no public sign that OnTime's “Other Mail "
                                                'Server” can. An app password does not help.',
                                 'fix': "Use the OnTime Mail Server, or send OnTime's "
                                        'notifications through a business mailbox (for example '
                                        "Microsoft 365 or Google Workspace on your company's "
                                        'domain) or an SMTP relay service (SMTP2GO, SendGrid, '
                                        'Mailgun, Brevo, Amazon SES) that signs in with a user '
                                        'name and key.'},
                                {'id': 'auth.basic_auth_retiring',
                                 'severity': 'warning',
                                 'step': 'provider',
                                 'who': 'administrator',
                                 'title': 'The password login works today, but Microsoft is '
                                          'switching it off',
                                 'explanation': 'Microsoft turns password sign-in for sending '
                                                '(SMTP AUTH with basic authentication) off by '
                                                'default for existing Microsoft 365 organisations '
                                                'at the end of December 2026. Administrators can '
                                                'turn it back on for now; Microsoft will announce '
                                                'the final removal date in the second half of '
                                                '2027. An app password is a password sign-in too '
                                                'and stops with it. After the change the server '
                                                'answers “550 5.7.30 Basic authentication is not '
                                                'supported for Client Submission”.',
                                 'fix': 'Plan now, with your Microsoft 365 administrator: (1) '
                                        'until the final removal, the administrator can keep SMTP '
                                        'AUTH with passwords turned on for the organisation and '
                                        "this mailbox; (2) a connector that accepts OnTime's mail "
                                        'by sending address or certificate, which needs the '
                                        'addresses OnTime sends from (ask Vesigo); (3) an SMTP '
                                        'relay service (SMTP2GO, SendGrid, Mailgun, Brevo, Amazon '
                                        'SES) with a user name and key, with SPF and DKIM set up '
                                        "for your domain; (4) the OnTime Mail Server. Microsoft's "
                                        'OAuth sign-in works only if the sending program supports '
                                        "it, and there is no public sign that OnTime's “Other Mail "
                                        'Server” does; High Volume Email and Direct Send reach '
                                        "only your own organisation's mailboxes, not customers."},
                                {'id': 'relay.auth_required',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'The server needs a login before it accepts mail',
                                 'explanation': 'The server refused to take mail because no login '
                                                'was done. Either no user name was entered, or '
                                                'this port does not accept mail without a login.',
                                 'fix': 'Enter the user name and password in OnTime (and leave '
                                        '“Use Windows Authentication” unticked unless it is your '
                                        "company's own Exchange server). In OnTime: Home → General "
                                        'Options → Connections → Email Server.'},
                                {'id': 'relay.denied',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'administrator',
                                 'title': 'The server refuses to pass mail on to other domains',
                                 'explanation': 'The server accepted the sender but refuses to '
                                                'deliver to outside addresses (relay denied). The '
                                                'account, or the address the mail comes from, is '
                                                'not allowed to relay.',
                                 'fix': 'Ask your email administrator or provider to allow this '
                                        'account to send to outside addresses. If they allow relay '
                                        'by sending address instead of by login, it must be the '
                                        'address OnTime sends from, which may not be this '
                                        "computer's: ask Vesigo (OnTime support) which addresses "
                                        "OnTime's mail comes from. Send them the summary."},
                                {'id': 'send.sender_rejected',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'The From address is not allowed for this account',
                                 'explanation': 'The server refuses to send with this From '
                                                'address: the account you log in with may only '
                                                'send as itself (or its verified aliases).',
                                 'fix': "Use the mailbox's own address as OnTime's From address, "
                                        'or ask your administrator to grant “Send As” permission '
                                        'for the address you want.'},
                                {'id': 'send.recipient_rejected',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'The test recipient was refused',
                                 'explanation': 'The server refused the recipient address. The '
                                                'address may be misspelt, or the server does not '
                                                'deliver there.',
                                 'fix': 'Check the recipient address and try another outside '
                                        'address (for example your own personal mailbox).'},
                                {'id': 'send.international_address',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'An address has letters the server cannot take',
                                 'explanation': 'The From address or the test recipient has '
                                                'letters beyond the plain English alphabet (such '
                                                'as ü or é) before the @. Such addresses travel '
                                                'only through servers that offer the SMTPUTF8 '
                                                'extension, and this server does not, so it cannot '
                                                'take mail with that address. A domain after the @ '
                                                'with such letters is fine: it travels in a '
                                                'plain-letter form (xn--…).',
                                 'fix': 'Use an address with plain letters, digits, dots or dashes '
                                        "before the @: in OnTime's From field for the From "
                                        'address, or another test recipient. If the address must '
                                        'stay, ask your provider whether their server offers '
                                        'SMTPUTF8.'},
                                {'id': 'send.message_rejected',
                                 'severity': 'error',
                                 'step': 'relay',
                                 'who': 'provider',
                                 'title': 'The message itself was refused',
                                 'explanation': 'The server accepted the sender and the recipient '
                                                'but refused the message (content, size or '
                                                'policy).',
                                 'fix': "Send the summary to your provider: the server's reply "
                                        'says why.'},
                                {'id': 'send.quota_exceeded',
                                 'severity': 'error',
                                 'step': 'provider',
                                 'who': 'provider',
                                 'title': "The account's sending limit is used up",
                                 'explanation': 'The provider refuses more mail from this account '
                                                'for now because it has sent too many messages (a '
                                                'daily or hourly limit).',
                                 'fix': 'Wait until the limit resets (often 24 hours), or ask your '
                                        'provider for a higher limit or a sending service meant '
                                        'for bulk notifications.'},
                                {'id': 'server.rate_limited',
                                 'severity': 'error',
                                 'step': 'provider',
                                 'who': 'provider',
                                 'title': 'The server asks to slow down',
                                 'explanation': 'The server refused for now because of too many '
                                                'connections or messages in a short time.',
                                 'fix': 'Wait a few minutes and try again. If notifications are '
                                        'many, ask your provider about limits.'},
                                {'id': 'server.temporary_failure',
                                 'severity': 'error',
                                 'step': 'provider',
                                 'who': 'provider',
                                 'title': 'The server has a temporary problem',
                                 'explanation': 'The server answered with a temporary failure (a '
                                                '4xx reply): it cannot handle the request right '
                                                'now.',
                                 'fix': 'Try again later. If it lasts more than an hour, send the '
                                        'summary to your provider.'},
                                {'id': 'server.rejected',
                                 'severity': 'error',
                                 'step': 'provider',
                                 'who': 'provider',
                                 'title': 'The server refused the request',
                                 'explanation': 'The server refused with a permanent error that '
                                                'this tool does not know more about.',
                                 'fix': "Send the summary to your provider: the server's exact "
                                        'reply is included.'},
                                {'id': 'input.stray_space',
                                 'severity': 'warning',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'A value has a space at the start or end',
                                 'explanation': 'A value was entered with a space before or after '
                                                'it, often copied along by accident. OnTime would '
                                                'send the space as part of the value, which makes '
                                                'the login or the server name fail.',
                                 'fix': 'Remove the space from the field in OnTime.'},
                                {'id': 'discover.provider',
                                 'severity': 'info',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'Found who provides this email address',
                                 'explanation': 'The provider was recognised from the address '
                                                "itself, from the domain's mail records (MX), or "
                                                "from the domain's own settings document.",
                                 'fix': "The recommended settings come from that provider's own "
                                        'servers, tested from this computer.'},
                                {'id': 'discover.no_mail_records',
                                 'severity': 'info',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The domain has no mail records',
                                 'explanation': 'The domain exists but lists no mail servers (MX), '
                                                'so the provider could not be recognised from '
                                                'them. The usual server names (smtp. and mail. '
                                                'before the domain) were tried.',
                                 'fix': 'If the settings found below do not work, ask whoever '
                                        'hosts your email for the outgoing server name.'},
                                {'id': 'discover.no_recommendation',
                                 'severity': 'error',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'No server was found that OnTime could send through',
                                 'explanation': 'None of the servers tried offers an encrypted '
                                                'login with a valid certificate, from this '
                                                'computer.',
                                 'fix': 'Ask your email provider for the outgoing (SMTP) server, '
                                        'its port and whether it uses SSL, and enter them on the '
                                        'Mail server page.'},
                                {'id': 'discover.only_implicit_tls',
                                 'severity': 'warning',
                                 'step': 'server_settings',
                                 'who': 'provider',
                                 'title': 'Only SSL from the first byte (port 465) was found',
                                 'explanation': 'The only server and port that offers a login uses '
                                                'SSL from the very first byte. OnTime very '
                                                "probably cannot use that kind of SSL (Windows' "
                                                'standard mail component, which OnTime very likely '
                                                'uses, only supports the STARTTLS kind; an '
                                                "inference, not confirmed): with it, OnTime's "
                                                'sending may time out.',
                                 'fix': 'Ask your provider for port 587 with STARTTLS, or use the '
                                        'OnTime Mail Server.'},
                                {'id': 'explain.not_recognised',
                                 'severity': 'info',
                                 'step': 'provider',
                                 'who': 'user',
                                 'title': 'The message was not recognised',
                                 'explanation': 'This message does not match any problem this tool '
                                                'knows. It is shown as it was understood, without '
                                                'a guess.',
                                 'fix': 'Run a live test of the mail server in the assistant, or '
                                        'send the message to your provider.'},
                                {'id': 'tls.ok',
                                 'severity': 'ok',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The connection is encrypted and the certificate is '
                                          'valid',
                                 'explanation': "The connection was encrypted and the server's "
                                                'certificate was checked and trusted.',
                                 'fix': 'Nothing to change.'},
                                {'id': 'auth.ok',
                                 'severity': 'ok',
                                 'step': 'credentials',
                                 'who': 'user',
                                 'title': 'The login works',
                                 'explanation': 'The server accepted the user name and password.',
                                 'fix': 'Nothing to change.'},
                                {'id': 'relay.ok',
                                 'severity': 'ok',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'The server accepts mail from this account',
                                 'explanation': 'The server accepted the From address and the '
                                                'recipient.',
                                 'fix': 'Nothing to change.'},
                                {'id': 'send.ok',
                                 'severity': 'ok',
                                 'step': 'relay',
                                 'who': 'user',
                                 'title': 'The test message was accepted for delivery',
                                 'explanation': 'The server accepted the test message. Check that '
                                                "it arrives in the recipient's inbox (and not in "
                                                'spam).',
                                 'fix': 'Nothing to change.'},
                                {'id': 'connect.ok',
                                 'severity': 'ok',
                                 'step': 'server_settings',
                                 'who': 'user',
                                 'title': 'The mail server answers',
                                 'explanation': 'This computer reached the mail server and it '
                                                'greeted normally.',
                                 'fix': 'Nothing to change.'}]},
 'providers.json': {'comment': "Public setup facts per provider, from each provider's setup pages "
                               "and Thunderbird's ISPDB (facts only). `domains`: mailbox domains "
                               'of the provider itself (gmail.com); `hosts`: its SMTP server names '
                               '(suffix match); `mx`: suffixes of the MX hosts of a custom domain '
                               'it hosts, optionally with the submission host for that region; '
                               '`submission`: the host to send through; `ports`: the ports '
                               'discovery probes there; `login_policy`: password (works), '
                               'app_password (needs one with 2-step verification), retiring '
                               '(scheduled to end), ended (no longer possible).',
                    'providers': [{'id': 'microsoft365',
                                   'name': 'Microsoft 365 (Exchange Online)',
                                   'domains': ['onmicrosoft.com'],
                                   'hosts': ['smtp.office365.com',
                                             'outlook.office365.com',
                                             'mail.protection.outlook.com'],
                                   'mx': [{'suffix': 'mail.protection.outlook.com'},
                                          {'suffix': 'mx.microsoft'}],
                                   'submission': 'smtp.office365.com',
                                   'ports': [587, 25],
                                   'login_policy': 'retiring',
                                   'app_password': 'If the account uses MFA and your organisation '
                                                   'allows app passwords: mysignins.microsoft.com '
                                                   '→ Security info → Add method → App password. '
                                                   'Many organisations do not allow them; then the '
                                                   'administrator must enable SMTP AUTH for the '
                                                   'mailbox.',
                                   'web_login': 'Sign in at outlook.office.com on this computer '
                                                'and complete any security prompt.',
                                   'smtp_auth': 'Microsoft 365 admin center → Users → Active users '
                                                '→ select the mailbox → Mail → Manage email apps → '
                                                'tick “Authenticated SMTP” (or PowerShell: '
                                                'Set-CASMailbox -Identity user@domain '
                                                '-SmtpClientAuthenticationDisabled $false). Check '
                                                "the organisation's setting too "
                                                '(Get-TransportConfig; Set-TransportConfig '
                                                '-SmtpClientAuthenticationDisabled $false): a '
                                                'mailbox whose own setting is empty ($null) '
                                                'follows it. It can take up to an hour to apply.'},
                                  {'id': 'outlook_consumer',
                                   'name': 'Outlook.com / Hotmail (personal Microsoft account)',
                                   'domains': ['outlook.com',
                                               'hotmail.com',
                                               'live.com',
                                               'msn.com',
                                               'hotmail.co.uk',
                                               'live.co.uk',
                                               'hotmail.fr',
                                               'live.fr',
                                               'hotmail.de',
                                               'outlook.de',
                                               'hotmail.it',
                                               'hotmail.es',
                                               'live.ca',
                                               'hotmail.ca'],
                                   'hosts': ['smtp-mail.outlook.com'],
                                   'mx': [{'suffix': 'olc.protection.outlook.com'}],
                                   'submission': 'smtp-mail.outlook.com',
                                   'ports': [587],
                                   'login_policy': 'ended'},
                                  {'id': 'google',
                                   'name': 'Google Workspace / Gmail',
                                   'domains': ['gmail.com', 'googlemail.com'],
                                   'hosts': ['smtp.gmail.com',
                                             'smtp-relay.gmail.com',
                                             'aspmx.l.google.com'],
                                   'mx': [{'suffix': 'aspmx.l.google.com'},
                                          {'suffix': 'googlemail.com'},
                                          {'suffix': 'smtp.google.com'}],
                                   'submission': 'smtp.gmail.com',
                                   'ports': [587, 465],
                                   'login_policy': 'app_password',
                                   'app_password': 'Turn on 2-Step Verification, then create an '
                                                   'app password at myaccount.google.com → '
                                                   'Security → 2-Step Verification → App passwords '
                                                   '(16 letters, typed without spaces).',
                                   'web_login': 'Sign in at mail.google.com on this computer and '
                                                'confirm “Yes, it was me” under '
                                                'myaccount.google.com → Security → Recent security '
                                                'activity.'},
                                  {'id': 'yahoo_business',
                                   'name': 'Yahoo Business Mail',
                                   'hosts': ['smtp.bizmail.yahoo.com'],
                                   'mx': [{'suffix': 'mx-biz.mail.am0.yahoodns.net'},
                                          {'suffix': 'biz.mail.yahoo.com'}],
                                   'submission': 'smtp.bizmail.yahoo.com',
                                   'ports': [587, 465],
                                   'login_policy': 'app_password',
                                   'app_password': 'Yahoo requires an app password for programs: '
                                                   'login.yahoo.com → Account security → Generate '
                                                   'app password.'},
                                  {'id': 'yahoo',
                                   'name': 'Yahoo Mail',
                                   'domains': ['yahoo.com', 'ymail.com', 'rocketmail.com'],
                                   'hosts': ['smtp.mail.yahoo.com'],
                                   'mx': [{'suffix': 'yahoodns.net'}],
                                   'submission': 'smtp.mail.yahoo.com',
                                   'ports': [587, 465],
                                   'login_policy': 'app_password',
                                   'app_password': 'Yahoo requires an app password for programs: '
                                                   'login.yahoo.com → Account security → Generate '
                                                   'app password.',
                                   'web_login': 'Sign in at mail.yahoo.com on this computer and '
                                                'confirm the sign-in.'},
                                  {'id': 'aol',
                                   'name': 'AOL Mail',
                                   'domains': ['aol.com'],
                                   'hosts': ['smtp.aol.com'],
                                   'submission': 'smtp.aol.com',
                                   'ports': [587, 465],
                                   'login_policy': 'app_password',
                                   'app_password': 'AOL requires an app password: login.aol.com → '
                                                   'Account security → Generate app password.'},
                                  {'id': 'icloud',
                                   'name': 'iCloud Mail',
                                   'domains': ['icloud.com', 'me.com', 'mac.com'],
                                   'hosts': ['smtp.mail.me.com'],
                                   'mx': [{'suffix': 'mail.icloud.com'}],
                                   'submission': 'smtp.mail.me.com',
                                   'ports': [587],
                                   'login_policy': 'app_password',
                                   'app_password': 'iCloud requires an app-specific password: '
                                                   'account.apple.com → Sign-In and Security → '
                                                   'App-Specific Passwords. Use the full email '
                                                   'address as the user name.',
                                   'web_login': 'Sign in at icloud.com on this computer.'},
                                  {'id': 'zoho',
                                   'name': 'Zoho Mail',
                                   'domains': ['zoho.com', 'zohomail.com'],
                                   'hosts': ['smtp.zoho.com',
                                             'smtppro.zoho.com',
                                             'smtp.zoho.eu',
                                             'smtppro.zoho.eu',
                                             'smtp.zoho.in',
                                             'smtppro.zoho.in',
                                             'smtp.zoho.com.au',
                                             'smtppro.zoho.com.au'],
                                   'mx': [{'suffix': 'zoho.eu', 'submission': 'smtppro.zoho.eu'},
                                          {'suffix': 'zoho.in', 'submission': 'smtppro.zoho.in'},
                                          {'suffix': 'zoho.com.au',
                                           'submission': 'smtppro.zoho.com.au'},
                                          {'suffix': 'zoho.com', 'submission': 'smtppro.zoho.com'}],
                                   'submission': 'smtp.zoho.com',
                                   'ports': [587, 465],
                                   'login_policy': 'password',
                                   'app_password': 'With two-factor authentication on, create an '
                                                   'application-specific password at '
                                                   'accounts.zoho.com → Security → App Passwords.',
                                   'web_login': 'Sign in at mail.zoho.com on this computer.'},
                                  {'id': 'godaddy',
                                   'name': 'GoDaddy Workspace Email',
                                   'hosts': ['smtpout.secureserver.net'],
                                   'mx': [{'suffix': 'secureserver.net'}],
                                   'submission': 'smtpout.secureserver.net',
                                   'ports': [587, 465, 25],
                                   'login_policy': 'password'},
                                  {'id': 'ionos',
                                   'name': 'IONOS',
                                   'hosts': ['smtp.ionos.com',
                                             'smtp.ionos.de',
                                             'smtp.ionos.co.uk',
                                             'smtp.ionos.es',
                                             'smtp.ionos.fr',
                                             'smtp.ionos.it'],
                                   'mx': [{'suffix': 'ionos.de', 'submission': 'smtp.ionos.de'},
                                          {'suffix': 'kundenserver.de',
                                           'submission': 'smtp.ionos.de'},
                                          {'suffix': 'schlund.de', 'submission': 'smtp.ionos.de'},
                                          {'suffix': 'ionos.co.uk',
                                           'submission': 'smtp.ionos.co.uk'},
                                          {'suffix': 'ionos.es', 'submission': 'smtp.ionos.es'},
                                          {'suffix': 'ionos.fr', 'submission': 'smtp.ionos.fr'},
                                          {'suffix': 'ionos.it', 'submission': 'smtp.ionos.it'},
                                          {'suffix': 'ionos.com', 'submission': 'smtp.ionos.com'},
                                          {'suffix': '1and1.com', 'submission': 'smtp.ionos.com'},
                                          {'suffix': 'perfora.net',
                                           'submission': 'smtp.ionos.com'}],
                                   'submission': 'smtp.ionos.com',
                                   'ports': [587, 465],
                                   'login_policy': 'password'},
                                  {'id': 'rackspace',
                                   'name': 'Rackspace Email',
                                   'hosts': ['secure.emailsrvr.com', 'smtp.emailsrvr.com'],
                                   'mx': [{'suffix': 'emailsrvr.com'}],
                                   'submission': 'secure.emailsrvr.com',
                                   'ports': [587, 465, 25],
                                   'login_policy': 'password'},
                                  {'id': 'fastmail',
                                   'name': 'Fastmail',
                                   'domains': ['fastmail.com', 'fastmail.fm'],
                                   'hosts': ['smtp.fastmail.com'],
                                   'mx': [{'suffix': 'messagingengine.com'}],
                                   'submission': 'smtp.fastmail.com',
                                   'ports': [587, 465],
                                   'login_policy': 'app_password',
                                   'app_password': 'Fastmail requires an app password: Settings → '
                                                   'Privacy & Security → Integrations → New app '
                                                   'password.'},
                                  {'id': 'namecheap',
                                   'name': 'Namecheap Private Email',
                                   'hosts': ['mail.privateemail.com'],
                                   'mx': [{'suffix': 'privateemail.com'}],
                                   'submission': 'mail.privateemail.com',
                                   'ports': [587, 465],
                                   'login_policy': 'password'},
                                  {'id': 'hostinger',
                                   'name': 'Hostinger Email',
                                   'hosts': ['smtp.hostinger.com'],
                                   'mx': [{'suffix': 'hostinger.com'}],
                                   'submission': 'smtp.hostinger.com',
                                   'ports': [587, 465],
                                   'login_policy': 'password'},
                                  {'id': 'comcast',
                                   'name': 'Xfinity / Comcast',
                                   'domains': ['comcast.net'],
                                   'hosts': ['smtp.comcast.net'],
                                   'submission': 'smtp.comcast.net',
                                   'ports': [587, 465],
                                   'login_policy': 'password'},
                                  {'id': 'sendgrid',
                                   'name': 'SendGrid',
                                   'hosts': ['smtp.sendgrid.net'],
                                   'submission': 'smtp.sendgrid.net',
                                   'ports': [587, 465, 25, 2525],
                                   'login_policy': 'password',
                                   'app_password': 'SendGrid logs in with the user name “apikey” '
                                                   'and an API key as the password.'},
                                  {'id': 'mailgun',
                                   'name': 'Mailgun',
                                   'hosts': ['smtp.mailgun.org', 'smtp.eu.mailgun.org'],
                                   'submission': 'smtp.mailgun.org',
                                   'ports': [587, 465, 25, 2525],
                                   'login_policy': 'password',
                                   'app_password': 'Mailgun logs in with the SMTP credentials of '
                                                   'your sending domain (Mailgun → Sending → '
                                                   'Domain settings → SMTP credentials), not your '
                                                   'Mailgun sign-in.'},
                                  {'id': 'smtp2go',
                                   'name': 'SMTP2GO',
                                   'hosts': ['mail.smtp2go.com'],
                                   'submission': 'mail.smtp2go.com',
                                   'ports': [587, 465, 25, 2525],
                                   'login_policy': 'password',
                                   'app_password': 'SMTP2GO logs in with an SMTP user created '
                                                   'under Sending → SMTP Users, not your SMTP2GO '
                                                   'sign-in.'},
                                  {'id': 'ses',
                                   'name': 'Amazon SES',
                                   'hosts': ['amazonaws.com'],
                                   'submission': 'email-smtp.us-east-1.amazonaws.com',
                                   'ports': [587, 465, 25, 2587],
                                   'login_policy': 'password',
                                   'app_password': 'Amazon SES needs SMTP credentials created in '
                                                   'the SES console (SMTP settings → Create SMTP '
                                                   'credentials), not the AWS sign-in.'}]},
 'intercepting_issuers.json': {'comment': 'Certificate issuers of security products that re-sign '
                                          'encrypted mail traffic. `match` is compared as whole '
                                          "words, case-insensitively, with the issuer's "
                                          'organisation and common name; only consulted when a '
                                          'certificate failed verification. `setting` names the '
                                          'option to turn off.',
                               'issuers': [{'match': 'Avast',
                                            'product': 'Avast Antivirus',
                                            'setting': 'Menu → Settings → Protection → Core '
                                                       'Shields → Mail Shield → untick “Scan '
                                                       'outbound emails (SMTP)” or “Use SSL/TLS '
                                                       'scanning”'},
                                           {'match': 'AVG',
                                            'product': 'AVG Antivirus',
                                            'setting': 'Menu → Settings → Basic Protection → Email '
                                                       'Shield → untick “Scan outbound emails '
                                                       '(SMTP)”'},
                                           {'match': 'Kaspersky',
                                            'product': 'Kaspersky',
                                            'setting': 'Settings → Network settings → Encrypted '
                                                       'connections scanning → “Do not scan '
                                                       'encrypted connections”, or exclude the '
                                                       'mail server'},
                                           {'match': 'ESET',
                                            'product': 'ESET',
                                            'setting': 'Setup → Advanced setup → Protections → '
                                                       'SSL/TLS → turn off, or add the mail server '
                                                       'to the excluded list'},
                                           {'match': 'Bitdefender',
                                            'product': 'Bitdefender',
                                            'setting': 'Protection → Online Threat Prevention → '
                                                       'Settings → turn off “Email traffic scan” / '
                                                       '“Encrypted web scan”'},
                                           {'match': 'Norton',
                                            'product': 'Norton',
                                            'setting': 'Settings → Antivirus → Scans and Risks → '
                                                       'turn off outgoing email scanning'},
                                           {'match': 'McAfee',
                                            'product': 'McAfee',
                                            'setting': "turn off email scanning in McAfee's "
                                                       'real-time scanning settings'},
                                           {'match': 'Sophos',
                                            'product': 'Sophos',
                                            'setting': 'ask the Sophos administrator to exclude '
                                                       'the mail server from SSL/TLS decryption'},
                                           {'match': 'Trend Micro',
                                            'product': 'Trend Micro',
                                            'setting': 'turn off email scanning or ask its '
                                                       'administrator to exclude the mail server'},
                                           {'match': 'Fortinet',
                                            'product': 'Fortinet FortiGate',
                                            'setting': 'ask the firewall administrator to exclude '
                                                       'the mail server from SSL deep inspection'},
                                           {'match': 'FortiGate',
                                            'product': 'Fortinet FortiGate',
                                            'setting': 'ask the firewall administrator to exclude '
                                                       'the mail server from SSL deep inspection'},
                                           {'match': 'Zscaler',
                                            'product': 'Zscaler',
                                            'setting': 'ask the Zscaler administrator to bypass '
                                                       'SSL inspection for the mail server'},
                                           {'match': 'Palo Alto',
                                            'product': 'Palo Alto Networks firewall',
                                            'setting': 'ask the firewall administrator to add a '
                                                       'decryption exclusion for the mail server'},
                                           {'match': 'Blue Coat',
                                            'product': 'Blue Coat / Symantec proxy',
                                            'setting': 'ask the proxy administrator to bypass SSL '
                                                       'interception for the mail server'},
                                           {'match': 'Cisco Umbrella',
                                            'product': 'Cisco Umbrella',
                                            'setting': 'ask the Umbrella administrator to bypass '
                                                       'SSL decryption for the mail server'},
                                           {'match': 'Netskope',
                                            'product': 'Netskope',
                                            'setting': 'ask the Netskope administrator to add an '
                                                       'SSL decryption bypass for the mail server'},
                                           {'match': 'WatchGuard',
                                            'product': 'WatchGuard firewall',
                                            'setting': 'ask the firewall administrator to turn off '
                                                       'SMTP/TLS content inspection for the mail '
                                                       'server'},
                                           {'match': 'Barracuda',
                                            'product': 'Barracuda firewall',
                                            'setting': 'ask the firewall administrator to exclude '
                                                       'the mail server from SSL inspection'},
                                           {'match': 'Check Point',
                                            'product': 'Check Point firewall',
                                            'setting': 'ask the firewall administrator to bypass '
                                                       'HTTPS/SSL inspection for the mail server'},
                                           {'match': 'SonicWall',
                                            'product': 'SonicWall firewall',
                                            'setting': 'ask the firewall administrator to exclude '
                                                       'the mail server from DPI-SSL'},
                                           {'match': 'Untangle',
                                            'product': 'Untangle / Arista Edge',
                                            'setting': 'ask the firewall administrator to exclude '
                                                       'the mail server from SSL inspection'},
                                           {'match': 'Webroot',
                                            'product': 'Webroot',
                                            'setting': 'turn off email scanning in Webroot or ask '
                                                       'its administrator'},
                                           {'match': 'Panda',
                                            'product': 'Panda / WatchGuard Endpoint',
                                            'setting': 'turn off email scanning in the Panda '
                                                       'settings'}]}}
