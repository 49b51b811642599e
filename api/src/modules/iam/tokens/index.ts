/** API tokens (`opst_…`): issue, list, revoke, rotate; the verifier IAM's authenticator hands such bearers to. */
export { createTokens, type Tokens, type TokenInput, type IssuedToken } from "./tokens.service.ts";
export { tokensRoutes, TOKENS_MANAGE } from "./tokens.routes.ts";
export { createTokenVerifier, tokenOf, API_TOKEN_PREFIX, type TokenIdentity } from "./tokens.verify.ts";
export { scopesReadTable, isReadScope } from "./tokens.scopes.ts";
