"""A small but real SMTP server for tests, in a thread: it speaks the protocol over TCP as a
mail server does, keeps what it accepts, and refuses chosen recipients with 550 as a server
that knows no such mailbox does. Python 3.13 no longer ships smtpd."""

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class MailServer:
    host: str = "127.0.0.1"
    port: int = 0
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    received: list[Received] = field(default_factory=list)


def _address(argument: str) -> str:
    return argument.split(":", 1)[1].strip().split()[0].strip("<>")


class _Session(socketserver.StreamRequestHandler):
    server: "_Server"

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sender, recipients = "", list[str]()
        self.reply("220 teilhabe-test ESMTP")
        while raw := self.rfile.readline():
            verb, _, argument = raw.decode().rstrip("\r\n").partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-teilhabe-test")
                self.reply("250 8BITMIME")
            elif verb == "HELO" or verb in ("NOOP", "RSET"):
                sender, recipients = ("", []) if verb == "RSET" else (sender, recipients)
                self.reply("250 OK")
            elif verb == "MAIL":
                sender, recipients = _address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = _address(argument)
                if address in self.server.mail.refuse:
                    self.reply(f"550 5.1.1 <{address}>: mailbox unknown")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.mail.received.append(Received(sender, recipients, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mail: MailServer


def start(mail: MailServer) -> tuple[_Server, threading.Thread]:
    server = _Server((mail.host, mail.port), _Session)
    server.mail = mail
    mail.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def mailers(mail: MailServer) -> dict[str, dict[str, object]]:
    """The MAILERS setting that sends through this server."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": mail.host, "port": mail.port, "use_tls": False, "timeout": 5},
        }
    }
