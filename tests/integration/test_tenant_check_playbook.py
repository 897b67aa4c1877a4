"""tenant_check through ansible-playbook: the role's way (the host's tenant variable, checked on
the controller) and the module's way (the tenant as its option) give the same result, with no
request to any service, on every supported ansible-core (`make matrix` runs this file on each)."""

import json
import os

from support.playbooks import OUTPUT, ROOT, run_playbook
from support.tenants import four_service_tenant

PLAYBOOK = os.path.join(ROOT, 'tests', 'integration', 'files', 'tenant_check.yml')


def test_the_role_s_way_and_the_module_s_way_give_the_same_result_with_no_request(fresh_sandbox):
    bad = four_service_tenant('both-ways')
    bad['apppot']['groups'][0]['name'] = ['a', 'list']
    bad['ncloud']['groups'] = [{'name': 'ops'}, {'name': 'OPS'}]
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, 'tenant_check_vars.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'bad_tenant': bad, 'good_tenant': four_service_tenant('both-ways')}, handle)
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + path])
    assert run.returncode == 0, run
    assert 'apppot.groups[0].name must be text, not a list' in run.output
    assert 'ncloud.groups[1] (OPS): the same as groups[0] (ops)' in run.output
    assert [name for name in fresh_sandbox.running if fresh_sandbox.emulator(name).log] == []
