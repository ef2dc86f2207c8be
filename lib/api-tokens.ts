// What the token form offers, safe in the browser (no zod): the schemas are in lib/validation/api-tokens.ts.

/** Days until a personal access token expires; 0 means it never does. */
export const API_TOKEN_LIFETIMES = [30, 90, 365, 0] as const;
