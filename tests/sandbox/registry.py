"""The emulators the sandbox serves, each on its own port on 127.0.0.1."""

import importlib
import os

from .frame import RunningEmulator

# service name -> (module in this package, emulator class)
EMULATORS = {
    'apppot': ('apppot', 'AppPotEmulator'),
    'ncloud_sso': ('ncloud_sso', 'NcloudSsoEmulator'),
    'signtogether': ('signtogether', 'SignTogetherEmulator'),
    'security365': ('security365', 'Security365Emulator'),
}
HERE = os.path.dirname(os.path.abspath(__file__))


def emulator_classes():
    """The emulator classes whose modules exist, by service name."""
    classes = {}
    for service, (module_name, class_name) in EMULATORS.items():
        if os.path.exists(os.path.join(HERE, module_name + '.py')):
            module = importlib.import_module('.' + module_name, __package__)
            classes[service] = getattr(module, class_name)
    return classes


def start_all(tls=False):
    """Start every emulator; returns ({service: RunningEmulator}, {service: test data}, the
    PEM of the certificate served over TLS or None)."""
    ssl_context = None
    if tls:
        from .tls import server_context  # pylint: disable=import-outside-toplevel
        ssl_context = server_context()
    running, extra = {}, {}
    for service, cls in emulator_classes().items():
        running[service] = RunningEmulator(cls(), ssl_context=ssl_context).start()
        extra[service] = {'test': running[service].emulator.test_data()}
    return running, extra, ssl_context.ca_pem if ssl_context else None


class Sandbox:
    """Every emulator running in this process, as tests use them."""

    def __init__(self, tls=False):
        self.running, self.extra, self.ca_pem = start_all(tls=tls)

    def url(self, service):
        return self.running[service].url

    def emulator(self, service):
        return self.running[service].emulator

    def env(self):
        """Every service's credential environment variables."""
        merged = {}
        for server in self.running.values():
            merged.update(server.emulator.credentials(server.url))
        return merged

    def config(self):
        """The integration_config.yml contents: URLs and test data per service."""
        return {'sandbox': dict((name, {'url': server.url, 'test': self.extra[name]['test'],
                                        'env': server.emulator.credentials(server.url)})
                                for name, server in self.running.items())}

    def reset(self):
        for server in self.running.values():
            server.emulator.reset()

    def stop(self):
        for server in self.running.values():
            server.stop()
