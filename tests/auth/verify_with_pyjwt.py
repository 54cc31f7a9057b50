#!/usr/bin/env python3
"""Verifies an access token with PyJWT, a JWT library independent of ours.

Usage: verify_with_pyjwt.py JWKS_FILE TOKEN_FILE ISSUER AUDIENCE
Prints the verified claims as JSON and exits 0, or prints why and exits 1. The algorithm is
pinned to ES256 and the key is chosen by the token's kid, as our verifier does.
"""
import json
import sys

import jwt

jwks_file, token_file, issuer, audience = sys.argv[1:5]
jwks = json.load(open(jwks_file))
token = open(token_file).read().strip()
kid = jwt.get_unverified_header(token).get("kid")
matching = [k for k in jwks["keys"] if k.get("kid") == kid]
if not matching:
    print(f"no key with kid {kid!r} in the JWKS")
    sys.exit(1)
key = jwt.PyJWK(matching[0])
try:
    claims = jwt.decode(token, key.key, algorithms=["ES256"], issuer=issuer, audience=audience,
                        options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]})
except jwt.PyJWTError as e:
    print(f"refused: {e}")
    sys.exit(1)
print(json.dumps(claims))
