"""One congress's provider as an Authlib Flask client, made per request from its row: discovery,
state, nonce and PKCE (S256) are Authlib's; the ID token's issuer and audience are pinned here."""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app, request, url_for
from joserfc.errors import JoseError

from tracker.domain.accounts.sso import DISCOVERY
from tracker.models import SsoProvider
from tracker.security import unseal

# What a provider's wrong or forged answer raises: a refusal (400), never a 500. ValueError and
# KeyError: a malformed token or a JSON answer without a field Authlib reads.
REFUSED = (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError)
UNREACHABLE = (requests.RequestException,)  # the provider is down or slow: 503, try again later
NAME = "sso"  # the key of Authlib's state data in the session (one flow at a time)


class Misconfigured(Exception):
    """The provider's saved settings cannot be used (its secret was sealed under another app key, or
    its discovery names another issuer): the administrator has to save them again."""


def callback_url() -> str:
    """The one redirect URI to register at every provider: the configured public address, else this
    request's (behind a proxy that rewrites the host, set TRACKER_SSO_REDIRECT_URI)."""
    return current_app.config["SSO_REDIRECT_URI"] or url_for("sso.callback", _external=True)


def client_for(provider: SsoProvider) -> FlaskOAuth2App:
    secret = unseal(current_app.config["SECRET_KEY"], provider.client_secret_sealed)
    if secret is None:
        raise Misconfigured
    timeout = current_app.config["SSO_TIMEOUT_SECONDS"]
    return FlaskOAuth2App(FlaskIntegration(NAME), NAME, client_id=provider.client_id,
                          client_secret=secret, server_metadata_url=provider.issuer + DISCOVERY,
                          client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256",
                                         "default_timeout": timeout})


NEEDED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


def checked_metadata(client: FlaskOAuth2App, provider: SsoProvider) -> None:
    """Discovery must name the issuer the administrator configured (OpenID Discovery 1.0 §4.3) and
    the endpoints the code flow uses (Authlib would raise a bare RuntimeError without them)."""
    metadata = client.load_server_metadata()
    if metadata.get("issuer") != provider.issuer or not all(metadata.get(k) for k in NEEDED):
        raise Misconfigured


def token_of(client: FlaskOAuth2App, provider: SsoProvider) -> dict:
    """The callback's code exchanged (with the PKCE verifier) and its ID token checked: signature by
    the provider's JWKS, issuer, audience (our client id), expiry, nonce; `userinfo` holds its claims."""
    sent_iss = request.args.get("iss")  # RFC 9207: a provider that names itself must be ours
    if sent_iss is not None and sent_iss != provider.issuer:
        raise ValueError("authorization response from another issuer")
    options = {"iss": {"essential": True, "value": provider.issuer},
               "aud": {"essential": True, "value": provider.client_id},
               "sub": {"essential": True}, "exp": {"essential": True}}
    token = client.authorize_access_token(claims_options=options, leeway=60)
    if not token.get("userinfo") or not token["userinfo"].get("sub"):
        raise ValueError("no ID token in the provider's answer")
    return token
