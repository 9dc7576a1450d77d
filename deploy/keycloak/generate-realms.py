#!/usr/bin/env python3
# Writes the three jurisdictions' realms from the tables below, in two sets (edit here, run, commit
# all; see deploy/keycloak/README.md). Standard library only.
#   realms/<code>.json       for a deployment: no users (only the relay's service account), no direct
#                            grant, no relay secret (Keycloak makes one at import), the console's URL
#                            as a placeholder WITHOUT a default (check-placeholders.sh refuses to start
#                            Keycloak while it is unset; KeycloakRealmImport: spec.placeholders)
#   realms-demo/<code>.json  for the local federation and the e2e tests: the demo users (one per role,
#                            named after the seeds' units), direct grant on the console, localhost
#                            redirects; their secret and password are placeholders without a default
#                            too, which the launcher and the tests pass explicitly
import json, os
J = {
 "330881": ("江山市公安局", "jiangshan", [
   ("tanshi-investigator", "investigator", "坛石派出所", "周", "建国"),
   ("jiangshan-analyst", "analyst", "江山市公安局情报指挥中心", "徐", "丽"),
   ("sanshan-mediator", "mediator", "三山边界社会治理中心", "毛", "卫东"),
   ("jiangshan-commander", "commander", "江山市公安局指挥中心", "姜", "涛"),
   ("jiangshan-integrator", "integrator", "江山市公安局科技信息化大队", "祝", "强")]),
 "350722": ("浦城县公安局", "pucheng", [
   ("pucheng-investigator", "investigator", "浦城县公安局刑侦大队", "吴", "斌"),
   ("pucheng-analyst", "analyst", "浦城县公安局情报指挥中心", "陈", "芳"),
   ("pucheng-mediator", "mediator", "浦城县公安局治安大队", "刘", "明"),
   ("pucheng-commander", "commander", "浦城县公安局指挥中心", "黄", "伟"),
   ("pucheng-integrator", "integrator", "浦城县公安局科技信息化大队", "林", "杰")]),
 "361103": ("上饶市广丰区公安局", "guangfeng", [
   ("guangfeng-investigator", "investigator", "广丰区公安局刑侦大队", "王", "磊"),
   ("guangfeng-analyst", "analyst", "广丰区公安局情报指挥中心", "张", "敏"),
   ("guangfeng-mediator", "mediator", "广丰区公安局治安大队", "李", "华"),
   ("guangfeng-commander", "commander", "广丰区公安局指挥中心", "杨", "勇"),
   ("guangfeng-integrator", "integrator", "广丰区公安局科技信息化大队", "赵", "刚")]),
}
GATEWAYS = {"330881": 8084, "350722": 9084, "361103": 10084}
ROLES = {
 "investigator": "侦查员: files and works joint cases and assistance requests (联打)",
 "analyst": "情报分析员: reads and publishes alerts, searches (联防)",
 "mediator": "调解员: works border disputes (联调)",
 "commander": "指挥员: approves, escalates, transfers; reads statistics",
 "integrator": "系统集成: calls the APIs for another system",
 "peer": "a partner jurisdiction's relay (gRPC peer tokens); only the client border-relay has it",
}
def user_attr_mapper(name):
    return {"name": name, "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
            "config": {"user.attribute": name, "claim.name": name, "jsonType.label": "String",
                       "access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true",
                       "introspection.token.claim": "true", "multivalued": "false"}}
def audience_scope(code):
    return {"name": "border-" + code, "protocol": "openid-connect",
            "description": "Audience of jurisdiction %s: a token for its services (one audience per token)" % code,
            "attributes": {"include.in.token.scope": "true", "display.on.consent.screen": "false"},
            "protocolMappers": [{"name": "audience border-" + code, "protocol": "openid-connect",
                                 "protocolMapper": "oidc-audience-mapper",
                                 "config": {"included.custom.audience": "border-" + code,
                                            "access.token.claim": "true", "id.token.claim": "false",
                                            "introspection.token.claim": "true"}}]}
