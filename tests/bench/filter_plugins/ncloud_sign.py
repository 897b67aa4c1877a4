"""Baseline only: the signature v2 headers a user would compute for one Ncloud call.

Enabled through ANSIBLE_FILTER_PLUGINS for the baseline run of tests/bench/run.py;
it is not part of the collection.
"""

import base64
import hashlib
import hmac
import time


def ncloud_sign_headers(uri, method, access_key, secret_key):
    timestamp = str(int(time.time() * 1000))
    message = '%s %s\n%s\n%s' % (method, uri, timestamp, access_key)
    digest = hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).digest()
    return {'x-ncp-apigw-timestamp': timestamp, 'x-ncp-iam-access-key': access_key,
            'x-ncp-apigw-signature-v2': base64.b64encode(digest).decode('ascii')}


class FilterModule:
    def filters(self):
        return {'ncloud_sign_headers': ncloud_sign_headers}
