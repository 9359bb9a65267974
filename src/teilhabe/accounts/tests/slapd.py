"""A throw-away OpenLDAP server for the directory-login tests.

Debian's slapd with a configuration of its own (slapd.conf, mdb database) in a temporary
directory, loaded with slapadd, listening on free loopback ports: ldap:// (with StartTLS) and
ldaps://, with a certificate from a test CA made here by openssl. Nothing of the machine's own
slapd is used or touched."""

import base64
import hashlib
import io
import os
import shlex
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SLAPD = Path("/usr/sbin/slapd")
SLAPADD = Path("/usr/sbin/slapadd")
SCHEMAS = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")

SUFFIX = "dc=rotenburg,dc=example"
PEOPLE_DN = f"ou=people,{SUFFIX}"
SERVICE_DN = f"cn=teilhabe,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "Dienstkonto-Teilhabe-2026"


@dataclass(frozen=True)
class Person:
    uid: str
    given_name: str
    surname: str
    mail: str

    @property
    def password(self) -> str:
        return f"{self.uid}-Verzeichnis-2026"


# anna, jürgen and lange exist only in the directory; alice and admin also have local accounts
# in the tests (the persona and the installation's administrator), with other passwords.
PEOPLE = {
    p.uid: p
    for p in [
        Person("anna", "Anna", "Schmidt", "anna.schmidt@lk-row.example"),
        Person("juergen", "Jürgen", "Weiß", "juergen.weiss@lk-row.example"),
        Person("alice", "Alice", "Verzeichnis", "alice@lk-row.example"),
        Person("admin", "Adam", "Admin", "admin@lk-row.example"),
        # A surname longer than Django's 150 characters: the directory allows it.
        Person("lange", "Lara", "Lüdenscheidt-" * 15, "lara.lange@lk-row.example"),
    ]
}


def ssha(password: str) -> str:
    """The {SSHA} form slapd stores, so binds are checked against a hash as in a real directory."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Slapd:
    """Start with start(), stop with stop(); `uri`, `ldaps_uri` and `ca_file` for the settings."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port, self.tls_port = free_port(), free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.ldaps_uri = f"ldaps://127.0.0.1:{self.tls_port}"
        self.ca_file = str(directory / "ca.pem")
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self, **overrides: str) -> dict[str, str]:
        """The TEILHABE_LDAP_* variables an installation would set for this directory."""
        return {
            "TEILHABE_LDAP_URI": self.uri,
            "TEILHABE_LDAP_BIND_DN": SERVICE_DN,
            "TEILHABE_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "TEILHABE_LDAP_USER_BASE": PEOPLE_DN,
            **overrides,
        }

    def start(self) -> None:
        self._make_certificates()
        config = self.directory / "slapd.conf"
        config.write_text(self._config())
        (self.directory / "db").mkdir()
        ldif = self.directory / "entries.ldif"
        ldif.write_text(self._entries())
        subprocess.run([SLAPADD, "-q", "-f", config, "-l", ldif], check=True, capture_output=True)
        log = (self.directory / "slapd.log").open("wb")
        # -d 0: stay in the foreground (so the test owns the process) without debug output.
        self.process = subprocess.Popen(
            [SLAPD, "-f", config, "-h", f"{self.uri}/ {self.ldaps_uri}/", "-d", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_listening()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                log = (self.directory / "slapd.log").read_text(errors="replace")
                raise RuntimeError(f"slapd exited with {self.process.returncode}: {log}")
            try:
                with (
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
                    socket.create_connection(("127.0.0.1", self.tls_port), timeout=0.5),
                ):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("slapd did not start listening within 15 s")

    def _make_certificates(self) -> None:
        """A test CA and a server certificate for 127.0.0.1 signed by it (EC keys: fast)."""
        key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        (self.directory / "server.ext").write_text(
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        )
        for command in [
            f"req -x509 {key} -keyout ca.key -out ca.pem -days 2 -subj '/CN=Teilhabe Test CA'"
            " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign",
            f"req {key} -keyout server.key -out server.csr -subj /CN=127.0.0.1",
            "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem"
            " -days 2 -extfile server.ext",
        ]:
            subprocess.run(
                ["openssl", *shlex.split(command)],
                check=True,
                capture_output=True,
                cwd=self.directory,
            )

    def _config(self) -> str:
        d = self.directory
        return f"""\
include {SCHEMAS}/core.schema
include {SCHEMAS}/cosine.schema
include {SCHEMAS}/inetorgperson.schema
modulepath {MODULES}
moduleload back_mdb
pidfile {d}/slapd.pid
argsfile {d}/slapd.args
TLSCACertificateFile {d}/ca.pem
TLSCertificateFile {d}/server.pem
TLSCertificateKeyFile {d}/server.key

database mdb
suffix "{SUFFIX}"
rootdn "cn=root,{SUFFIX}"
directory {d}/db
# As in a district's directory: passwords can only be checked by a bind; only the service
# account (and each person, for their own entry) may read.
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{SERVICE_DN}" read by self read by * none
"""

    def _entries(self) -> str:
        from ldif import LDIFWriter  # python-ldap; it writes base64 for values such as "Weiß"

        out = io.StringIO()
        writer = LDIFWriter(out)

        def entry(dn: str, **attributes: str | list[str]) -> None:
            values = {k: v if isinstance(v, list) else [v] for k, v in attributes.items()}
            writer.unparse(dn, {k: [v.encode() for v in vs] for k, vs in values.items()})

        entry(SUFFIX, objectClass=["dcObject", "organization"], dc="rotenburg", o="Landkreis")
        entry(f"ou=services,{SUFFIX}", objectClass="organizationalUnit", ou="services")
        entry(
            SERVICE_DN,
            objectClass=["organizationalRole", "simpleSecurityObject"],
            cn="teilhabe",
            userPassword=ssha(SERVICE_PASSWORD),
        )
        entry(PEOPLE_DN, objectClass="organizationalUnit", ou="people")
        for p in PEOPLE.values():
            entry(
                f"uid={p.uid},{PEOPLE_DN}",
                objectClass="inetOrgPerson",
                uid=p.uid,
                cn=f"{p.given_name} {p.surname}",
                givenName=p.given_name,
                sn=p.surname,
                mail=p.mail,
                userPassword=ssha(p.password),
            )
        return out.getvalue()