# a deployment's users come from the bureau's directory; these rules hold for any it adds (review C3)
PASSWORD_POLICY = "length(12) and notUsername(undefined) and passwordHistory(5)"
def realm(code, name, users, demo):
    partners = [c for c in J if c != code]
    realm = "border-" + code
    if demo:
        redirects = []
        for c, port in GATEWAYS.items():
            redirects += ["http://localhost:%d/*" % port, "http://localhost:%d/*" % (port + 100)]
        # the e2e suite's gateways on free ports of 127.0.0.1: Keycloak takes any port of a loopback
        # redirect registered without one (RFC 8252 7.3)
        redirects += ["http://127.0.0.1/*"]
        post_logout = "+"
    else:
        # exactly the gateway's login callback (/console/login) and, after logout, the console
        # (/console/): no other path of the host may receive a code (review 28 S8)
        redirects = ["${BORDER_CONSOLE_URL}/login"]
        post_logout = "${BORDER_CONSOLE_URL}/"
    people = [
        {"username": u, "enabled": True, "emailVerified": True,
         "firstName": first_name, "lastName": last_name, "email": "%s@%s.border.example" % (u, code),
         "attributes": {"jurisdiction": [code], "unit": [unit]},
         "credentials": [{"type": "password", "value": "${BORDER_DEMO_PASSWORD}", "temporary": False}],
         "realmRoles": [role]}
        for (u, role, unit, last_name, first_name) in users] if demo else []
    return {
      "realm": realm,
      "displayName": "%s %s" % (name, code),
      "enabled": True,
      "sslRequired": "external",
      "registrationAllowed": False,
      "resetPasswordAllowed": False,
      "editUsernameAllowed": False,
      "loginWithEmailAllowed": False,
      "accessTokenLifespan": 300,
      "accessTokenLifespanForImplicitFlow": 300,
      "ssoSessionIdleTimeout": 1800,
      "ssoSessionMaxLifespan": 36000,
      "accessCodeLifespan": 60,
      "defaultSignatureAlgorithm": "RS256",
      "revokeRefreshToken": True,
      "refreshTokenMaxReuse": 0,
      "bruteForceProtected": True,
      "bruteForceStrategy": "MULTIPLE",
      "permanentLockout": False,
      "failureFactor": 5,
      "waitIncrementSeconds": 300,
      "maxFailureWaitSeconds": 900,
      "maxDeltaTimeSeconds": 43200,
      "quickLoginCheckMilliSeconds": 1000,
      "minimumQuickLoginWaitSeconds": 60,
      "passwordPolicy": PASSWORD_POLICY,
      "internationalizationEnabled": True,
      "supportedLocales": ["zh-CN", "en"],
      "defaultLocale": "zh-CN",
      "roles": {"realm": [{"name": r, "description": d} for r, d in ROLES.items()]
                          + [{"name": "default-roles-" + realm, "description": "every user's default: no access of its own", "composite": False}]},
      "defaultRole": {"name": "default-roles-" + realm, "composite": False, "clientRole": False},
      "clientScopes": [
        {"name": "basic", "protocol": "openid-connect", "description": "The subject",
         "attributes": {"include.in.token.scope": "false", "display.on.consent.screen": "false"},
         "protocolMappers": [{"name": "sub", "protocol": "openid-connect", "protocolMapper": "oidc-sub-mapper",
                              "config": {"access.token.claim": "true", "introspection.token.claim": "true"}},
                             {"name": "auth_time", "protocol": "openid-connect", "protocolMapper": "oidc-usersessionmodel-note-mapper",
                              "config": {"user.session.note": "AUTH_TIME", "claim.name": "auth_time", "jsonType.label": "long",
                                         "id.token.claim": "true", "access.token.claim": "true", "introspection.token.claim": "true"}}]},
        {"name": "border-claims", "protocol": "openid-connect",
         "description": "What the suite's services read: jurisdiction, unit, roles (as groups), user name",
         "attributes": {"include.in.token.scope": "false", "display.on.consent.screen": "false"},
         "protocolMappers": [
            user_attr_mapper("jurisdiction"), user_attr_mapper("unit"),
            {"name": "groups", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-realm-role-mapper",
             "config": {"claim.name": "groups", "multivalued": "true", "jsonType.label": "String",
                        "access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true",
                        "introspection.token.claim": "true"}},
            {"name": "preferred_username", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
             "config": {"user.attribute": "username", "claim.name": "preferred_username", "jsonType.label": "String",
                        "access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true",
                        "introspection.token.claim": "true"}},
            {"name": "name", "protocol": "openid-connect", "protocolMapper": "oidc-full-name-mapper",
             "config": {"access.token.claim": "false", "id.token.claim": "true", "userinfo.token.claim": "true",
                        "introspection.token.claim": "true"}}]
            # the parts too, in the ID token only: the console writes a Han name family first (徐丽)
            + [{"name": claim, "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-property-mapper",
                "config": {"user.attribute": attribute, "claim.name": claim, "jsonType.label": "String",
                           "access.token.claim": "false", "id.token.claim": "true", "userinfo.token.claim": "true",
                           "introspection.token.claim": "false"}}
               for claim, attribute in (("family_name", "lastName"), ("given_name", "firstName"))]},
      ] + [audience_scope(c) for c in sorted(J)],
      "defaultDefaultClientScopes": ["basic", "border-claims"],
      "defaultOptionalClientScopes": [],
      "clients": [
        {"clientId": "border-console", "name": "跨界四联 console and demo logins",
         "description": ("Public client of the users: authorization code with PKCE (S256); direct grant for the demo and tests only"
                         if demo else "Public client of the users: authorization code with PKCE (S256)"),
         "enabled": True, "publicClient": True, "protocol": "openid-connect",
         "standardFlowEnabled": True, "implicitFlowEnabled": False,
         "directAccessGrantsEnabled": demo, "serviceAccountsEnabled": False,
         "redirectUris": redirects, "webOrigins": ["+"],
         "attributes": {"pkce.code.challenge.method": "S256", "post.logout.redirect.uris": post_logout},
         "fullScopeAllowed": True,
         "defaultClientScopes": ["basic", "border-claims"],
         "optionalClientScopes": ["border-" + c for c in sorted(J)]},
        {"clientId": "border-relay", "name": "relay of %s (gRPC peer tokens)" % name,
         "description": "Service account of this jurisdiction's services toward its partners: one token per partner, asked with scope border-<partner>",
         "enabled": True, "publicClient": False, "protocol": "openid-connect",
         "clientAuthenticatorType": "client-secret",
         # demo only: the launcher and the tests pass it. A deployment realm has no secret: Keycloak
         # makes a random one at import that nobody else knows (an unresolved placeholder would be
         # imported as its literal text, review 26 M4); the operator reads it once with kcadm into
         # the services' Secret (k8s/README.md)
         **({"secret": "${BORDER_RELAY_SECRET_%s}" % code} if demo else {}),
         "standardFlowEnabled": False, "implicitFlowEnabled": False,
         "directAccessGrantsEnabled": False, "serviceAccountsEnabled": True,
         "fullScopeAllowed": True,
         "defaultClientScopes": ["basic", "border-claims"],
         "optionalClientScopes": ["border-" + c for c in partners]},
      ],
      "users": [
        {"username": "service-account-border-relay", "enabled": True, "serviceAccountClientId": "border-relay",
         "attributes": {"jurisdiction": [code], "unit": [name]},
         "realmRoles": ["peer"]}] + people,
      "components": {"org.keycloak.userprofile.UserProfileProvider": [{
         "providerId": "declarative-user-profile", "subComponents": {},
         "config": {"kc.user.profile.config": [json.dumps({
            "unmanagedAttributePolicy": "ADMIN_VIEW",
            "attributes": [
              {"name": "username", "displayName": "username", "validations": {"length": {"min": 3, "max": 255}, "username-prohibited-characters": {}, "up-username-not-idn-homograph": {}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False},
              {"name": "email", "displayName": "email", "validations": {"email": {}, "length": {"max": 255}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False},
              {"name": "firstName", "displayName": "firstName", "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False},
              {"name": "lastName", "displayName": "lastName", "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False},
              {"name": "jurisdiction", "displayName": "辖区 jurisdiction (GB/T 2260 code)", "validations": {"pattern": {"pattern": "^[0-9]{6}$", "error-message": "six digits"}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False},
              {"name": "unit", "displayName": "单位 unit", "validations": {"length": {"max": 100}}, "permissions": {"view": ["admin", "user"], "edit": ["admin"]}, "multivalued": False}],
            "groups": []}, ensure_ascii=False)]}}]},
    }
for code, (name, short, users) in J.items():
    for directory, demo in (("realms", False), ("realms-demo", True)):
        out = os.path.join(os.path.dirname(os.path.abspath(__file__)), directory, "%s.json" % code)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w") as f:
            json.dump(realm(code, name, users, demo), f, ensure_ascii=False, indent=2)
            f.write("\n")
# The Kubernetes overlays' KeycloakRealmImport (k8s/overlays/<short>-<code>), the deployment realm as
# the Keycloak operator takes it: written from the same realm, never edited by hand (k8s-validation's
# tests check that each holds exactly realms/<code>.json). The console's URL comes from a Secret.
for code, (name, short, users) in J.items():
    overlay = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "k8s", "overlays",
                           "%s-%s" % (short, code))
    os.makedirs(overlay, exist_ok=True)
    resource = {"apiVersion": "k8s.keycloak.org/v2alpha1", "kind": "KeycloakRealmImport",
                "metadata": {"name": "border-" + code},
                "spec": {"keycloakCRName": "border-idp",
                         "placeholders": {"BORDER_CONSOLE_URL": {"secret": {"name": "border-console", "key": "url"}}},
                         "realm": realm(code, name, users, False)}}
    with open(os.path.join(overlay, "keycloak-realm-import.yaml"), "w") as f:
        f.write("# Written by deploy/keycloak/generate-realms.py from deploy/keycloak/realms/%s.json: do not edit.\n" % code)
        json.dump(resource, f, ensure_ascii=False, indent=2)
        f.write("\n")
print("wrote realms/ and realms-demo/:", ", ".join(sorted(J)), "and the overlays' keycloak-realm-import.yaml")
