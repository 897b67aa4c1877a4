"""A self-signed certificate for 127.0.0.1 and localhost, made when the sandbox starts.

The key and certificate live in a temporary directory, never in the repository.
"""

import datetime
import ipaddress
import os
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed_pem():
    """(key PEM, certificate PEM) for a one-day certificate valid for 127.0.0.1 and localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'tenantkit-sandbox')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName('localhost'), x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def server_context():
    """An ssl.SSLContext serving a fresh self-signed certificate; its `ca_pem` is that
    certificate, for clients that trust it (ca_path)."""
    key_pem, cert_pem = self_signed_pem()
    with tempfile.TemporaryDirectory(prefix='tenantkit-tls-') as folder:
        key_path = os.path.join(folder, 'key.pem')
        cert_path = os.path.join(folder, 'cert.pem')
        with open(os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600), 'wb') as handle:
            handle.write(key_pem)
        with open(cert_path, 'wb') as handle:
            handle.write(cert_pem)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        # The context keeps the loaded key in memory; the files can go at once.
        context.load_cert_chain(cert_path, key_path)
    context.ca_pem = cert_pem
    return context
