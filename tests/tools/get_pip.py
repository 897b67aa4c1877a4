"""Stand-in for ansible-test's pip bootstrap script, which it would download
from a host this machine cannot reach: install pip with ensurepip, then run
`pip install` with the arguments ansible-test passes."""

import subprocess
import sys

PIP_INSTALL_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    args = [arg for arg in sys.argv[1:] if arg not in PIP_INSTALL_ONLY]
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    main()
