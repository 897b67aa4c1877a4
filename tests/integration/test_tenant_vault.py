"""A tenant file whose every secret is inline-vaulted (`!vault`, as the README advises) converges
through tenant_setup.yml and through a team's own include_role, on every supported ansible-core
(`make matrix` runs this file on each): the first run writes, the second writes nothing."""

import os
import secrets

import yaml

from support.playbooks import OUTPUT, ROOT, Vaulted, VaultDumper, run_playbook, vault_encrypt
from support.tenants import four_service_tenant, sandbox_connections

PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
SECRET_KEYS = ('api_key', 'password', 'app_key', 'access_key', 'secret_key', 'token')


def vaulted_tenant_file(sandbox, vault_password):
    """OUTPUT/vaulted_tenant.yml: {tenant: ...} with every credential and the admin password as !vault."""
    plain = {'admin_password': 'Vaulted-admin-' + secrets.token_urlsafe(8)}
    sections = sandbox_connections(sandbox)
    for section, connection in sections.items():
        plain.update(('%s.%s' % (section, key), value) for key, value in connection.items() if key in SECRET_KEYS)
    ciphertexts = vault_encrypt(vault_password, plain)
    for name, ciphertext in ciphertexts.items():
        if '.' in name:
            section, key = name.split('.')
            sections[section][key] = Vaulted(ciphertext)
    tenant = four_service_tenant('vaulted', connections=sections)
    tenant['signtogether']['groups'][0]['admin_user']['password'] = Vaulted(ciphertexts['admin_password'])
    path = os.path.join(OUTPUT, 'vaulted_tenant.yml')
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.dump({'tenant': tenant}, handle, Dumper=VaultDumper, sort_keys=False)
    return path, plain


def writes(sandbox):
    return dict((name, sum(1 for entry in sandbox.emulator(name).log if entry['kind'] == 'write')) for name in sandbox.running)


def test_a_vaulted_tenant_converges_through_the_playbook_and_through_include_role(fresh_sandbox):
    os.makedirs(OUTPUT, exist_ok=True)
    vault_password = 'Vault-' + secrets.token_urlsafe(12)
    password_file = os.path.join(OUTPUT, 'vaulted_tenant_password')
    with open(password_file, 'w', encoding='utf-8') as handle:
        handle.write(vault_password + '\n')
    tenant_file, plain = vaulted_tenant_file(fresh_sandbox, vault_password)
    vault = ['--vault-password-file', password_file]

    first = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant_file] + vault, with_credentials=False)
    assert first.returncode == 0, first
    assert first.recap()['localhost']['changed'] > 0, first
    assert all(count > 0 for count in writes(fresh_sandbox).values()), writes(fresh_sandbox)

    own_role = os.path.join(OUTPUT, 'vaulted_own_role.yml')
    with open(own_role, 'w', encoding='utf-8') as handle:
        yaml.safe_dump([{'name': "A team's own tenant set-up", 'hosts': 'localhost', 'gather_facts': False,
                         'vars_files': [tenant_file],
                         'tasks': [{'name': "Apply the collection's tenant role",
                                    'ansible.builtin.include_role': {'name': 'tenantkit.saas.tenant'}}]}], handle)
    for name in fresh_sandbox.running:
        fresh_sandbox.emulator(name).log = []
    second = run_playbook(fresh_sandbox, own_role, vault, with_credentials=False)
    assert second.returncode == 0, second
    assert second.recap()['localhost']['changed'] == 0, second
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)
    for output in (first.output, second.output):
        assert not [name for name, value in plain.items() if value in output]
