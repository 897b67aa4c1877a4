"""Tenant variables as a tenant file holds them, for tests that run the tenant setup."""

CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


def four_service_tenant(name, user_profile=None, connections=None):
    """A tenant on all four services: a SignTogether group with a sub-group, an AppPot group,
    an Ncloud user and the Security365 app service. `connections` ({section: connection})
    are its own accounts; sections without one use the environment's."""
    user = {'login_id': 'admin@%s.example' % name}
    if user_profile:
        user['user_profile'] = user_profile
    tenant = {
        'name': name,
        'signtogether': {'groups': [
            {'name': name, 'level': 1, 'user_consent': dict(CONSENT),
             'admin_user': {'email': 'admin@%s.example' % name, 'name': 'Admin', 'login_id': name + '-admin'}},
            {'name': name + '-sales', 'parent': name, 'level': 2, 'user_consent': dict(CONSENT),
             'admin_user': {'email': 'sales@%s.example' % name, 'name': 'Sales', 'login_id': name + '-sales'}}]},
        'apppot': {'groups': [{'name': name + '-staff', 'description': 'staff of ' + name}]},
        'ncloud': {'users': [user]},
        'security365': {'app': {'state': 'present'}},
    }
    for section, connection in (connections or {}).items():
        tenant[section]['connection'] = connection
    return tenant
