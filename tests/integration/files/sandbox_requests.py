"""Send the sandbox control requests a JSON file lists: [[method, url, body or null], ...].
tests/integration/test_examples.py runs it between plays (through a pipe lookup) to reset the sandbox."""

import json
import sys
import urllib.request


def main(path):
    with open(path, encoding='utf-8') as handle:
        requests = json.load(handle)
    for method, url, body in requests:
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as answer:  # nosec: the sandbox on 127.0.0.1
            answer.read()
    print('%d sandbox requests sent' % len(requests))


if __name__ == '__main__':
    main(sys.argv[1])
