"""What the tests share: running a module in-process (modules), running
ansible-playbook against the sandbox (playbooks); the sandbox itself is the
`sandbox` package beside this one, and `service_env` is in tests/conftest.py."""
