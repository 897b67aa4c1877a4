"""Tenant variables as a tenant file holds them, for tests that run the tenant setup."""

# Environment variable -> (tenant section, connection key).
CONNECTION_KEYS = {
    'SIGNTOGETHER_BASE_URL': ('signtogether', 'base_url'), 'SIGNTOGETHER_API_KEY': ('signtogether', 'api_key'),
    'APPPOT_BASE_URL': ('apppot', 'base_url'), 'APPPOT_COMPANY_ID': ('apppot', 'company_id'),
    'APPPOT_APP_ID': ('apppot', 'app_id'), 'APPPOT_APP_VERSION': ('apppot', 'app_version'),
    'APPPOT_USERNAME': ('apppot', 'username'), 'APPPOT_PASSWORD': ('apppot', 'password'),
    'APPPOT_APP_KEY': ('apppot', 'app_key'),
    'NCLOUD_ACCESS_KEY': ('ncloud', 'access_key'), 'NCLOUD_SECRET_KEY': ('ncloud', 'secret_key'),
    'NCLOUD_SSO_API_URL': ('ncloud', 'api_url'),
    'SECURITY365_BASE_URL': ('security365', 'base_url'), 'SECURITY365_COMPANY_ID': ('security365', 'company_id'),
    'SECURITY365_TOKEN': ('security365', 'token'),
}


def sandbox_connections(sandbox):
    """Each service section's `connection`: the sandbox's accounts, as a tenant file holds them."""
    sections = {}
    for variable, value in sandbox.env().items():
        section, key = CONNECTION_KEYS[variable]
        sections.setdefault(section, {})[key] = value
    return sections


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
