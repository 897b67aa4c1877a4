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
    """Start every emulator; returns ({service: RunningEmulator}, {service: test data})."""
    ssl_context = None
    if tls:
        from .tls import server_context  # pylint: disable=import-outside-toplevel
        ssl_context = server_context()
    running, extra = {}, {}
    for service, cls in emulator_classes().items():
        running[service] = RunningEmulator(cls(), ssl_context=ssl_context).start()
        extra[service] = {'test': running[service].emulator.test_data()}
    return running, extra
